import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError, expectHandled, oddBodies, oddText } from '../../test/fixtures/assertions.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Saltmarsh');
  facilitator = await signedIn(org.users.perpetrator);
});
afterAll(async () => t?.close());

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function count(table: 'participants' | 'perpetrator_cases' | 'perpetrator_case_notes'): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditActions(recordId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('audit_events').select('action').where('record_id', '=', recordId).execute();
  return rows.map((row) => row.action);
}

const validForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  givenName: 'Thaddeus',
  familyName: 'Quillfeather',
  'dateOfBirth-day': '14',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '1979',
  gender: 'man',
  status: 'assessment',
  allocatedWorkerId: '',
  ...overrides,
});

describe('signed out', () => {
  // A calendar feed is fetched by calendar software with its secret address, never a session
  // (src/programme/sessions/calendar.test.ts tests that an unknown address is a 404).
  const PUBLIC = [
    '/health',
    '/sign-in',
    '/sign-out',
    '/account/activate/:token',
    '/api/v1/openapi.json',
    '/feeds/calendar/:token',
  ];
  // The public referral form needs no sign-in (src/public-referrals).
  const isPublic = (url: string) => url.startsWith('/assets') || url.startsWith('/refer/') || PUBLIC.includes(url);
  const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());

  it('every protected page sends the browser to sign in', async () => {
    const client = t.client();
    const routes = t.app.routeCatalogue.filter((r) => !r.url.startsWith('/api/') && !isPublic(r.url));
    expect(routes.length).toBeGreaterThan(15);
    const token = await client.csrfToken('/sign-in');
    for (const route of routes) {
      const url = concrete(route.url);
      const response =
        route.method === 'GET'
          ? await client.get(url)
          : await client.request(route.method as 'POST', url, { form: { _csrf: token, givenName: 'Ignatius' } });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(303);
      const expected = route.method === 'GET' && url !== '/' ? `/sign-in?returnTo=${encodeURIComponent(url)}` : /^\/sign-in/;
      expect(response.headers.location, `${route.method} ${route.url}`).toMatch(expected);
    }
    expect(await count('participants')).toBe(0);
  });

  it('every API endpoint answers 401 in JSON, whatever the body', async () => {
    const client = t.client();
    const routes = t.app.routeCatalogue.filter((r) => r.url.startsWith('/api/') && !isPublic(r.url));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const url = concrete(route.url);
      const bodies = route.method === 'GET' ? [undefined] : [{}, { body: 'Ignatius said nothing', givenName: 'Ignatius' }];
      for (const json of bodies) {
        const response = await client.request(route.method as 'GET', url, { json });
        expect(response.statusCode, `${route.method} ${route.url} ${JSON.stringify(json)}`).toBe(401);
        expect(expectErrorShape(response).error.code).toBe('unauthenticated');
      }
    }
    expect(await count('perpetrator_case_notes')).toBe(0);
  });
});

describe('adding a participant through the form', () => {
  it('a facilitator adds him and is taken to his page', async () => {
    const before = await count('participants');
    const response = await facilitator.submit('/participants/new', validForm({ allocatedWorkerId: org.users.perpetrator.id }));
    expect(response.statusCode).toBe(303);
    const match = /^\/participants\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '');
    expect(match).not.toBeNull();
    expect(await count('participants')).toBe(before + 1);
    const page = await facilitator.get(response.headers.location ?? '');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Thaddeus Quillfeather');
    expect(page.body).toContain('In assessment');
    expect(page.body).toContain('14 March 1979');
    expect(page.body).toContain('Saltmarsh perpetrator worker');
    expect(await auditActions(match?.[1] ?? '')).toContain('participant.created');
  });

  const nextYear = String(new Date().getUTCFullYear() + 1);
  it.each([
    ['no first name', { givenName: '   ' }, 'givenName', 'Enter the first name'],
    ['no last name', { familyName: '' }, 'familyName', 'Enter the last name'],
    [
      'a date that does not exist',
      { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990' },
      'dateOfBirth',
      'Date of birth must be a real date',
    ],
    [
      'a date in the future',
      { 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': nextYear },
      'dateOfBirth',
      'Date of birth must be today or in the past',
    ],
    ['a name of 101 characters', { givenName: 'Z'.repeat(101) }, 'givenName', 'The first name must be 100 characters or fewer'],
    ['an unknown status', { status: 'on_holiday' }, 'status', 'Select the case status'],
  ])('refuses %s with a message beside the field, and writes nothing', async (_what, overrides, field, message) => {
    const before = await count('participants');
    const response = await facilitator.submit('/participants/new', validForm(overrides));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    expect(await count('participants')).toBe(before);
  });

  it('refuses to allocate him to a partner support worker, and keeps what was typed', async () => {
    const before = await count('participants');
    const response = await facilitator.submit(
      '/participants/new',
      validForm({ givenName: 'Barnaby', allocatedWorkerId: org.users.partner.id }),
    );
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'allocatedWorkerId', 'Select a perpetrator programme worker or manager from the list');
    expect(response.body).toContain('value="Barnaby"');
    expect(response.body).toMatch(/name="dateOfBirth-day"[^>]*value="14"/);
    // The list of workers offered never includes the partner side.
    expect(response.body).not.toContain('Saltmarsh partner worker');
    expect(await count('participants')).toBe(before);
  });

  it('a partner support worker may not add a participant', async () => {
    const partnerWorker = await signedIn(org.users.partner);
    const before = await count('participants');
    const response = await partnerWorker.submit('/participants/new', validForm());
    expect(response.statusCode).toBe(403);
    expect(await count('participants')).toBe(before);
  });
});

describe('adding a participant through the API', () => {
  it('creates him and answers 201 with his case', async () => {
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Leopold', familyName: 'Vantongeren', dateOfBirth: '1988-11-30', status: 'waiting' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      kind: 'case',
      participant: { givenName: 'Leopold', familyName: 'Vantongeren', dateOfBirth: '1988-11-30', status: 'waiting' },
      notes: [],
    });
  });

  it.each([
    ['empty names', { givenName: '', familyName: ' ' }, { givenName: 'Enter the first name', familyName: 'Enter the last name' }],
    [
      'no names at all',
      { givenName: undefined, familyName: undefined },
      { givenName: 'Enter the first name', familyName: 'Enter the last name' },
    ],
    ['a date that does not exist', { dateOfBirth: '1990-02-31' }, { dateOfBirth: 'Date of birth must be a real date' }],
    ['a name of 101 characters', { givenName: 'Y'.repeat(101) }, { givenName: 'The first name must be 100 characters or fewer' }],
    ['a worker id that is not an id', { allocatedWorkerId: 'Saltmarsh' }, { allocatedWorkerId: 'Select a worker from the list' }],
  ])('refuses %s with 400 and a message for each field', async (_what, overrides, fields) => {
    const before = await count('participants');
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Cornelius', familyName: 'Abernathy-Lusk', ...overrides },
    });
    expect(response.statusCode).toBe(400);
    const body = expectErrorShape(response);
    expect(body).toEqual({ error: { code: 'invalid', message: 'Check the highlighted answers', fields } });
    expect(await count('participants')).toBe(before);
  });

  it('refuses a null character, which the database cannot store, as a field error rather than a 500', async () => {
    const before = await count('participants');
    const api = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Caius\u0000', familyName: 'Wendeborn' },
    });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields).toEqual({ givenName: 'Remove the invisible null character from this answer' });
    const form = await facilitator.submit('/participants/new', validForm({ familyName: 'Wende\u0000born' }));
    expect(form.statusCode).toBe(400);
    expectFieldError(form.body, 'familyName', 'Remove the invisible null character from this answer');
    expect(await count('participants')).toBe(before);
  });

  it('refuses half a surrogate pair (not Unicode; PGlite failed on "é\\udfff") as a field error rather than a 500', async () => {
    const before = await count('participants');
    for (const familyName of ['Coupé\udfff', 'Mérault\ud83d', '\udfffMérault']) {
      const response = await facilitator.request('POST', '/api/v1/participants', { json: { givenName: 'Anaïs', familyName } });
      expect(response.statusCode, JSON.stringify(familyName)).toBe(400);
      expect(expectErrorShape(response).error.fields).toEqual({ familyName: 'Remove the broken character from this answer' });
    }
    const whole = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Anaïs 🙂', familyName: 'Mérault' },
    });
    expect(whole.statusCode).toBe(201);
    expect(await count('participants')).toBe(before + 1);
  });

  it('refuses a partner support worker as his allocated worker', async () => {
    const before = await count('participants');
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Cornelius', familyName: 'Abernathy-Lusk', allocatedWorkerId: org.users.partner.id },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid',
        message: 'Check the allocated worker',
        fields: { allocatedWorkerId: 'Select a perpetrator programme worker or manager from the list' },
      },
    });
    expect(await count('participants')).toBe(before);
  });
});

describe('changing his record', () => {
  let participantId: string;

  beforeAll(async () => {
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Ambrose', familyName: 'Pettigrew-Hale', dateOfBirth: '1975-07-04', gender: 'man', status: 'active' },
    });
    participantId = response.json<{ participant: { id: string } }>().participant.id;
  });

  it('the edit form saves the change and audits it', async () => {
    const edit = await facilitator.get(`/participants/${participantId}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Pettigrew-Hale"');
    const response = await facilitator.submit(
      `/participants/${participantId}/edit`,
      validForm({
        givenName: 'Ambrose',
        familyName: 'Pettigrew-Vane',
        'dateOfBirth-day': '4',
        'dateOfBirth-month': '7',
        'dateOfBirth-year': '1975',
        status: 'suspended',
        allocatedWorkerId: org.users.management.id,
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/participants/${participantId}?saved=1`);
    const page = await facilitator.get(response.headers.location ?? '');
    expect(page.body).toContain('Ambrose Pettigrew-Vane');
    expect(page.body).toContain('Suspended');
    expect(page.body).toContain('Saltmarsh management worker');
    const updated = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('record_id', '=', participantId)
      .where('action', '=', 'participant.updated')
      .execute();
    expect(updated).toEqual([{ action: 'participant.updated', actor_user_id: org.users.perpetrator.id }]);
  });

  it('the edit form refuses bad input with the field error and changes nothing', async () => {
    const response = await facilitator.submit(`/participants/${participantId}/edit`, validForm({ familyName: '' }));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'familyName', 'Enter the last name');
    const row = await t.database.db
      .selectFrom('participants')
      .select('family_name')
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    expect(row.family_name).toBe('Pettigrew-Vane');
  });

  it('a PATCH changes only the fields it sends', async () => {
    const response = await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, {
      json: { givenName: 'Ambrosius' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      kind: 'case',
      participant: {
        givenName: 'Ambrosius',
        familyName: 'Pettigrew-Vane',
        dateOfBirth: '1975-07-04',
        gender: 'man',
        // His status is what his partner's worker is told: a PATCH of his name must not reset it.
        status: 'suspended',
        allocatedWorkerId: org.users.management.id,
      },
    });
    expect(await auditActions(participantId)).toContain('participant.updated');
  });

  it('a PATCH with bad input answers 400 with the field', async () => {
    const response = await facilitator.request('PATCH', `/api/v1/participants/${participantId}`, {
      json: { status: 'released', dateOfBirth: '31/12/1975' },
    });
    expect(response.statusCode).toBe(400);
    expect(expectErrorShape(response).error.fields).toEqual({
      status: 'Select the case status',
      dateOfBirth: 'Date of birth must be a real date',
    });
  });

  it('adds a case note, and an empty note is a field error that writes nothing', async () => {
    const before = await count('perpetrator_case_notes');
    const empty = await facilitator.submit(`/participants/${participantId}/notes`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expectFieldError(empty.body, 'body', 'Enter the note');
    expect(await count('perpetrator_case_notes')).toBe(before);

    const added = await facilitator.submit(`/participants/${participantId}/notes`, {
      body: 'He arrived late and blamed the bus driver, Mr Oduya-Farrant.',
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/participants/${participantId}?saved=1#notes`);
    expect(await count('perpetrator_case_notes')).toBe(before + 1);
    const page = await facilitator.get(`/participants/${participantId}`);
    expect(page.body).toContain('blamed the bus driver, Mr Oduya-Farrant.');
    expect(await auditActions(participantId)).toContain('participant.note_added');

    const api = await facilitator.request('POST', `/api/v1/participants/${participantId}/notes`, { json: { body: '' } });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields).toEqual({ body: 'Enter the note' });
    expect(await count('perpetrator_case_notes')).toBe(before + 1);
  });
});

describe('no input makes the API or the form fail with a 500', () => {
  let participantId: string;

  beforeAll(async () => {
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Fennimore', familyName: 'Slythe', status: 'active' },
    });
    participantId = response.json<{ participant: { id: string } }>().participant.id;
  });

  const participantBody = oddBodies({
    givenName: 'Fennimore',
    familyName: 'Slythe',
    dateOfBirth: '1983-09-17',
    gender: 'man',
    status: 'active',
    allocatedWorkerId: null,
  });

  async function expectNo500(method: 'POST' | 'PATCH', url: string, json: unknown): Promise<void> {
    const response = await facilitator.request(method, url, { json });
    expectHandled(response, `${method} ${url} ${JSON.stringify(json)}`);
  }

  it('POST /api/v1/participants with any JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(participantBody, (json) => expectNo500('POST', '/api/v1/participants', json)),
      { numRuns: 60 },
    );
  });

  it('PATCH /api/v1/participants/:id with any JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(participantBody, (json) => expectNo500('PATCH', `/api/v1/participants/${participantId}`, json)),
      { numRuns: 60 },
    );
  });

  it('malformed JSON and bodies that are not JSON answer 400 or 415', async () => {
    const send = (payload: string, type: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/participants',
        headers: { cookie: facilitator.cookieHeader(), 'content-type': type, accept: 'application/json' },
        payload,
      });
    for (const payload of ['{"givenName": "Osric",', '{givenName: Osric}', '[1, 2', '{"a":1}}', '\u0000']) {
      const response = await send(payload, 'application/json');
      expect(response.statusCode, payload).toBe(400);
      expect(expectErrorShape(response).error.code).toBe('invalid');
    }
    const proto = await send('{"givenName":"Osric","familyName":"Tull","__proto__":{"status":"completed"}}', 'application/json');
    expect(proto.statusCode).toBe(400);
    const text = await send('givenName=Osric&familyName=Tull', 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(expectErrorShape(text).error.code).toBe('invalid');
    const form = await send('givenName=Osric&familyName=Tull', 'application/x-www-form-urlencoded');
    expect(form.statusCode).toBe(415);
    const xml = await send('<participant><givenName>Osric</givenName></participant>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expectErrorShape(xml);
    const nobody = await t.database.db.selectFrom('participants').select('id').where('given_name', '=', 'Osric').execute();
    expect(nobody).toEqual([]);
  });

  it('POST /participants/new with any form fields', async () => {
    const token = await facilitator.csrfToken('/participants/new');
    const formValue = fc.oneof(oddText, fc.array(oddText, { minLength: 2, maxLength: 3 }));
    const valid = validForm();
    const spoiled = fc
      .tuple(fc.constantFrom(...Object.keys(valid)), formValue)
      .map(([key, value]): Record<string, string | string[]> => ({ ...valid, [key]: value }));
    const formFields = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 12 }), formValue, { maxKeys: 6 }),
      fc.record(Object.fromEntries(Object.keys(valid).map((key) => [key, formValue])), { requiredKeys: [] }),
      spoiled,
    );
    await fc.assert(
      fc.asyncProperty(formFields, async (form) => {
        const response = await facilitator.request('POST', '/participants/new', { form: { ...form, _csrf: token } });
        expect(response.statusCode, JSON.stringify(form)).toBeLessThan(500);
        expect([303, 400], JSON.stringify(form)).toContain(response.statusCode);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the OpenAPI document', () => {
  it('is valid JSON describing OpenAPI 3.0.3 with the participant and partner case paths', async () => {
    const response = await t.client().get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    const document = JSON.parse(response.body) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/participants', '/api/v1/partner-cases/{id}']));
    expect(Object.keys(document.paths['/api/v1/participants'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(document.paths['/api/v1/partner-cases/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(document.paths)).not.toContain('/api/v1/openapi.json');
  });
});
