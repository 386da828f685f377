import { describe, expect, it } from 'vitest';
import { expectFieldError } from '../../test/fixtures/assertions.js';
import {
  t,
  org,
  facilitator,
  manager,
  participantId,
  childCount,
  yearsAgo,
  childForm,
  useChildren,
} from '../../test/fixtures/children.js';

/*
 * The children a referral names (issue 3, point 3): added and changed by his side and management,
 * reached from his case page. Who may see them: children-access.test.ts; the API: children-api.test.ts.
 */
useChildren();

describe('adding and changing his children on the pages', () => {
  let childId: string;

  it('his case page has a Children section with a way to add a child', async () => {
    const page = await facilitator.get(`/participants/${participantId}/tab/children`);
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
    const page = await facilitator.get(`/participants/${participantId}/tab/children`);
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
