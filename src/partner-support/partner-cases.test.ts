import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError, expectHandled, oddBodies } from '../../test/fixtures/assertions.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

let t: TestApp;
let org: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let partnerWorker: TestClient;
let facilitator: TestClient;
let manager: TestClient;
/** A man with no partner on the service yet. */
let newcomerId: string;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Gorsemoor');
  known = await createCaseWithPartners(t.database.db, org, 'G');
  [partnerWorker, facilitator, manager] = await Promise.all([
    signedIn(org.users.partner),
    signedIn(org.users.perpetrator),
    signedIn(org.users.management),
  ]);
  const created = await facilitator.request('POST', '/api/v1/participants', {
    json: { givenName: 'Horatio', familyName: 'Blennerhassett', status: 'assessment' },
  });
  newcomerId = created.json<{ participant: { id: string } }>().participant.id;
});
afterAll(async () => t?.close());

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function partnerRows(): Promise<{ partners: number; cases: number }> {
  const partners = await t.database.db
    .selectFrom('partners')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const cases = await t.database.db
    .selectFrom('partner_cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { partners: Number(partners.n), cases: Number(cases.n) };
}

const partnerForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  givenName: 'Clementine',
  familyName: 'Ashdown-Pryce',
  relationship: 'ex',
  'dateOfBirth-day': '2',
  'dateOfBirth-month': '9',
  'dateOfBirth-year': '1986',
  gender: 'woman',
  safePhone: '07700 900 517',
  safeTimes: 'Weekdays 10am to 12pm, never weekends',
  messageMayBeLeft: 'no',
  codeWord: 'marigold lantern',
  phone: '07700 900 518',
  email: 'clementine@example.org',
  addressLine1: '12 Fennel Row',
  addressLine2: '',
  town: 'Gorsemoor',
  postcode: 'GM4 7QX',
  status: 'contacting',
  allocatedWorkerId: '',
  ...overrides,
});

describe('adding a partner', () => {
  let caseId: string;

  it('a partner support worker adds her from his record and is taken to her case', async () => {
    const form = await partnerWorker.get(`/participants/${newcomerId}/partners/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Partner of Horatio Blennerhassett');
    const before = await partnerRows();
    const response = await partnerWorker.submit(
      `/participants/${newcomerId}/partners/new`,
      partnerForm({ allocatedWorkerId: org.users.partner.id }),
    );
    expect(response.statusCode).toBe(303);
    const match = /^\/partner-cases\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '');
    expect(match).not.toBeNull();
    caseId = match?.[1] ?? '';
    expect(await partnerRows()).toEqual({ partners: before.partners + 1, cases: before.cases + 1 });
    const created = await t.database.db
      .selectFrom('audit_events')
      .select('actor_user_id')
      .where('action', '=', 'partner_case.created')
      .where('record_id', '=', caseId)
      .execute();
    expect(created).toEqual([{ actor_user_id: org.users.partner.id }]);
  });

  it('her case page warns not to leave a message and shows the code word', async () => {
    const page = await partnerWorker.get(`/partner-cases/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-qa="safe-contact-warning"[\s\S]*?Do not leave a message/);
    expect(page.body).toContain('marigold lantern');
    expect(page.body).toContain('07700 900 517');
    expect(page.body).toContain('Weekdays 10am to 12pm, never weekends');
    expect(page.body).toContain('GM4 7QX');
    expect(page.body).toContain('Ex-partner of Horatio Blennerhassett');
    expect(page.body).toContain('Trying to make contact');
  });

  it('a case where a message may be left says so instead', async () => {
    const response = await partnerWorker.submit(
      `/participants/${known.participantId}/partners/new`,
      partnerForm({ givenName: 'Perpetua', familyName: 'Onslow', relationship: 'new', messageMayBeLeft: 'yes', codeWord: '' }),
    );
    expect(response.statusCode).toBe(303);
    const page = await partnerWorker.get(response.headers.location ?? '');
    expect(page.body).toContain('A message may be left.');
    expect(page.body).not.toContain('Do not leave a message');
    expect(page.body).toContain('None agreed');
  });

  it.each([
    [
      'a phone number with letters',
      { phone: 'ring after six' },
      'phone',
      'Enter phone number in the right format, like 07700 900 982',
    ],
    [
      'a safe phone number that is too short',
      { safePhone: '0770' },
      'safePhone',
      'Enter safe phone number in the right format, like 07700 900 982',
    ],
    ['a postcode that is not one', { postcode: 'GORSE 1' }, 'postcode', 'Enter a real postcode, like SE1 7TP'],
    [
      'an email address without an @',
      { email: 'clementine.example.org' },
      'email',
      'Enter an email address in the right format, like name@example.com',
    ],
    ['no relationship to him', { relationship: '' }, 'relationship', 'Select the relationship to the participant'],
    ['an unknown relationship', { relationship: 'sister' }, 'relationship', 'Select the relationship to the participant'],
    ['no first name', { givenName: '' }, 'givenName', 'Enter the first name'],
  ])('refuses %s with the message beside the field, and writes nothing', async (_what, overrides, field, message) => {
    const before = await partnerRows();
    const response = await partnerWorker.submit(`/participants/${newcomerId}/partners/new`, partnerForm(overrides));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    // What she told us is kept for the worker to correct, not lost.
    expect(response.body).toContain('value="marigold lantern"');
    expect(await partnerRows()).toEqual(before);
  });

  it('the API refuses the same input with the field messages', async () => {
    const before = await partnerRows();
    const response = await partnerWorker.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, {
      json: { givenName: 'Clementine', familyName: 'Ashdown-Pryce', phone: 'ring after six', postcode: 'GORSE 1' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid',
        message: 'Check the highlighted answers',
        fields: {
          relationship: 'Select the relationship to the participant',
          phone: 'Enter phone number in the right format, like 07700 900 982',
          postcode: 'Enter a real postcode, like SE1 7TP',
        },
      },
    });
    expect(await partnerRows()).toEqual(before);
  });

  it('a facilitator cannot open or post the form: it is not found, and nothing is written', async () => {
    const before = await partnerRows();
    const nowhere = await facilitator.get(`/participants/${randomUUID()}/partners/new`);
    const get = await facilitator.get(`/participants/${newcomerId}/partners/new`);
    expect(get.statusCode).toBe(404);
    expect(nowhere.statusCode).toBe(404);
    const post = await facilitator.submit(`/participants/${newcomerId}/partners/new`, partnerForm());
    expect(post.statusCode).toBe(404);
    expect(post.body).not.toContain('Clementine');
    const api = await facilitator.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, {
      json: { givenName: 'Clementine', familyName: 'Ashdown-Pryce', relationship: 'ex' },
    });
    expect(api.statusCode).toBe(404);
    expect(expectErrorShape(api).error.code).toBe('not_found');
    expect(await partnerRows()).toEqual(before);
  });
});

describe('two partners of the same man never share a worker', () => {
  // createCaseWithPartners: the current partner's worker is the partner worker, the ex-partner's the manager.
  it('the form answers 409 with the message on the worker field, and nothing is written', async () => {
    const before = await partnerRows();
    const response = await partnerWorker.submit(
      `/participants/${known.participantId}/partners/new`,
      partnerForm({ givenName: 'Isolde', familyName: 'Trevanion', relationship: 'new', allocatedWorkerId: org.users.partner.id }),
    );
    expect(response.statusCode).toBe(409);
    expectFieldError(
      response.body,
      'allocatedWorkerId',
      'Choose a different worker: each partner of the same participant must have their own worker',
    );
    expect(response.body).toContain('value="Isolde"');
    expect(await partnerRows()).toEqual(before);
  });

  it('the allocation form offers only eligible workers, each with their open caseload', async () => {
    const options = (body: string) => {
      const select = /<select[^>]*id="allocatedWorkerId"[\s\S]*?<\/select>/.exec(body)?.[0] ?? '';
      return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], (m[2] ?? '').trim()]);
    };
    // Her ex-partner's case: the current partner's worker is not offered; her own worker is.
    const exForm = options((await manager.get(`/partner-cases/${known.exCaseId}/edit`)).body);
    const offered = exForm.map(([id]) => id);
    expect(offered).not.toContain(org.users.partner.id);
    expect(offered).toContain(org.users.management.id);
    expect(offered).not.toContain(org.users.perpetrator.id);
    expect(exForm.find(([id]) => id === org.users.management.id)?.[1]).toMatch(/\(\d+ open cases?\)$/);
    // A new partner of a man with no partners yet: every partner-side worker and manager is offered.
    const alone = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Peregrine', familyName: 'Oddingley' },
    });
    const aloneId = alone.json<{ participant: { id: string } }>().participant.id;
    const newForm = options((await partnerWorker.get(`/participants/${aloneId}/partners/new`)).body).map(([id]) => id);
    expect(newForm).toEqual(expect.arrayContaining([org.users.partner.id, org.users.management.id]));
  });

  it('editing her case to take the other partner’s worker answers 409 on the page', async () => {
    const edit = await manager.get(`/partner-cases/${known.exCaseId}/edit`);
    expect(edit.statusCode).toBe(200);
    const response = await manager.submit(`/partner-cases/${known.exCaseId}/edit`, {
      ...partnerForm({ givenName: 'MarisolG', familyName: 'FerrantG', relationship: 'ex' }),
      allocatedWorkerId: org.users.partner.id,
    });
    expect(response.statusCode).toBe(409);
    expectFieldError(
      response.body,
      'allocatedWorkerId',
      'Choose a different worker: each partner of the same participant must have their own worker',
    );
    const row = await t.database.db
      .selectFrom('partner_cases')
      .select('allocated_worker_id')
      .where('id', '=', known.exCaseId)
      .executeTakeFirstOrThrow();
    expect(row.allocated_worker_id).toBe(org.users.management.id);
  });

  it('the API answers 409 conflict to a PATCH of the worker, and to a new partner with that worker', async () => {
    const patch = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, {
      json: { allocatedWorkerId: org.users.partner.id },
    });
    expect(patch.statusCode).toBe(409);
    expect(patch.json()).toEqual({
      error: {
        code: 'conflict',
        message: 'This worker already supports another partner of the same participant',
        fields: {
          allocatedWorkerId: 'Choose a different worker: each partner of the same participant must have their own worker',
        },
      },
    });
    const post = await partnerWorker.request('POST', `/api/v1/participants/${known.participantId}/partner-cases`, {
      json: { givenName: 'Isolde', familyName: 'Trevanion', relationship: 'new', allocatedWorkerId: org.users.management.id },
    });
    expect(post.statusCode).toBe(409);
    expect(expectErrorShape(post).error.code).toBe('conflict');
    const rows = await t.database.db
      .selectFrom('partner_cases')
      .select('allocated_worker_id')
      .where('id', '=', known.exCaseId)
      .executeTakeFirstOrThrow();
    expect(rows.allocated_worker_id).toBe(org.users.management.id);
  });

  it('her case is not closed or marked not engaged from the edit form or a PATCH: each has its own page', async () => {
    const statusOf = async () =>
      (
        await t.database.db
          .selectFrom('partner_cases')
          .select('status')
          .where('id', '=', known.exCaseId)
          .executeTakeFirstOrThrow()
      ).status;
    const before = await statusOf();
    const page = await manager.submit(`/partner-cases/${known.exCaseId}/edit`, {
      ...partnerForm({ givenName: 'MarisolG', familyName: 'FerrantG', relationship: 'ex' }),
      allocatedWorkerId: org.users.management.id,
      status: 'closed',
    });
    expect(page.statusCode).toBe(400);
    expectFieldError(
      page.body,
      'status',
      'Close her case with “Close her case with a closing summary”, which records how the support ended',
    );
    const patch = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, { json: { status: 'not_engaged' } });
    expect(patch.statusCode).toBe(400);
    expect(expectErrorShape(patch).error.fields).toEqual({
      status: 'Record that she has not engaged from “Close as not engaged”, after the attempts it asks for',
    });
    expect(await statusOf()).toBe(before);
  });

  it('keeping her own worker, or a worker of another man’s partner, is allowed', async () => {
    const same = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, {
      json: { allocatedWorkerId: org.users.management.id },
    });
    expect(same.statusCode).toBe(200);
    const otherMan = await partnerWorker.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, {
      json: { givenName: 'Winifred', familyName: 'Carrow', relationship: 'new', allocatedWorkerId: org.users.management.id },
    });
    expect(otherMan.statusCode).toBe(201);
  });

  it('a partner-side worker cannot be replaced by a perpetrator-side one', async () => {
    const response = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, {
      json: { allocatedWorkerId: org.users.perpetrator.id },
    });
    expect(response.statusCode).toBe(400);
    expect(expectErrorShape(response).error.fields).toEqual({
      allocatedWorkerId: 'Select a partner support worker or manager from the list',
    });
  });
});

describe('changing her case through the API', () => {
  it('a PATCH changes only what it sends: her status and safe-contact details stay as they were', async () => {
    const response = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${known.currentCaseId}`, {
      json: { safeTimes: 'Only Thursday mornings' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: known.currentCaseId,
      status: 'engaged',
      relationship: 'current',
      allocatedWorkerId: org.users.partner.id,
      contact: { phone: '07700 900111', addressLine1: 'G9 Larkspur Terrace', postcode: 'LS9 8QT', town: 'Northbridge' },
      safeContact: {
        safePhone: '07700 900222',
        safeTimes: 'Only Thursday mornings',
        messageMayBeLeft: false,
        codeWord: 'periwinkleG',
      },
    });
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'partner_case.updated')
      .where('record_id', '=', known.currentCaseId)
      .execute();
    expect(audit.map((row) => row.details)).toContainEqual(expect.objectContaining({ fields: ['safeTimes'] }));
  });

  it('a facilitator’s PATCH of her case is not found, and changes nothing', async () => {
    const response = await facilitator.request('PATCH', `/api/v1/partner-cases/${known.currentCaseId}`, {
      json: { codeWord: 'overwritten' },
    });
    expect(response.statusCode).toBe(404);
    const row = await t.database.db
      .selectFrom('partners')
      .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
      .select('partners.code_word')
      .where('partner_cases.id', '=', known.currentCaseId)
      .executeTakeFirstOrThrow();
    expect(row.code_word).toBe('periwinkleG');
  });
});

describe('no input makes adding a partner fail with a 500', () => {
  it('POST /api/v1/participants/:id/partner-cases with any JSON body', async () => {
    const bodies = oddBodies({
      givenName: 'Ottilie',
      familyName: 'Marchbank',
      relationship: 'ex',
      phone: '07700 900 600',
      email: 'ottilie@example.org',
      addressLine1: '3 Sorrel Close',
      town: 'Gorsemoor',
      postcode: 'GM1 2AB',
      safePhone: '07700 900 601',
      safeTimes: 'Evenings',
      messageMayBeLeft: 'no',
      codeWord: 'heron',
      status: 'open',
    });
    await fc.assert(
      fc.asyncProperty(bodies, async (json) => {
        const response = await manager.request('POST', `/api/v1/participants/${newcomerId}/partner-cases`, { json });
        expectHandled(response, JSON.stringify(json));
      }),
      { numRuns: 60 },
    );
  });

  it('PATCH /api/v1/partner-cases/:id with any JSON body', async () => {
    const bodies = oddBodies({ codeWord: 'heron', safeTimes: 'Evenings', postcode: 'GM1 2AB', messageMayBeLeft: true });
    await fc.assert(
      fc.asyncProperty(bodies, async (json) => {
        const response = await manager.request('PATCH', `/api/v1/partner-cases/${known.exCaseId}`, { json });
        expectHandled(response, JSON.stringify(json));
      }),
      { numRuns: 40 },
    );
  });
});
