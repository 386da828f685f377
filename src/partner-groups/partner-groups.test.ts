import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor } from '../db/database.js';
import type { TestApp } from '../../test/fixtures/app.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../test/fixtures/programme.js';
import { enrolInTestGroup } from '../../test/fixtures/programme-members.js';

/*
 * Her own support groups (issue 5, point 3): never at his group's venue at the same time (with the
 * buffer). His group meets on Mondays 18:30–21:00 from 5 January 2026; her group on Tuesdays
 * elsewhere; a second women's group meets on Mondays at 19:00 at his venue.
 */
let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let his: TestProgramme;
let hers: TestProgramme;
let clashing: TestProgramme;
let references: { current: string; ex: string };
let partnerWorker: TestClient;
let facilitator: TestClient;

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker } = await caseTeam('Lamorna', 'G'));
  his = await createTestProgramme(t.database.db, org, { label: 'G' });
  await enrolInTestGroup(t.database.db, org, his, known.participantId);
  hers = await createTestProgramme(t.database.db, org, { label: 'GH', side: 'partner', dayOfWeek: 2, startDate: '2026-01-06' });
  clashing = await createTestProgramme(t.database.db, org, {
    label: 'GC',
    side: 'partner',
    startTime: '19:00',
    durationMinutes: 90,
  });
  await t.database.db
    .updateTable('programme_sessions')
    .set({ venue_id: his.venueId })
    .where('group_id', '=', clashing.groupId)
    .execute();
  const rows = await t.database.db
    .selectFrom('partner_cases')
    .select(['id', 'reference'])
    .where('id', 'in', [known.currentCaseId, known.exCaseId])
    .execute();
  const ref = (id: string) => rows.find((r) => r.id === id)?.reference ?? '';
  references = { current: ref(known.currentCaseId), ex: ref(known.exCaseId) };
});
afterAll(async () => t?.close());

const members = async (groupId: string): Promise<number> =>
  (await t.database.db.selectFrom('partner_group_members').select('partner_case_id').where('group_id', '=', groupId).execute())
    .length;

describe('membership', () => {
  it('refuses her in a group that meets at his venue during his group, on the page and through the API, and writes nothing', async () => {
    const page = await partnerWorker.submit(
      `/partner-groups/${clashing.groupId}/members`,
      { reference: references.current },
      `/partner-groups/${clashing.groupId}/members`,
    );
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain(`${known.hisName}’s group (${his.groupName}) meets at ${his.venueName} 18:30–21:00 that day`);
    const api = await partnerWorker.request('POST', `/api/v1/partner-groups/${clashing.groupId}/members`, {
      json: { reference: references.current },
    });
    expect(api.statusCode).toBe(409);
    expect(api.json<{ error: { message: string } }>().error.message).toContain('book at least 60 minutes apart');
    expect(await members(clashing.groupId)).toBe(0);
  });

  it('adds her to a group elsewhere, and refuses another partner of the same man in it without naming her', async () => {
    const added = await partnerWorker.request('POST', `/api/v1/partner-groups/${hers.groupId}/members`, {
      json: { reference: references.current },
    });
    expect(added.statusCode).toBe(201);
    const ex = await partnerWorker.request('POST', `/api/v1/partner-groups/${hers.groupId}/members`, {
      json: { reference: references.ex },
    });
    expect(ex.statusCode).toBe(409);
    expect(ex.json<{ error: { message: string } }>().error.message).toBe(
      'Another partner of the same participant is in this group: they must never meet',
    );
    expect(ex.body).not.toContain('RosalindG');
    expect(await members(hers.groupId)).toBe(1);
    const bad = await partnerWorker.request('POST', `/api/v1/partner-groups/${hers.groupId}/members`, {
      json: { reference: '' },
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await partnerWorker.request('POST', `/api/v1/partner-groups/${hers.groupId}/members`, {
      json: { reference: 'NOPE-1' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ error: { fields: Record<string, string> } }>().error.fields.reference).toBe(
      'No partner case has this reference',
    );
  });

  it('refuses moving a session of her group to his venue during his group, and allows it two hours later', async () => {
    const session = hers.sessions[0]?.id ?? '';
    const clash = await partnerWorker.request('POST', `/api/v1/sessions/${session}/reschedule`, {
      json: { date: '2026-01-12', time: '19:00', venueId: his.venueId, reason: 'Room booked' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json<{ error: { message: string } }>().error.message).toContain(`meets at ${his.venueName} 18:30–21:00`);
    const unchanged = await t.database.db
      .selectFrom('programme_sessions')
      .select(['venue_id'])
      .where('id', '=', session)
      .executeTakeFirstOrThrow();
    expect(unchanged.venue_id).toBe(hers.venueId);
    const later = await partnerWorker.request('POST', `/api/v1/sessions/${session}/reschedule`, {
      json: { date: '2026-01-12', time: '10:00', venueId: his.venueId, reason: 'Room booked' },
    });
    expect(later.statusCode).toBeLessThan(300);
  });
});

describe('the register', () => {
  it('marks attended, absent or apologies for the members, and refuses a partner not in the group', async () => {
    const session = hers.sessions[1]?.id ?? '';
    const page = await partnerWorker.get(`/partner-groups/sessions/${session}/register`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(references.current);
    const saved = await partnerWorker.submit(
      `/partner-groups/sessions/${session}/register`,
      { [`outcome-${known.currentCaseId}`]: 'apologies' },
      `/partner-groups/sessions/${session}/register`,
    );
    expect(saved.statusCode).toBe(303);
    const api = await partnerWorker.get(`/api/v1/partner-group-sessions/${session}/register`);
    expect(api.json<{ rows: Array<{ outcomeLabel: string }> }>().rows[0]?.outcomeLabel).toBe('Sent apologies');
    const stranger = await partnerWorker.request('PUT', `/api/v1/partner-group-sessions/${session}/register`, {
      json: { outcomes: [{ partnerCaseId: known.exCaseId, outcome: 'attended' }] },
    });
    expect(stranger.statusCode).toBe(400);
    const empty = await partnerWorker.submit(
      `/partner-groups/sessions/${session}/register`,
      {},
      `/partner-groups/sessions/${session}/register`,
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Mark at least one partner');
  });
});

describe('the wall', () => {
  it('answers 404 to his side, and row-level security hides members and attendance', async () => {
    const session = hers.sessions[1]?.id ?? '';
    for (const url of [
      `/partner-groups/${hers.groupId}/members`,
      `/partner-groups/sessions/${session}/register`,
      `/api/v1/partner-groups/${hers.groupId}/members`,
      `/api/v1/partner-group-sessions/${session}/register`,
    ]) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain(references.current);
    }
    const add = await facilitator.request('POST', `/api/v1/partner-groups/${hers.groupId}/members`, {
      json: { reference: references.ex },
    });
    expect(add.statusCode).toBe(404);
    const seen = (userId: string) =>
      withActor(t.database.db, { userId, organisationId: org.id }, async (trx) => [
        ...(await trx.selectFrom('partner_group_members').select('partner_case_id').execute()),
        ...(await trx.selectFrom('partner_group_attendance').select('partner_case_id').execute()),
      ]);
    expect(await seen(org.users.perpetrator.id)).toEqual([]);
    expect((await seen(org.users.partner.id)).length).toBe(2);
  });
});
