import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { team } from '../../test/fixtures/case-team.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import type { TestClient } from '../../test/fixtures/http.js';

/*
 * His contact details and interpreter need (issue 3, point 3): entered on his form, on the staff
 * referral form and through the API; seen by his side and management; never by the partner side,
 * which keeps seeing only his name, reference, status and worker.
 */
let t: TestApp;
let facilitator: TestClient;
let manager: TestClient;
let partnerWorker: TestClient;

beforeAll(async () => {
  ({ t, facilitator, partnerWorker, manager } = await team('Wrenfield'));
});
afterAll(async () => t?.close());

async function participantCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('participants')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function storedDetails(participantId: string) {
  return t.database.db
    .selectFrom('participants')
    .select(['phone', 'email', 'address_line_1', 'address_line_2', 'town', 'postcode', 'interpreter_language'])
    .where('id', '=', participantId)
    .executeTakeFirstOrThrow();
}

const hisForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  givenName: 'Cassius',
  familyName: 'Ollerenshaw',
  'dateOfBirth-day': '9',
  'dateOfBirth-month': '10',
  'dateOfBirth-year': '1981',
  gender: 'man',
  phone: '07700 900 765',
  email: 'C.Ollerenshaw@example.net',
  addressLine1: '14 Tanyard Row',
  addressLine2: 'Flat 2',
  town: 'Wrenfield',
  postcode: 'wf3  2nq',
  interpreterLanguage: 'Polish',
  status: 'assessment',
  allocatedWorkerId: '',
  ...overrides,
});

/** What the partner side must never see of him. */
const HIS_DETAILS = ['07700 900 765', 'example.net', 'Tanyard Row', 'WF3 2NQ', 'Polish'];

describe('his contact details on his record', () => {
  let participantId: string;

  it('the facilitator adds them with him; the postcode is kept in capitals with one space', async () => {
    const response = await facilitator.submit('/participants/new', hisForm());
    expect(response.statusCode).toBe(303);
    participantId = /\/participants\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '')?.[1] ?? '';
    expect(await storedDetails(participantId)).toEqual({
      phone: '07700 900 765',
      email: 'c.ollerenshaw@example.net',
      address_line_1: '14 Tanyard Row',
      address_line_2: 'Flat 2',
      town: 'Wrenfield',
      postcode: 'WF3 2NQ',
      interpreter_language: 'Polish',
    });
    const page = await facilitator.get(`/participants/${participantId}/contact`);
    expect(page.body).toContain('07700 900 765');
    expect(page.body).toContain('c.ollerenshaw@example.net');
    expect(page.body).toMatch(/14 Tanyard Row<br \/>\s*Flat 2<br \/>\s*Wrenfield<br \/>\s*WF3 2NQ/);
    expect(page.body).toMatch(/Interpreter\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Polish/);
  });

  it('the edit form shows them again and saves a change', async () => {
    const edit = await facilitator.get(`/participants/${participantId}/edit`);
    expect(edit.body).toContain('value="14 Tanyard Row"');
    expect(edit.body).toContain('value="WF3 2NQ"');
    expect(edit.body).toContain('value="Polish"');
    const saved = await facilitator.submit(
      `/participants/${participantId}/edit`,
      hisForm({ addressLine1: '3 Cooper’s Yard', addressLine2: '', postcode: 'WF1 1AA', interpreterLanguage: '' }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await storedDetails(participantId)).toMatchObject({
      address_line_1: '3 Cooper’s Yard',
      address_line_2: null,
      postcode: 'WF1 1AA',
      interpreter_language: null,
    });
    const page = await facilitator.get(`/participants/${participantId}/contact`);
    expect(page.body).toMatch(/Interpreter\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not needed/);
  });

  it.each([
    [
      'a phone number that is not one',
      { phone: 'ring his mum' },
      'phone',
      'Enter phone number in the right format, like 07700 900 982',
    ],
    ['a postcode that is not one', { postcode: 'WREN 1' }, 'postcode', 'Enter a real postcode, like SE1 7TP'],
    ['an email address that is not one', { email: 'cassius at home' }, 'email', 'Enter an email address in the right format'],
    [
      'an address line too long',
      { addressLine1: 'x'.repeat(201) },
      'addressLine1',
      'Address line 1 must be 200 characters or fewer',
    ],
    ['a language too long', { interpreterLanguage: 'x'.repeat(101) }, 'interpreterLanguage', 'Interpreter language must be 100'],
  ])('refuses %s beside the field, keeps what was typed, and writes nothing', async (_what, overrides, field, message) => {
    const before = await participantCount();
    const response = await facilitator.submit('/participants/new', hisForm({ givenName: 'Benedikt', ...overrides }));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    expect(response.body).toContain('value="Benedikt"');
    // His other details are kept for the next try.
    expect(response.body).toContain('value="Wrenfield"');
    expect(await participantCount()).toBe(before);
    const edit = await facilitator.submit(`/participants/${participantId}/edit`, hisForm(overrides));
    expect(edit.statusCode).toBe(400);
    expect((await storedDetails(participantId)).address_line_1).toBe('3 Cooper’s Yard');
  });

  it('the partner side sees his name, reference and status, and nothing of how to reach him', async () => {
    await facilitator.submit(`/participants/${participantId}/edit`, hisForm());
    const page = await partnerWorker.get(`/participants/${participantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cassius Ollerenshaw');
    expect(page.body).toContain('In assessment');
    expect(HIS_DETAILS.filter((detail) => page.body.includes(detail))).toEqual([]);
    const api = await partnerWorker.get(`/api/v1/participants/${participantId}`);
    expect(api.json()).toMatchObject({ kind: 'summary' });
    expect(Object.keys(api.json<{ participant: object }>().participant).sort()).toEqual(
      // The name he is known by is a name like the others: the partner side may know it.
      [
        'allocatedWorkerName',
        'familyName',
        'givenName',
        'knownAs',
        'id',
        'openedOn',
        'reference',
        'status',
        'statusLabel',
      ].sort(),
    );
    expect(HIS_DETAILS.filter((detail) => api.body.includes(detail))).toEqual([]);
    expect((await partnerWorker.get(`/participants/${participantId}/edit`)).statusCode).toBe(403);
    // His side and management see them.
    expect((await manager.get(`/participants/${participantId}/contact`)).body).toContain('WF3 2NQ');
  });
});

describe('his contact details through the API', () => {
  it('POST takes them, normalised, and answers with them', async () => {
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: {
        givenName: 'Emrys',
        familyName: 'Thackeray',
        phone: '+44 7700 900123',
        postcode: 'ls29 8aa',
        town: 'Ilkley',
        interpreterLanguage: 'Welsh',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      kind: 'case',
      participant: {
        givenName: 'Emrys',
        contact: { phone: '+44 7700 900123', email: null, addressLine1: null, town: 'Ilkley', postcode: 'LS29 8AA' },
        interpreterLanguage: 'Welsh',
      },
    });
    const id = response.json<{ participant: { id: string } }>().participant.id;
    const patch = await facilitator.request('PATCH', `/api/v1/participants/${id}`, { json: { postcode: 'LS298AB' } });
    expect(patch.statusCode).toBe(200);
    // A PATCH changes only what it sends.
    expect(patch.json()).toMatchObject({
      participant: { contact: { phone: '+44 7700 900123', town: 'Ilkley', postcode: 'LS29 8AB' }, interpreterLanguage: 'Welsh' },
    });
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'participant.updated')
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();
    // The field's name, never its value.
    expect(audit.details).toEqual({ fields: ['postcode'], status: null });
  });

  it('answers 400 with a message for each bad field, and writes nothing', async () => {
    const before = await participantCount();
    const response = await facilitator.request('POST', '/api/v1/participants', {
      json: { givenName: 'Emrys', familyName: 'Thackeray', phone: '12', postcode: 'LS29', email: 'nope', town: 7 },
    });
    expect(response.statusCode).toBe(400);
    const fields = expectErrorShape(response).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['email', 'phone', 'postcode', 'town']);
    expect(fields.postcode).toBe('Enter a real postcode, like SE1 7TP');
    expect(await participantCount()).toBe(before);
  });
});

describe('his contact details from a referral', () => {
  const referral = (overrides: Record<string, string> = {}): Record<string, string> => ({
    givenName: 'Lorcan',
    familyName: 'Abernethy',
    channel: 'phone',
    source: 'agency',
    agencyType: 'probation',
    referrerName: 'Ottoline Fairfax',
    reason: 'Community order with a programme requirement.',
    mandated: 'yes',
    phone: '07700 900 432',
    addressLine1: '2 Mill Cottages',
    town: 'Wrenfield',
    postcode: 'wf9 4pq',
    interpreterLanguage: 'Portuguese',
    ...overrides,
  });

  it('are copied to his record with the interpreter need, and the referral page does not show them', async () => {
    const response = await manager.submit('/referrals/new', referral());
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    const referralId = /\/referrals\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '')?.[1] ?? '';
    const row = await t.database.db
      .selectFrom('referrals')
      .select('participant_id')
      .where('id', '=', referralId)
      .executeTakeFirstOrThrow();
    expect(await storedDetails(row.participant_id)).toEqual({
      phone: '07700 900 432',
      email: null,
      address_line_1: '2 Mill Cottages',
      address_line_2: null,
      town: 'Wrenfield',
      postcode: 'WF9 4PQ',
      interpreter_language: 'Portuguese',
    });
    const his = await facilitator.get(`/participants/${row.participant_id}/contact`);
    expect(his.body).toContain('2 Mill Cottages');
    expect(his.body).toContain('Portuguese');
    // The partner side reads referrals too: his address stays off the referral.
    const seenByPartnerSide = await partnerWorker.get(`/referrals/${referralId}`);
    expect(seenByPartnerSide.statusCode).toBe(200);
    expect(seenByPartnerSide.body).not.toContain('Mill Cottages');
    expect(seenByPartnerSide.body).not.toContain('900 432');
    const api = await partnerWorker.get(`/api/v1/referrals/${referralId}`);
    expect(api.body).not.toContain('Mill Cottages');
  });

  it('refuses a bad phone number or postcode beside the field, keeps his details, and records nothing', async () => {
    const before = await participantCount();
    const response = await manager.submit('/referrals/new', referral({ phone: 'after 6pm', postcode: 'W1' }));
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'phone', 'Enter phone number in the right format, like 07700 900 982');
    expectFieldError(response.body, 'postcode', 'Enter a real postcode, like SE1 7TP');
    expect(response.body).toContain('value="2 Mill Cottages"');
    expect(response.body).toContain('value="Portuguese"');
    expect(await participantCount()).toBe(before);
  });
});
