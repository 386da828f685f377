import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { NOT_UTF8_MESSAGE, parseForm } from './body-parsers.js';

/*
 * Bodies that are not UTF-8 are refused with a 400 before anything runs, instead of being stored
 * with replacement characters where the letters were ("Ren\xe9e" is "Renée" in Latin-1).
 */

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let participantId: string;

const LATIN1_RENEE = Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x65]);

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Wetherden');
  facilitator = await t.signedIn(org.users.perpetrator);
  const created = await facilitator.request('POST', '/api/v1/participants', {
    json: { givenName: 'Lysander', familyName: 'Pemberthy', status: 'assessment' },
  });
  participantId = created.json<{ participant: { id: string } }>().participant.id;
});
afterAll(() => t?.close());

async function notesAbout(word: string): Promise<number> {
  const rows = await t.database.db.selectFrom('perpetrator_case_notes').select('id').where('body', 'like', `%${word}%`).execute();
  return rows.length;
}

async function participantsNamed(familyName: string): Promise<number> {
  const rows = await t.database.db
    .selectFrom('participants')
    .select('id')
    .where('family_name', 'like', `${familyName}%`)
    .execute();
  return rows.length;
}

function post(url: string, contentType: string, payload: Buffer) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: facilitator.cookieHeader(),
      'content-type': contentType,
      accept: url.startsWith('/api/') ? 'application/json' : 'text/html',
    },
    payload,
  });
}

describe('a form body', () => {
  it('with a Latin-1 byte gets a 400 page that says what is wrong, and nothing is stored', async () => {
    const csrf = await facilitator.csrfToken('/account');
    const payload = Buffer.concat([
      Buffer.from(`_csrf=${encodeURIComponent(csrf)}&body=Spoke+with+`),
      LATIN1_RENEE,
      Buffer.from('+about+the+group'),
    ]);
    const response = await post(`/participants/${participantId}/notes`, 'application/x-www-form-urlencoded', payload);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('not valid UTF-8');
    expect(await notesAbout('about the group')).toBe(0);
  });

  it('with a Latin-1 letter percent-escaped ("Ren%E9e") gets a 400 too', async () => {
    const csrf = await facilitator.csrfToken('/account');
    const payload = Buffer.from(`_csrf=${encodeURIComponent(csrf)}&body=Spoke+with+Ren%E9e+on+Tuesday`);
    const response = await post(`/participants/${participantId}/notes`, 'application/x-www-form-urlencoded', payload);

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('not valid UTF-8');
    expect(await notesAbout('on Tuesday')).toBe(0);
  });

  it('in UTF-8, raw or percent-escaped, is saved as sent', async () => {
    const csrf = await facilitator.csrfToken('/account');
    const raw = await post(
      `/participants/${participantId}/notes`,
      'application/x-www-form-urlencoded',
      Buffer.from(`_csrf=${encodeURIComponent(csrf)}&body=Renée+came+to+the+open+evening`, 'utf8'),
    );
    const escaped = await post(
      `/participants/${participantId}/notes`,
      'application/x-www-form-urlencoded',
      Buffer.from(`_csrf=${encodeURIComponent(csrf)}&body=Ren%C3%A9e+rang+about+the+open+evening`),
    );

    expect(raw.statusCode).toBe(303);
    expect(escaped.statusCode).toBe(303);
    const saved = await t.database.db
      .selectFrom('perpetrator_case_notes')
      .select('body')
      .where('body', 'like', '%open evening')
      .orderBy('body')
      .execute();
    expect(saved.map((row) => row.body)).toEqual(['Renée came to the open evening', 'Renée rang about the open evening']);
  });

  it('is read as before: repeated names become a list, "+" a space, and "__proto__" just a field', () => {
    const fields = parseForm(Buffer.from('day=mon&day=wed&note=two+words&__proto__=x&empty='));

    expect(fields).toEqual({ day: ['mon', 'wed'], note: 'two words', ['__proto__']: 'x', empty: '' });
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  });
});

describe('a JSON body', () => {
  it('with a Latin-1 byte gets a 400 with the message, and nothing is stored', async () => {
    const payload = Buffer.concat([
      Buffer.from('{"givenName":"'),
      LATIN1_RENEE,
      Buffer.from('","familyName":"Latimer-Vance","status":"assessment"}'),
    ]);
    const response = await post('/api/v1/participants', 'application/json', payload);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'invalid', message: NOT_UTF8_MESSAGE, fields: {} } });
    expect(await participantsNamed('Latimer-Vance')).toBe(0);
  });

  it('in UTF-8 is saved as sent, and bad JSON is still "not valid JSON"', async () => {
    const saved = await post(
      '/api/v1/participants',
      'application/json',
      Buffer.from(JSON.stringify({ givenName: 'Renée', familyName: 'Latimer-Vance', status: 'assessment' }), 'utf8'),
    );
    const broken = await post('/api/v1/participants', 'application/json', Buffer.from('{"givenName":'));

    expect(saved.statusCode).toBe(201);
    expect(await participantsNamed('Latimer-Vance')).toBe(1);
    expect(broken.statusCode).toBe(400);
    expect(broken.json<{ error: { message: string } }>().error.message).toBe('The request body is not valid JSON');
  });

  it('still refuses prototype poisoning', async () => {
    const response = await post(
      '/api/v1/participants',
      'application/json',
      Buffer.from('{"givenName":"Ivo","familyName":"Poisonby","status":"assessment","__proto__":{"admin":true}}'),
    );

    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toBe('The request body is not valid JSON');
    expect(await participantsNamed('Poisonby')).toBe(0);
  });
});
