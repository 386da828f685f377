import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInLondon } from '../dates/london.js';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../test/fixtures/programme.js';
import { addMonths } from './follow-up-service.js';

/*
 * Issue 5, support after the programme (seed 001: "the WSS will continue to be involved for 6
 * months after he leaves the programme"): when his programme ends her case stays open for the
 * follow-up period with a review point, then closes with a closing summary; earlier, with a reason.
 */
let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
/** Dropped out on 2 March 2026: the six months are over. */
let long: Awaited<ReturnType<typeof createCaseWithPartners>>;
/** Dropped out today: the six months have just begun. */
let recent: Awaited<ReturnType<typeof createCaseWithPartners>>;
/** Still attending. */
let running: Awaited<ReturnType<typeof createCaseWithPartners>>;

const journeyApi = (programme: TestProgramme) =>
  `/api/v1/programme/enrolments/${programme.enrolments[0]?.enrolmentId ?? ''}/journey`;
const CLOSING = {
  outcome: 'support_completed',
  safetyAtClose: 'safer',
  feelingSafe: '8',
  onwardReferrals: 'Freedom Programme at Kirkgate',
  summary: 'Six months after he left the programme she is living separately and has a safety plan she uses.',
};

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Aire');
  facilitator = await t.signedIn(org.users.perpetrator);
  partnerWorker = await t.signedIn(org.users.partner);
  manager = await t.signedIn(org.users.management);
  long = await createCaseWithPartners(t.database.db, org, 'L');
  recent = await createCaseWithPartners(t.database.db, org, 'R');
  running = await createCaseWithPartners(t.database.db, org, 'N');
  const longGroup = await createTestProgramme(t.database.db, org, {
    participantIds: [long.participantId],
    startDate: '2026-01-05',
    label: 'L',
  });
  const recentGroup = await createTestProgramme(t.database.db, org, {
    participantIds: [recent.participantId],
    startDate: '2026-01-05',
    label: 'R',
  });
  await createTestProgramme(t.database.db, org, { participantIds: [running.participantId], startDate: '2026-01-05', label: 'N' });
  for (const [group, effectiveOn] of [
    [longGroup, '2026-03-02'],
    [recentGroup, todayInLondon()],
  ] as const) {
    const response = await facilitator.request('POST', journeyApi(group), {
      json: { to: 'dropped_out', reasonCode: 'stopped_attending', effectiveOn },
    });
    expect(response.statusCode, response.body).toBe(200);
  }
});
afterAll(async () => t?.close());

type FollowUp = {
  followUp: null | { reviewDueOn: string; followUpEndsOn: string; reviewDue: boolean; periodOver: boolean };
  closure: null | Record<string, unknown>;
  closed: boolean;
};

describe('support after his programme', () => {
  it('adds months the way a calendar does', () => {
    expect(addMonths('2026-03-02', 6)).toBe('2026-09-02');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('keeps her case open for the follow-up period from the day his programme ended, with a review point', async () => {
    const longer = (await partnerWorker.get(`/api/v1/partner-cases/${long.currentCaseId}/follow-up`)).json<FollowUp>();
    expect(longer.followUp).toMatchObject({
      reviewDueOn: '2026-06-02',
      followUpEndsOn: '2026-09-02',
      reviewDue: true,
      periodOver: true,
    });
    const today = todayInLondon();
    const fresh = (await partnerWorker.get(`/api/v1/partner-cases/${recent.currentCaseId}/follow-up`)).json<FollowUp>();
    expect(fresh.followUp).toMatchObject({
      reviewDueOn: addMonths(today, 3),
      followUpEndsOn: addMonths(today, 6),
      reviewDue: false,
      periodOver: false,
    });
    const still = (await partnerWorker.get(`/api/v1/partner-cases/${running.currentCaseId}/follow-up`)).json<FollowUp>();
    expect(still).toEqual({ followUp: null, closure: null, closed: false });
    const page = await partnerWorker.get(`/partner-cases/${recent.currentCaseId}/tab/support`);
    expect(page.body).toMatch(/data-qa="follow-up"[\s\S]*Dropped out of the programme/);
  });

  it('shows the reviews due on her worker’s dashboard and the manager’s', async () => {
    const mine = await partnerWorker.get('/dashboard');
    expect(mine.body).toMatch(/data-qa="dashboard-follow-ups"[\s\S]*RosalindL QuennellL[\s\S]*2 June 2026/);
    expect(mine.body).not.toMatch(/data-qa="dashboard-follow-ups"[\s\S]*RosalindR QuennellR/);
    const managers = await manager.get('/dashboard');
    expect(managers.body).toMatch(/data-qa="dashboard-follow-ups"[\s\S]*MarisolL FerrantL/);
    const his = await facilitator.get('/dashboard');
    expect(his.body).not.toContain('dashboard-follow-ups');
  });

  it('needs a reason to close her case before the follow-up period ends, and writes nothing without one', async () => {
    const form = await partnerWorker.submit(`/partner-cases/${recent.currentCaseId}/close`, CLOSING);
    expect(form.statusCode).toBe(400);
    expectFieldError(
      form.body,
      'earlyReason',
      `Enter why the case is closing before the follow-up period ends on ${addMonths(todayInLondon(), 6)}`,
    );
    expect(form.body).toContain(CLOSING.summary);
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${running.currentCaseId}/closure`, {
      json: { ...CLOSING, feelingSafe: 8 },
    });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields.earlyReason).toBe(
      'Enter why the case is closing while the participant’s programme has not ended',
    );
    const rating = await partnerWorker.submit(`/partner-cases/${long.currentCaseId}/close`, { ...CLOSING, feelingSafe: '11' });
    expectFieldError(rating.body, 'feelingSafe', 'Enter the partner’s rating as a whole number from 1 to 10');
    const rows = await t.database.db.selectFrom('partner_case_closures').select('id').execute();
    expect(rows).toEqual([]);
    const early = await partnerWorker.submit(`/partner-cases/${recent.currentCaseId}/close`, {
      ...CLOSING,
      outcome: 'moved_away',
      earlyReason: 'She has moved to another county and has a new local service',
    });
    expect(early.statusCode).toBe(303);
    const closed = (await partnerWorker.get(`/api/v1/partner-cases/${recent.currentCaseId}/follow-up`)).json<FollowUp>();
    expect(closed).toMatchObject({
      closed: true,
      closure: { earlyReason: 'She has moved to another county and has a new local service' },
    });
  });

  it('closes her case after the period with a structured closing summary, once', async () => {
    const closed = await partnerWorker.submit(`/partner-cases/${long.currentCaseId}/close`, CLOSING);
    expect(closed.statusCode, closed.body.slice(0, 400)).toBe(303);
    const status = await t.database.db
      .selectFrom('partner_cases')
      .select(['status', 'closed_on'])
      .where('id', '=', long.currentCaseId)
      .executeTakeFirstOrThrow();
    expect(status).toEqual({ status: 'closed', closed_on: todayInLondon() });
    const page = await partnerWorker.get(`/partner-cases/${long.currentCaseId}/tab/support`);
    expect(page.body).toMatch(/data-qa="closing-summary"[\s\S]*Support completed[\s\S]*Safer than when support began[\s\S]*8/);
    expect(page.body).not.toContain('data-qa="close-case"');
    const again = await partnerWorker.request('POST', `/api/v1/partner-cases/${long.currentCaseId}/closure`, {
      json: { ...CLOSING, feelingSafe: 8 },
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'partner_case.closed_with_summary')
      .execute();
    expect(audit).toHaveLength(2);
    expect((await facilitator.get(`/partner-cases/${long.currentCaseId}/close`)).statusCode).toBe(404);
    const his = await facilitator.get(`/participants/${long.participantId}`);
    expect(his.body).not.toContain(CLOSING.summary);
  });
});
