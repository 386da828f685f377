import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectFieldError } from '../../test/fixtures/assertions.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import type { ChildView } from './presenters.js';

/*
 * The children a referral names (issue 3, point 3): added and changed by his side and management,
 * seen by both case files, reached from his case page. The API is in children-api.test.ts.
 */
let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
let participantId: string;
let otherParticipantId: string;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  other = await createTestOrganisation(t.database.db, 'Kelderwick');
  [facilitator, partnerWorker, manager] = await Promise.all([
    signedIn(org.users.perpetrator),
    signedIn(org.users.partner),
    signedIn(org.users.management),
  ]);
  participantId = await addParticipant(facilitator, 'Barnabas', 'Heathcote');
  otherParticipantId = await addParticipant(facilitator, 'Jolyon', 'Rudd');
});
afterAll(async () => t?.close());

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function addParticipant(client: TestClient, givenName: string, familyName: string): Promise<string> {
  const created = await client.request('POST', '/api/v1/participants', { json: { givenName, familyName } });
  return created.json<{ participant: { id: string } }>().participant.id;
}

async function childCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('children')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const yearsAgo = (years: number) => String(new Date().getUTCFullYear() - years);
const childForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  givenName: 'Wren',
  'dateOfBirth-day': '',
  'dateOfBirth-month': '',
  'dateOfBirth-year': '',
  ageYears: '6',
  relationshipToParticipant: 'parent',
  livesWith: 'other_parent',
  protectionStatus: 'child_protection_plan',
  ...overrides,
});

describe('adding and changing his children on the pages', () => {
  let childId: string;

  it('his case page has a Children section with a way to add a child', async () => {
    const page = await facilitator.get(`/participants/${participantId}`);
    expect(page.body).toContain('id="children"');
    expect(page.body).toContain('No children are recorded.');
    expect(page.body).toContain(`href="/participants/${participantId}/children/new"`);
    const form = await facilitator.get(`/participants/${participantId}/children/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Child of Barnabas Heathcote');
    // Worded for any participant: not "his" child, not "her" child.
    expect(form.body).toContain('The participant’s relationship to the child');
    expect(form.body).toContain('Who does the child live with?');
    expect(form.body).toContain('Child protection plan');
    expect(form.body).not.toMatch(/\b(his|her) (child|relationship)\b/i);
  });

  it('the facilitator adds a child known by age; the child shows on his case page and the list of children', async () => {
    const before = await childCount();
    const response = await facilitator.submit(`/participants/${participantId}/children/new`, childForm());
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    expect(response.headers.location).toBe(`/participants/${participantId}/children?saved=1`);
    expect(await childCount()).toBe(before + 1);
    const row = await t.database.db
      .selectFrom('children')
      .selectAll()
      .where('participant_id', '=', participantId)
      .executeTakeFirstOrThrow();
    childId = row.id;
    expect(row).toMatchObject({
      given_name: 'Wren',
      date_of_birth: null,
      age_years: 6,
      relationship_to_participant: 'parent',
      lives_with: 'other_parent',
      protection_status: 'child_protection_plan',
      created_by: org.users.perpetrator.id,
    });
    const list = await facilitator.get(response.headers.location ?? '');
    expect(list.body).toContain('Children of Barnabas Heathcote');
    expect(list.body).toContain('About 6 years');
    expect(list.body).toContain('The child’s other parent');
    const page = await facilitator.get(`/participants/${participantId}`);
    expect(page.body).toContain('Wren');
    expect(page.body).toContain('Child protection plan');
    expect(page.body).toContain(`href="/participants/${participantId}/children/${childId}/edit"`);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['record_id', 'details'])
      .where('action', '=', 'child.added')
      .execute();
    expect(audit).toEqual([{ record_id: participantId, details: { childId } }]);
  });

  it('the edit form shows the child again; a date of birth replaces the age given', async () => {
    const edit = await facilitator.get(`/participants/${participantId}/children/${childId}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Wren"');
    expect(edit.body).toMatch(/name="ageYears"[^>]*value="6"/);
    expect(edit.body).toMatch(/value="other_parent" checked/);
    const saved = await facilitator.submit(
      `/participants/${participantId}/children/${childId}/edit`,
      childForm({
        'dateOfBirth-day': '3',
        'dateOfBirth-month': '9',
        'dateOfBirth-year': yearsAgo(7),
        ageYears: '',
        livesWith: 'other_family',
        protectionStatus: 'child_in_need',
      }),
    );
    expect(saved.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      date_of_birth: `${yearsAgo(7)}-09-03`,
      age_years: null,
      lives_with: 'other_family',
      protection_status: 'child_in_need',
    });
    const list = await facilitator.get(`/participants/${participantId}/children`);
    expect(list.body).toContain(`3 September ${yearsAgo(7)}`);
    expect(list.body).toContain('Child in need');
  });

  it.each([
    [
      'neither a date of birth nor an age',
      { ageYears: '' },
      'dateOfBirth',
      'Enter the child’s date of birth or, if you do not know it',
    ],
    [
      'both a date of birth and an age',
      { 'dateOfBirth-day': '1', 'dateOfBirth-month': '2', 'dateOfBirth-year': yearsAgo(3) },
      'ageYears',
      'Enter the date of birth or the age, not both',
    ],
    ['an age in words', { ageYears: 'six' }, 'ageYears', 'Enter the age in whole years, like 7'],
    ['an age of 40', { ageYears: '40' }, 'ageYears', 'The age must be 25 or under'],
    ['half an age', { ageYears: '6.5' }, 'ageYears', 'Enter the age in whole years, like 7'],
    [
      'a date of birth in the future',
      {
        ageYears: '',
        'dateOfBirth-day': '1',
        'dateOfBirth-month': '1',
        'dateOfBirth-year': String(new Date().getUTCFullYear() + 1),
      },
      'dateOfBirth',
      'Date of birth must be today or in the past',
    ],
    [
      'a date of birth of an adult',
      { ageYears: '', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '1970' },
      'dateOfBirth',
      'A child’s date of birth must be within the last 25 years',
    ],
    [
      'a first name of 101 characters',
      { givenName: 'W'.repeat(101) },
      'givenName',
      'The first name must be 100 characters or fewer',
    ],
    ['an unknown home', { livesWith: 'grandparents' }, 'livesWith', 'Select who the child lives with'],
    ['an unknown status', { protectionStatus: 'section_8' }, 'protectionStatus', 'Select the child’s child protection status'],
  ])('refuses %s beside the field, keeps what was typed, and writes nothing', async (_what, overrides, field, message) => {
    const before = await childCount();
    const response = await facilitator.submit(
      `/participants/${participantId}/children/new`,
      childForm({ givenName: 'Rosamund', ...overrides }),
    );
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    if (field !== 'givenName') {
      expect(response.body).toContain('value="Rosamund"');
    }
    expect(await childCount()).toBe(before);
    const edit = await facilitator.submit(`/participants/${participantId}/children/${childId}/edit`, childForm(overrides));
    expect(edit.statusCode).toBe(400);
    expectFieldError(edit.body, field, message);
    const row = await t.database.db
      .selectFrom('children')
      .select('lives_with')
      .where('id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(row.lives_with).toBe('other_family');
  });

  it('a child without a first name is listed as such', async () => {
    const response = await manager.submit(
      `/participants/${participantId}/children/new`,
      childForm({ givenName: '', ageYears: '0' }),
    );
    expect(response.statusCode).toBe(303);
    const list = await manager.get(`/participants/${participantId}/children`);
    expect(list.body).toContain('Name not given');
    expect(list.body).toContain('About 0 years');
  });
});

describe('who may see and change his children', () => {
  let childId: string;

  beforeAll(async () => {
    const created = await facilitator.request('POST', `/api/v1/participants/${otherParticipantId}/children`, {
      json: { givenName: 'Tamsin', ageYears: 11, livesWith: 'participant' },
    });
    childId = created.json<ChildView>().id;
  });

  it('the partner side sees his children on his record and the list, but may not add or change them', async () => {
    const page = await partnerWorker.get(`/participants/${otherParticipantId}`);
    expect(page.body).toContain('Tamsin');
    expect(page.body).not.toContain('/children/new');
    expect(page.body).not.toContain(`/children/${childId}/edit`);
    const list = await partnerWorker.get(`/participants/${otherParticipantId}/children`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Tamsin');
    expect(list.body).not.toContain('Add a child');
    const api = await partnerWorker.get(`/api/v1/participants/${otherParticipantId}/children`);
    expect(api.json<ChildView[]>().map((c) => c.name)).toEqual(['Tamsin']);

    const before = await childCount();
    expect((await partnerWorker.get(`/participants/${otherParticipantId}/children/new`)).statusCode).toBe(403);
    expect((await partnerWorker.submit(`/participants/${otherParticipantId}/children/new`, childForm())).statusCode).toBe(403);
    expect((await partnerWorker.get(`/participants/${otherParticipantId}/children/${childId}/edit`)).statusCode).toBe(403);
    const posted = await partnerWorker.request('POST', `/api/v1/participants/${otherParticipantId}/children`, {
      json: { ageYears: 4 },
    });
    expect(posted.statusCode).toBe(403);
    const patched = await partnerWorker.request('PATCH', `/api/v1/participants/${otherParticipantId}/children/${childId}`, {
      json: { livesWith: 'other_parent' },
    });
    expect(patched.statusCode).toBe(403);
    expect(await childCount()).toBe(before);
  });

  it('the administrator, the DPO and a user in no team see none of them', async () => {
    for (const user of [org.users.admin, org.users.dpo, org.users.noTeam]) {
      const client = await signedIn(user);
      expect((await client.get(`/participants/${otherParticipantId}/children`)).statusCode).toBe(403);
      expect((await client.get(`/api/v1/participants/${otherParticipantId}/children`)).statusCode).toBe(403);
    }
  });

  it('another organisation is told they do not exist', async () => {
    const outsider = await signedIn(other.users.management);
    for (const url of [
      `/participants/${otherParticipantId}/children`,
      `/participants/${otherParticipantId}/children/new`,
      `/participants/${otherParticipantId}/children/${childId}/edit`,
      `/api/v1/participants/${otherParticipantId}/children`,
    ]) {
      const response = await outsider.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Tamsin');
    }
    const patched = await outsider.request('PATCH', `/api/v1/participants/${otherParticipantId}/children/${childId}`, {
      json: { givenName: 'Changed' },
    });
    expect(patched.statusCode).toBe(404);
  });

  it('a child is found only under the participant it belongs to', async () => {
    expect((await facilitator.get(`/participants/${participantId}/children/${childId}/edit`)).statusCode).toBe(404);
    expect((await facilitator.get(`/participants/${otherParticipantId}/children/${randomUUID()}/edit`)).statusCode).toBe(404);
    const wrong = await facilitator.request('PATCH', `/api/v1/participants/${participantId}/children/${childId}`, {
      json: { givenName: 'Moved' },
    });
    expect(wrong.statusCode).toBe(404);
    const row = await t.database.db
      .selectFrom('children')
      .select('given_name')
      .where('id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(row.given_name).toBe('Tamsin');
  });
});
