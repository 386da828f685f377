import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases, linkedIds, pageLinks, type ListedPartner } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * Her caseload's filters (issue 12), on the page and in the API: "My cases" by default, her team,
 * a worker, a status, her DASH level (the worker's judgement where it raises the score's) and
 * overdue first contact; filtered paging; and the parameter his caseload has that hers has not.
 */

type ListJson = { items: Array<{ id: string }>; total: number; next: string | null; scope: string };

let t: TestApp;
let org: TestOrganisation;
let partnerWorker: TestClient;
let manager: TestClient;
let mine: ListedPartner;
let managers: ListedPartner;
let overdue: ListedPartner;
let judged: ListedPartner;
let many: ListedPartner[];

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function found(client: TestClient, query: string): Promise<string[]> {
  const response = await client.request('GET', `/api/v1/partner-cases?${query}`);
  expect(response.statusCode, query).toBe(200);
  return response.json<ListJson>().items.map((i) => i.id);
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fernbrook');
  const db = t.database.db;
  const [man] = await addParticipants(db, org.id, [{ givenName: 'Marlowe', familyName: 'Ashdown' }]);
  const participantId = man?.participantId ?? '';
  [mine, managers, overdue, judged] = (await addPartnerCases(db, org.id, participantId, [
    { givenName: 'Imogen', familyName: 'Abbot' },
    { givenName: 'Philippa', familyName: 'Beddoes' },
    { givenName: 'Rosalind', familyName: 'Carew' },
    { givenName: 'Henrietta', familyName: 'Dorling' },
  ])) as [ListedPartner, ListedPartner, ListedPartner, ListedPartner];
  many = await addPartnerCases(
    db,
    org.id,
    participantId,
    Array.from({ length: 28 }, (_, i) => ({ givenName: `Ada${String(i).padStart(2, '0')}`, familyName: 'Pemberton' })),
  );
  const setCase = (caseId: string, values: Record<string, string>) =>
    db.updateTable('partner_cases').set(values).where('id', '=', caseId).execute();
  await setCase(mine.caseId, { allocated_worker_id: org.users.partner.id, status: 'engaged' });
  await setCase(managers.caseId, { allocated_worker_id: org.users.management.id, status: 'engaged' });
  // Referred long ago and never contacted: overdue. The others were opened today: not yet due.
  await setCase(overdue.caseId, { opened_on: '2025-01-06' });
  for (const herCase of many) {
    await setCase(herCase.caseId, { status: 'contacting' });
  }
  // The manager also sits in the partner support team: "My team" holds the cases allocated to either.
  await db
    .insertInto('team_memberships')
    .values({ organisation_id: org.id, team_id: org.teams.partner, user_id: org.users.management.id })
    .execute();
  // Her latest DASH scored medium and her worker judged it high; an earlier one was standard.
  for (const [completedOn, yes, level, judgement] of [
    ['2026-01-05', 3, 'standard', null],
    ['2026-02-05', 11, 'medium', 'high'],
  ] as const) {
    await sql`
      INSERT INTO dash_assessments (organisation_id, partner_case_id, completed_by, completed_on, safe_to_talk,
        safe_contact_checked, score_level, yes_count, judgement_level, judgement_reasons)
      VALUES (${org.id}::uuid, ${judged.caseId}::uuid, ${org.users.partner.id}::uuid, ${completedOn}::date, true, true,
        ${level}, ${yes}, ${judgement}, ${judgement ? 'Escalating threats' : null})`.execute(db);
  }
  partnerWorker = await signedIn(org.users.partner);
  manager = await signedIn(org.users.management);
});
afterAll(async () => t?.close());

describe('her caseload’s filters', () => {
  it('opens on "My cases" for a worker with cases allocated, with her team and all a click away', async () => {
    const page = await partnerWorker.get('/partner-cases');
    expect(linkedIds(page.body, '/partner-cases')).toEqual([mine.caseId]);
    expect(page.body).toMatch(/href="\/partner-cases\?scope=mine"[^>]*aria-current="page"/);
    expect(linkedIds((await partnerWorker.get('/partner-cases?scope=team')).body, '/partner-cases')).toEqual([
      mine.caseId,
      managers.caseId,
    ]);
    expect((await partnerWorker.request('GET', '/api/v1/partner-cases')).json<ListJson>().total).toBe(32);
  });

  it('filters by worker, team, status, her DASH level and overdue first contact', async () => {
    expect(await found(manager, `worker=${org.users.management.id}`)).toEqual([managers.caseId]);
    expect(await found(manager, `team=${org.teams.partner}`)).toEqual([mine.caseId, managers.caseId]);
    expect(await found(manager, 'status=engaged')).toEqual([mine.caseId, managers.caseId]);
    expect(await found(manager, 'risk=high')).toEqual([judged.caseId]);
    expect(await found(manager, 'risk=standard')).toEqual([]);
    expect(await found(manager, 'overdue=first-contact')).toEqual([overdue.caseId]);
    expect(await found(manager, 'q=Carew&overdue=first-contact')).toEqual([overdue.caseId]);
    expect(await found(manager, 'q=Dorling&overdue=first-contact')).toEqual([]);
  });

  it('pages a filtered list with its filters, and refuses what her caseload does not filter by', async () => {
    const first = await manager.get('/partner-cases?scope=all&status=contacting');
    expect(linkedIds(first.body, '/partner-cases')).toEqual(many.slice(0, 25).map((c) => c.caseId));
    const next = pageLinks(first.body).next ?? '';
    expect(next).toMatch(/^\/partner-cases\?scope=all&status=contacting&after=[A-Za-z0-9_-]+$/);
    expect(linkedIds((await manager.get(next)).body, '/partner-cases')).toEqual(many.slice(25).map((c) => c.caseId));
    const refused = await manager.request('GET', `/api/v1/partner-cases?group=${org.teams.partner}&risk=very_high`);
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json<{ error: { fields: Record<string, string> } }>().error.fields).sort()).toEqual([
      'group',
      'risk',
    ]);
  });
});
