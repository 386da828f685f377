import { beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { t, org, facilitator, count, validForm, signedIn, useParticipantRecords } from '../../test/fixtures/participants.js';

/* The name he is known by (migration 0044): his forms, his case band and Contact tab, and the API. */
useParticipantRecords();

const TOO_LONG = 'T'.repeat(101);
const TOO_LONG_MESSAGE = 'Known as must be 100 characters or fewer';

async function knownAs(participantId: string): Promise<string | null> {
  const row = await t.database.db
    .selectFrom('participants')
    .select('known_as')
    .where('id', '=', participantId)
    .executeTakeFirstOrThrow();
  return row.known_as;
}

/** The band's "known as" beside his name, or null when the band shows none. */
function bandKnownAs(body: string): string | null {
  return /data-qa="band-known-as">\(known as ([^)]*)\)</.exec(body)?.[1] ?? null;
}

describe('the name he is known by, on his forms', () => {
  let participantId: string;

  it('the add form saves it, and his case band and Contact tab show it', async () => {
    const response = await facilitator.submit('/participants/new', validForm({ knownAs: '  Tad  ' }));
    expect(response.statusCode).toBe(303);
    participantId = (response.headers.location ?? '').split('/').pop() ?? '';
    expect(await knownAs(participantId)).toBe('Tad');
    const page = await facilitator.get(`/participants/${participantId}`);
    expect(bandKnownAs(page.body)).toBe('Tad');
    const contact = await facilitator.get(`/participants/${participantId}/contact`);
    expect(bandKnownAs(contact.body)).toBe('Tad');
    expect(contact.body).toMatch(/Known as\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Tad\s*</);
  });

  it('the edit form shows it again and saves a change; emptied, the band shows none', async () => {
    const edit = await facilitator.get(`/participants/${participantId}/edit`);
    expect(edit.body).toMatch(/id="knownAs" name="knownAs" type="text" spellcheck="false" value="Tad"/);
    const changed = await facilitator.submit(`/participants/${participantId}/edit`, validForm({ knownAs: 'Thad' }));
    expect(changed.statusCode).toBe(303);
    expect(bandKnownAs((await facilitator.get(`/participants/${participantId}`)).body)).toBe('Thad');
    await facilitator.submit(`/participants/${participantId}/edit`, validForm({ knownAs: '' }));
    expect(await knownAs(participantId)).toBeNull();
    const page = await facilitator.get(`/participants/${participantId}`);
    expect(page.statusCode).toBe(200);
    expect(bandKnownAs(page.body)).toBeNull();
    expect(page.body).not.toContain('known as');
  });

  it('refuses one over 100 characters beside the field, keeps what was typed, and writes nothing', async () => {
    const before = await count('participants');
    const added = await facilitator.submit('/participants/new', validForm({ knownAs: TOO_LONG }));
    expect(added.statusCode).toBe(400);
    expectFieldError(added.body, 'knownAs', TOO_LONG_MESSAGE);
    expect(added.body).toContain(`value="${TOO_LONG}"`);
    expect(await count('participants')).toBe(before);

    await facilitator.submit(`/participants/${participantId}/edit`, validForm({ knownAs: 'Tad' }));
    const edited = await facilitator.submit(`/participants/${participantId}/edit`, validForm({ knownAs: TOO_LONG }));
    expect(edited.statusCode).toBe(400);
    expectFieldError(edited.body, 'knownAs', TOO_LONG_MESSAGE);
    expect(await knownAs(participantId)).toBe('Tad');
  });

  it('100 characters is allowed', async () => {
    const response = await facilitator.submit(`/participants/${participantId}/edit`, validForm({ knownAs: 'T'.repeat(100) }));
    expect(response.statusCode).toBe(303);
    expect(await knownAs(participantId)).toBe('T'.repeat(100));
  });
});

describe('the name he is known by, through the API', () => {
  let participantId: string;
  let partnerWorker: TestClient;

  beforeAll(async () => {
    partnerWorker = await signedIn(org.users.partner);
  });

  it('POST takes it and answers with it; GET reads it back', async () => {
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Bartholomew', familyName: 'Inchcombe', knownAs: 'Barty' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ participant: { id: string; knownAs: string | null } }>();
    participantId = body.participant.id;
    expect(body.participant.knownAs).toBe('Barty');
    const read = await facilitator.get(`/api/v1/participants/${participantId}`);
    expect(read.json()).toMatchObject({ kind: 'case', participant: { knownAs: 'Barty' } });
  });

  it('PATCH changes it alone, and null clears it', async () => {
    const changed = await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, { json: { knownAs: 'Bart' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ participant: { knownAs: 'Bart', givenName: 'Bartholomew' } });
    const cleared = await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, { json: { knownAs: null } });
    expect(cleared.json()).toMatchObject({ participant: { knownAs: null } });
    expect(await knownAs(participantId)).toBeNull();
  });

  it('answers 400 naming the field for one over 100 characters or not text, and writes nothing', async () => {
    await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, { json: { knownAs: 'Bart' } });
    for (const value of [TOO_LONG, 42, ['Bart']]) {
      const response = await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, { json: { knownAs: value } });
      expect(response.statusCode, JSON.stringify(value)).toBe(400);
      expect(Object.keys(expectErrorShape(response).error.fields)).toEqual(['knownAs']);
    }
    const refused = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Bartholomew', familyName: 'Inchcombe', knownAs: TOO_LONG },
    });
    expect(refused.statusCode).toBe(400);
    expect(expectErrorShape(refused).error.fields).toEqual({ knownAs: TOO_LONG_MESSAGE });
    expect(await knownAs(participantId)).toBe('Bart');
  });

  it('the partner side, which sees his name, sees the name he is known by too', async () => {
    const api = await partnerWorker.get(`/api/v1/participants/${participantId}`);
    expect(api.json()).toMatchObject({ kind: 'summary', participant: { knownAs: 'Bart' } });
    expect(bandKnownAs((await partnerWorker.get(`/participants/${participantId}`)).body)).toBe('Bart');
  });

  it('the OpenAPI document describes it on the participant’s POST and PATCH', async () => {
    const doc = (await facilitator.get('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: object } }> } }>>;
    }>();
    for (const [path, method] of [
      ['/api/v1/participants', 'post'],
      ['/api/v1/participants/{id}', 'patch'],
    ] as const) {
      const properties = doc.paths[path]?.[method]?.requestBody?.content['application/json']?.schema.properties as Record<
        string,
        { description?: string }
      >;
      expect(properties.knownAs?.description, `${method} ${path}`).toContain('known by');
      expect(properties.interpreterLanguage?.description, `${method} ${path}`).toContain('interpreter');
    }
  });
});
