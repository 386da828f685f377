import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import type { ChildOnPartnerCase, ChildView } from './presenters.js';

/*
 * Her worker's details of his children (issue 3, point 3): which partner a child is linked to,
 * the child's school or nursery, and notes. Partner side and management only, every read audited,
 * and nothing of it on any perpetrator-side page or API response.
 */
let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let partnerWorker: TestClient;
let manager: TestClient;
let facilitator: TestClient;
/** A second child of his, not yet linked to anyone. */
let unlinkedId: string;

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker, manager } = await caseTeam('Larkhollow', 'L'));
  const created = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/children`, {
    json: { givenName: 'Jago', ageYears: 3, relationshipToParticipant: 'parent', livesWith: 'other_parent' },
  });
  unlinkedId = created.json<ChildView>().id;
});
afterAll(async () => t?.close());

async function detailsOf(childId: string) {
  return (
    (await t.database.db
      .selectFrom('child_partner_details')
      .select(['partner_id', 'school', 'notes', 'updated_by'])
      .where('child_id', '=', childId)
      .executeTakeFirst()) ?? null
  );
}

async function partnerIdOf(caseId: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('partner_cases')
    .select('partner_id')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return row.partner_id;
}

const SCHOOL = 'Sandpiper Green Primary L';

describe('the Children section of her case', () => {
  it('lists his children, with the school and notes of the child linked to her', async () => {
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/tab/children`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="children"');
    expect(page.body).toContain('PoppyL');
    expect(page.body).toContain('Linked to this partner');
    expect(page.body).toContain(`School or nursery: ${SCHOOL}`);
    expect(page.body).toContain('her grandmother collects her from the school gate on Tuesdays');
    expect(page.body).toContain('Jago');
    expect(page.body).toContain('Not linked to a partner');
    expect(page.body).toContain(`href="/partner-cases/${known.currentCaseId}/children/${unlinkedId}"`);
  });

  it('on the ex-partner’s case, says the child is linked to another partner and shows nothing her worker recorded', async () => {
    const page = await manager.get(`/partner-cases/${known.exCaseId}/tab/children`);
    expect(page.body).toContain('PoppyL');
    expect(page.body).toContain('Linked to another partner');
    expect(page.body).not.toContain(SCHOOL);
    expect(page.body).not.toContain('grandmother');
    expect(page.body).not.toContain(`href="/partner-cases/${known.exCaseId}/children/${known.childId}"`);
    const api = await manager.get(`/api/v1/partner-cases/${known.exCaseId}/children`);
    const poppy = api.json<ChildOnPartnerCase[]>().find((c) => c.id === known.childId);
    expect(poppy).toMatchObject({ link: 'another_partner', school: null, notes: null });
  });

  it('the API answers with the same, and each read is audited with ids only', async () => {
    const count = async () =>
      (
        await t.database.db
          .selectFrom('audit_events')
          .select('id')
          .where('action', '=', 'partner_case.children_viewed')
          .where('actor_user_id', '=', org.users.partner.id)
          .execute()
      ).length;
    const before = await count();
    const api = await partnerWorker.get(`/api/v1/partner-cases/${known.currentCaseId}/children`);
    expect(api.statusCode).toBe(200);
    const children = api.json<ChildOnPartnerCase[]>();
    expect(children.map((c) => [c.name, c.link, c.school])).toEqual([
      ['PoppyL', 'this_partner', SCHOOL],
      ['Jago', 'none', null],
    ]);
    expect(await count()).toBe(before + 1);
  });
});

describe('her worker links a child to her and records the school', () => {
  it('links Jago with a nursery and notes, audited without them', async () => {
    const form = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/children/${unlinkedId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Is this child linked to RosalindL QuennellL?');
    const saved = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/children/${unlinkedId}`, {
      linked: 'yes',
      school: 'Little Acorns Nursery',
      notes: 'Mornings only; his mother sometimes collects.',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/partner-cases/${known.currentCaseId}?saved=1#children`);
    expect(await detailsOf(unlinkedId)).toEqual({
      partner_id: await partnerIdOf(known.currentCaseId),
      school: 'Little Acorns Nursery',
      notes: 'Mornings only; his mother sometimes collects.',
      updated_by: org.users.partner.id,
    });
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/tab/children`);
    expect(page.body).toContain('School or nursery: Little Acorns Nursery');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['record_id', 'details'])
      .where('action', '=', 'partner_case.child_details_changed')
      .execute();
    expect(audit.at(-1)).toEqual({ record_id: known.currentCaseId, details: { childId: unlinkedId, linked: true } });
    // The shared record of the child is untouched: his side sees no sign of her worker's change.
    const child = await t.database.db
      .selectFrom('children')
      .select(['updated_at', 'created_at'])
      .where('id', '=', unlinkedId)
      .executeTakeFirstOrThrow();
    expect(child.updated_at).toEqual(child.created_at);
  });

  it('the form shows what was recorded, and unlinking removes the school and notes', async () => {
    const form = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/children/${unlinkedId}`);
    expect(form.body).toContain('value="Little Acorns Nursery"');
    expect(form.body).toMatch(/value="yes" checked/);
    const put = await partnerWorker.request('PUT', `/api/v1/partner-cases/${known.currentCaseId}/children/${unlinkedId}`, {
      json: { linked: false },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id: unlinkedId, link: 'none', school: null, notes: null });
    expect(await detailsOf(unlinkedId)).toMatchObject({ partner_id: null, school: null, notes: null });
  });

  it.each([
    ['no answer to linked', { school: 'Oakfield' }, 'linked', 'Select whether the child is linked to this partner'],
    [
      'a school without the link',
      { linked: 'no', school: 'Oakfield' },
      'linked',
      'To record a school or notes, link the child to this partner',
    ],
    [
      'a school name too long',
      { linked: 'yes', school: 'S'.repeat(201) },
      'school',
      'School or nursery must be 200 characters or fewer',
    ],
    ['notes too long', { linked: 'yes', notes: 'N'.repeat(2001) }, 'notes', 'Notes must be 2000 characters or fewer'],
  ])('refuses %s beside the field, keeps what was typed, and writes nothing', async (_what, form, field, message) => {
    const response = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/children/${unlinkedId}`, form);
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, field, message);
    const school = (form as Record<string, string>).school;
    if (school && field !== 'school') {
      expect(response.body).toContain(`value="${school}"`);
    }
    expect(await detailsOf(unlinkedId)).toMatchObject({ partner_id: null, school: null, notes: null });
  });

  it('the API refuses bad input with 400 and the field', async () => {
    const url = `/api/v1/partner-cases/${known.currentCaseId}/children/${unlinkedId}`;
    const missing = await partnerWorker.request('PUT', url, { json: { school: 'Oakfield' } });
    expect(missing.statusCode).toBe(400);
    expect(expectErrorShape(missing).error.fields).toEqual({ linked: 'Select whether the child is linked to this partner' });
    const odd = await partnerWorker.request('PUT', url, { json: { linked: 'maybe', notes: ['a'] } });
    expect(odd.statusCode).toBe(400);
    expect(Object.keys(expectErrorShape(odd).error.fields).sort()).toEqual(['linked', 'notes']);
    expect(await detailsOf(unlinkedId)).toMatchObject({ partner_id: null, school: null });
  });

  it('a child linked to another partner cannot be taken over from her case: 409, nothing changed', async () => {
    const form = await manager.submit(`/partner-cases/${known.exCaseId}/children/${known.childId}`, {
      linked: 'yes',
      school: 'Elsewhere Academy',
    });
    expect(form.statusCode).toBe(409);
    expectFieldError(
      form.body,
      'linked',
      'This child is linked to another partner of the participant: unlink the child on that partner’s case first',
    );
    // The form page itself never shows the other partner's details.
    expect(form.body).not.toContain(SCHOOL);
    const put = await manager.request('PUT', `/api/v1/partner-cases/${known.exCaseId}/children/${known.childId}`, {
      json: { linked: true },
    });
    expect(put.statusCode).toBe(409);
    expect(await detailsOf(known.childId)).toMatchObject({ partner_id: await partnerIdOf(known.currentCaseId), school: SCHOOL });
  });

  it('a child of another participant is not found on her case', async () => {
    const elsewhere = await createCaseWithPartners(t.database.db, org, 'M');
    const url = `/partner-cases/${known.currentCaseId}/children/${elsewhere.childId}`;
    expect((await partnerWorker.get(url)).statusCode).toBe(404);
    const put = await partnerWorker.request('PUT', `/api/v1${url}`, { json: { linked: true } });
    expect(put.statusCode).toBe(404);
    expect((await partnerWorker.get(`/partner-cases/${known.currentCaseId}/children/${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('the wall: nothing of it on the perpetrator side', () => {
  const secrets = [SCHOOL, 'grandmother', 'Linked to', 'school', 'Little Acorns'];

  it('his case page, the list of children and the API hold the child but none of her worker’s details', async () => {
    for (const url of [
      `/participants/${known.participantId}/tab/children`,
      `/participants/${known.participantId}/children`,
      `/participants/${known.participantId}/children/${known.childId}/edit`,
      `/api/v1/participants/${known.participantId}/children`,
    ]) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toContain('PoppyL');
      expect(
        secrets.filter((s) => response.body.includes(s)),
        url,
      ).toEqual([]);
    }
  });

  it('her children’s page and endpoints answer the facilitator exactly as a case that does not exist', async () => {
    const strip = (body: string) => body.replace(/name="_(?:csrf|formToken)" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    const pairs: Array<[string, string]> = [
      [
        `/partner-cases/${known.currentCaseId}/children/${known.childId}`,
        `/partner-cases/${randomUUID()}/children/${randomUUID()}`,
      ],
      [`/api/v1/partner-cases/${known.currentCaseId}/children`, `/api/v1/partner-cases/${randomUUID()}/children`],
    ];
    for (const [hers, nobody] of pairs) {
      const a = await facilitator.get(hers);
      const b = await facilitator.get(nobody);
      expect(a.statusCode).toBe(404);
      expect(strip(a.body)).toEqual(strip(b.body));
    }
    const token = await facilitator.csrfToken('/account');
    const posted = await facilitator.request('POST', `/partner-cases/${known.currentCaseId}/children/${known.childId}`, {
      form: { _csrf: token, linked: 'no' },
    });
    expect(posted.statusCode).toBe(404);
    for (const json of [{ linked: false }, { linked: 'maybe' }, {}]) {
      const put = await facilitator.request('PUT', `/api/v1/partner-cases/${known.currentCaseId}/children/${known.childId}`, {
        json,
      });
      expect(put.statusCode, JSON.stringify(json)).toBe(404);
    }
    expect(await detailsOf(known.childId)).toMatchObject({ school: SCHOOL });
  });
});
