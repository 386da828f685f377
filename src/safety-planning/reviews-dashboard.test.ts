import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation, type TestUser } from '../../test/fixtures/organisation.js';
import { createTestParticipant, createTestWorker, type TestParticipant } from '../../test/fixtures/programme-members.js';
import type { RiskLevel } from '../db/schema.js';
import { RiskAssessmentService } from '../assessment/risk-assessment/service.js';
import { SafetyPlanService } from './service.js';

/*
 * The dashboard's "Reviews due": her safety plans whose review date has passed (partner side and
 * management, her worker's own cases) and his risk assessments due for review within a week or
 * overdue (his side and management, the facilitator's own men). Each side's list is absent, not
 * empty, for the other side.
 */
let t: TestApp;
let org: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let partnerWorker: TestClient;
let otherPartnerWorker: TestClient;
let manager: TestClient;
let facilitator: TestClient;
let otherFacilitatorUser: TestUser;
let dueSoon: TestParticipant;
let overdue: TestParticipant;
let dueLater: TestParticipant;
let reviewedSince: TestParticipant;
let othersMan: TestParticipant;

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const planLink = (caseId: string) => `href="/partner-cases/${caseId}/safety-plan"`;
const riskLink = (participantId: string) => `href="/participants/${participantId}/risk-assessment"`;

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

/** A new version of her plan, written directly as the form refuses past review dates. */
async function planVersion(caseId: string, reviewOn: string): Promise<void> {
  const latest = await t.database.db
    .selectFrom('safety_plan_versions')
    .select((eb) => eb.fn.max<number | null>('version').as('v'))
    .where('partner_case_id', '=', caseId)
    .executeTakeFirst();
  const version = Number(latest?.v ?? 0) + 1;
  await t.database.db
    .insertInto('safety_plan_versions')
    .values({
      organisation_id: org.id,
      partner_case_id: caseId,
      version,
      risks: 'He waits outside her work',
      review_on: reviewOn,
      created_by: org.users.partner.id,
    })
    .execute();
}

async function riskVersion(participantId: string, version: number, reviewOn: string, level: RiskLevel = 'high'): Promise<void> {
  await t.database.db
    .insertInto('risk_assessments')
    .values({
      organisation_id: org.id,
      participant_id: participantId,
      version,
      assessed_on: daysFromToday(-60),
      overall_level: level,
      summary: 'Assessed after referral',
      management_plan: 'Weekly one-to-one sessions',
      review_on: reviewOn,
      assessed_by: org.users.perpetrator.id,
    })
    .execute();
}

async function dashboard(client: TestClient): Promise<string> {
  const response = await client.get('/dashboard');
  expect(response.statusCode).toBe(200);
  return response.body;
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fernhollow');
  known = await createCaseWithPartners(t.database.db, org, 'V');
  const otherPartnerUser = await createTestWorker(t.database.db, org, 'partner', 'Fernhollow second partner worker');
  otherFacilitatorUser = await createTestWorker(t.database.db, org, 'perpetrator', 'Fernhollow second facilitator');
  // Her plan (current partner, allocated to the partner worker) was due for review five days ago;
  // the ex-partner's (allocated to management) is reviewed next month.
  await planVersion(known.currentCaseId, daysFromToday(-40));
  await planVersion(known.currentCaseId, daysFromToday(-5));
  await planVersion(known.exCaseId, daysFromToday(-10));
  await planVersion(known.exCaseId, daysFromToday(30));
  // His side: men allocated to the facilitator, and one to another facilitator.
  const man = (familyName: string) => createTestParticipant(t.database.db, org, { givenName: 'Oswin', familyName });
  [dueSoon, overdue, dueLater, reviewedSince, othersMan] = [
    await man('Tarrant'),
    await man('Pellow'),
    await man('Gedling'),
    await man('Hurworth'),
    await man('Brackley'),
  ];
  await t.database.db
    .updateTable('perpetrator_cases')
    .set({ allocated_worker_id: otherFacilitatorUser.id })
    .where('id', '=', othersMan.perpetratorCaseId)
    .execute();
  await riskVersion(dueSoon.participantId, 1, daysFromToday(3), 'medium');
  await riskVersion(overdue.participantId, 1, daysFromToday(-2), 'very_high');
  await riskVersion(dueLater.participantId, 1, daysFromToday(30));
  await riskVersion(reviewedSince.participantId, 1, daysFromToday(-20));
  await riskVersion(reviewedSince.participantId, 2, daysFromToday(60));
  await riskVersion(othersMan.participantId, 1, daysFromToday(2));
  [partnerWorker, otherPartnerWorker, manager, facilitator] = await Promise.all([
    signedIn(org.users.partner),
    signedIn(otherPartnerUser),
    signedIn(org.users.management),
    signedIn(org.users.perpetrator),
  ]);
});
afterAll(async () => t?.close());

describe('her safety plans whose review date has passed', () => {
  it('her worker sees her own case with the date and an Overdue tag, linked to the plan', async () => {
    const body = await dashboard(partnerWorker);
    expect(body).toContain('id="reviews-due"');
    expect(body).toContain('data-qa="dashboard-safety-plan-reviews"');
    expect(body).toContain(planLink(known.currentCaseId));
    expect(body).toContain('RosalindV QuennellV');
    expect(body).toContain('Overdue');
    // The ex-partner's plan is not due, and is not her case either.
    expect(body).not.toContain(planLink(known.exCaseId));
  });

  it('another partner worker whose case it is not does not see it; management sees it', async () => {
    const other = await dashboard(otherPartnerWorker);
    expect(other).toContain('data-qa="dashboard-safety-plan-reviews"');
    expect(other).not.toContain(planLink(known.currentCaseId));
    expect(other).toContain('No safety plan reviews are overdue.');
    const managed = await dashboard(manager);
    expect(managed).toContain(planLink(known.currentCaseId));
    expect(managed).not.toContain(planLink(known.exCaseId));
  });

  it('a closed case is not listed', async () => {
    const service = new SafetyPlanService(t.database.db);
    const before = await service.overdueReviews(actorOf(org, 'management'));
    expect(before?.map((r) => r.partnerCase.id)).toContain(known.currentCaseId);
    await t.database.db.updateTable('partner_cases').set({ status: 'closed' }).where('id', '=', known.currentCaseId).execute();
    try {
      const after = await service.overdueReviews(actorOf(org, 'management'));
      expect(after?.map((r) => r.partnerCase.id)).not.toContain(known.currentCaseId);
    } finally {
      await t.database.db.updateTable('partner_cases').set({ status: 'engaged' }).where('id', '=', known.currentCaseId).execute();
    }
  });

  it('the facilitator never sees the section, nor anything of her', async () => {
    const body = await dashboard(facilitator);
    expect(body).not.toContain('data-qa="dashboard-safety-plan-reviews"');
    expect(body).not.toContain('/safety-plan');
    expect(body).not.toContain('RosalindV');
    expect(await new SafetyPlanService(t.database.db).overdueReviews(actorOf(org, 'perpetrator'))).toBeNull();
  });

  it('the read is audited as a partner-side read, with ids only', async () => {
    await dashboard(partnerWorker);
    const entries = await t.database.db
      .selectFrom('audit_events')
      .select(['details', 'record_type'])
      .where('organisation_id', '=', org.id)
      .where('actor_user_id', '=', org.users.partner.id)
      .where('action', '=', 'partner_case.safety_plan_viewed')
      .execute();
    const dashboardReads = entries.filter((e) => (e.details as { purpose?: string }).purpose === 'dashboard');
    expect(dashboardReads.length).toBeGreaterThan(0);
    const details = dashboardReads[0]?.details as { partnerCaseIds: string[] };
    expect(details.partnerCaseIds).toEqual([known.currentCaseId]);
    expect(JSON.stringify(dashboardReads)).not.toContain('Rosalind');
  });
});

describe('his risk assessments due for review', () => {
  it('his allocated facilitator sees those due within a week and those overdue, not those due later', async () => {
    const body = await dashboard(facilitator);
    expect(body).toContain('id="reviews-due"');
    expect(body).toContain('data-qa="dashboard-risk-reviews"');
    expect(body).toContain(riskLink(dueSoon.participantId));
    expect(body).toContain(riskLink(overdue.participantId));
    expect(body).toContain('Very high');
    expect(body).toContain('Overdue');
    expect(body).not.toContain(riskLink(dueLater.participantId));
    // Only the latest version counts: reviewed since, due in two months.
    expect(body).not.toContain(riskLink(reviewedSince.participantId));
    // Another facilitator's man.
    expect(body).not.toContain(riskLink(othersMan.participantId));
  });

  it('management sees every man due, the other facilitator only his own', async () => {
    const managed = await dashboard(manager);
    for (const p of [dueSoon, overdue, othersMan]) {
      expect(managed).toContain(riskLink(p.participantId));
    }
    expect(managed).not.toContain(riskLink(dueLater.participantId));
    const reviews = await new RiskAssessmentService(t.database.db).reviewsDue({
      userId: otherFacilitatorUser.id,
      organisationId: org.id,
      displayName: 'Second facilitator',
      sides: new Set(['perpetrator']),
    });
    expect(reviews?.map((r) => r.participant.id)).toEqual([othersMan.participantId]);
    expect(reviews?.[0]?.overdue).toBe(false);
  });

  it('the partner worker never sees the section', async () => {
    for (const client of [partnerWorker, otherPartnerWorker]) {
      const body = await dashboard(client);
      expect(body).not.toContain('data-qa="dashboard-risk-reviews"');
      expect(body).not.toContain('/risk-assessment');
      expect(body).not.toContain('Oswin');
    }
    expect(await new RiskAssessmentService(t.database.db).reviewsDue(actorOf(org, 'partner'))).toBeNull();
  });
});
