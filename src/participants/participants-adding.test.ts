import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import {
  t,
  org,
  facilitator,
  signedIn,
  count,
  auditActions,
  validForm,
  useParticipantRecords,
} from '../../test/fixtures/participants.js';

/* Adding a participant through the form and the API, and what a signed-out visitor gets. */
useParticipantRecords();

describe('signed out', () => {
  // A calendar feed is fetched by calendar software with its secret address, never a session
  // (src/programme/sessions/calendar.test.ts tests that an unknown address is a 404).
  const PUBLIC = [
    '/health',
    '/health/live',
    '/health/ready',
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
    expect(page.body).toContain('Saltmarsh perpetrator worker');
    // His details are on his case file's Contact tab.
    const contact = await facilitator.get(`${response.headers.location ?? ''}/contact`);
    expect(contact.statusCode).toBe(200);
    expect(contact.body).toContain('14 March 1979');
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
