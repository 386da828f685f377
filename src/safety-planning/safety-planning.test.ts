import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { actorOf } from '../../test/fixtures/cases.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import { withActor } from '../db/database.js';
import type { Side } from '../db/schema.js';
import type { SafetyPlanView } from './presenters.js';
import { SafetyPlanService } from './service.js';

/*
 * Her safety plan (issue 5, point 2): every save a new version, earlier versions kept and
 * readable, a print view with no navigation, a review date agreed with her that may not be in the
 * past, overdue reviews flagged. Partner side and management only; never found by his side.
 */
let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let partnerWorker: TestClient;
let manager: TestClient;
let facilitator: TestClient;
/** The ex-partner's case: no plan until these tests write one. */
let caseId: string;

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const formDate = (iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { 'reviewOn-day': day, 'reviewOn-month': month, 'reviewOn-year': year };
};

const ESCAPE = 'Leave by the back gate and take the number 12 bus to her sister';

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker, manager } = await caseTeam('Saltmarsh', 'S'));
  caseId = known.exCaseId;
});
afterAll(async () => t?.close());

async function versionsOf(id: string) {
  return t.database.db
    .selectFrom('safety_plan_versions')
    .select(['version', 'risks', 'escape_route', 'review_on', 'created_by'])
    .where('partner_case_id', '=', id)
    .orderBy('version')
    .execute();
}

describe('writing her safety plan', () => {
  it('before any is written, the plan page says so and offers to write one', async () => {
    const page = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="no-safety-plan"');
    expect((await partnerWorker.get(`/partner-cases/${caseId}/safety-plan/edit`)).body).toContain('Write a safety plan');
  });

  it('a review date in the past, or no risks, is refused with the errors beside the fields, and nothing is written', async () => {
    const response = await partnerWorker.submit(`/partner-cases/${caseId}/safety-plan`, {
      risks: '',
      escapeRoute: ESCAPE,
      ...formDate(daysFromToday(-1)),
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'risks', 'Enter the risks the partner names');
    expectFieldError(response.body, 'reviewOn', 'The review date must be today or in the future');
    // Nothing typed is lost.
    expect(response.body).toContain(ESCAPE);
    const noDate = await partnerWorker.submit(`/partner-cases/${caseId}/safety-plan`, { risks: 'He threatens to take the car' });
    expect(noDate.statusCode).toBe(400);
    expectFieldError(noDate.body, 'reviewOn', 'Enter the date agreed with the partner to review the plan');
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/safety-plan`, {
      json: { risks: 'x', reviewOn: '2020-01-01' },
    });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields).toHaveProperty('reviewOn');
    const notADate = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/safety-plan`, {
      json: { risks: 'x', reviewOn: '2031-02-30' },
    });
    expect(expectErrorShape(notADate).error.fields.reviewOn).toBe('The review date must be a real date');
    expect(await versionsOf(caseId)).toEqual([]);
  });

  it('the form saves version 1, audited without its contents', async () => {
    const reviewOn = daysFromToday(28);
    const response = await partnerWorker.submit(`/partner-cases/${caseId}/safety-plan`, {
      risks: 'He has threatened to come to the house when drunk',
      warningSigns: 'He texts repeatedly late at night',
      escapeRoute: ESCAPE,
      localPolice: '101',
      ...formDate(reviewOn),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/partner-cases/${caseId}/safety-plan?saved=1`);
    const rows = await versionsOf(caseId);
    expect(rows).toEqual([
      {
        version: 1,
        risks: 'He has threatened to come to the house when drunk',
        escape_route: ESCAPE,
        review_on: reviewOn,
        created_by: org.users.partner.id,
      },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'partner_case.safety_plan_saved')
      .where('record_id', '=', caseId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('back gate');
    const page = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan`);
    expect(page.body).toContain('data-qa="current-version">Version 1');
    expect(page.body).toContain(ESCAPE);
    expect(page.body).toContain('0808 2000 247');
    expect(page.body).not.toContain('data-qa="review-overdue"');
  });

  it('every save is a new version: the earlier one is kept, listed with who and when, and viewable', async () => {
    const api = await manager.request('POST', `/api/v1/partner-cases/${caseId}/safety-plan`, {
      json: { risks: 'He now knows where she works', escapeRoute: 'Taxi to the refuge office', reviewOn: daysFromToday(14) },
    });
    expect(api.statusCode).toBe(201);
    expect(api.json<SafetyPlanView>()).toMatchObject({ version: 2, risks: 'He now knows where she works', reviewOverdue: false });
    const rows = await versionsOf(caseId);
    expect(rows.map((r) => [r.version, r.escape_route, r.created_by])).toEqual([
      [1, ESCAPE, org.users.partner.id],
      [2, 'Taxi to the refuge office', org.users.management.id],
    ]);
    const page = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan`);
    expect(page.body).toContain('data-qa="current-version">Version 2');
    expect(page.body).not.toContain(ESCAPE);
    const table = page.body.slice(page.body.indexOf('data-qa="plan-versions"'));
    expect(table).toContain(`/partner-cases/${caseId}/safety-plan/versions/1`);
    expect(table).toContain(`/partner-cases/${caseId}/safety-plan/versions/2`);
    expect(table).toContain('partner worker');
    expect(table).toContain('management worker');
    const earlier = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan/versions/1`);
    expect(earlier.statusCode).toBe(200);
    expect(earlier.body).toContain('data-qa="earlier-version"');
    expect(earlier.body).toContain(ESCAPE);
    expect(earlier.body).not.toContain('data-qa="changed-answers"');
    // Compared with the version before it: what this save changed, and nothing else.
    const second = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan/versions/2`);
    expect(second.body).not.toContain('data-qa="earlier-version"');
    const changed = second.body.slice(second.body.indexOf('data-qa="changed-answers"'));
    const items = [...changed.slice(0, changed.indexOf('</ul>')).matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
    expect(items).toEqual(['Risks the partner names', 'Warning signs', 'Route', 'Local police', 'Review date']);
    const listed = await partnerWorker.get(`/api/v1/partner-cases/${caseId}/safety-plan`);
    const body = listed.json<{ current: SafetyPlanView; versions: Array<{ version: number; savedBy: string }> }>();
    expect(body.current.version).toBe(2);
    expect(body.versions.map((v) => [v.version, v.savedBy])).toEqual([
      [2, 'Saltmarsh management worker'],
      [1, 'Saltmarsh partner worker'],
    ]);
    const v1 = await partnerWorker.get(`/api/v1/partner-cases/${caseId}/safety-plan/versions/1`);
    expect(v1.json<SafetyPlanView>().escapeRoute).toBe(ESCAPE);
    for (const missing of ['3', 'abc', '0']) {
      expect((await partnerWorker.get(`/partner-cases/${caseId}/safety-plan/versions/${missing}`)).statusCode).toBe(404);
      expect((await partnerWorker.get(`/api/v1/partner-cases/${caseId}/safety-plan/versions/${missing}`)).statusCode).toBe(404);
    }
  });

  it('the edit form starts from the current version', async () => {
    const form = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan/edit`);
    expect(form.body).toContain('Update the safety plan');
    expect(form.body).toContain('He now knows where she works');
    expect(form.body).toContain('Taxi to the refuge office');
  });

  it('the print view has the plan, the emergency numbers and the confidentiality mark, and no navigation', async () => {
    const print = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan/print`);
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('Confidential: keep somewhere safe');
    expect(print.body).toContain('Taxi to the refuge office');
    expect(print.body).toContain('999, then 55');
    expect(print.body).toContain('0808 2000 247');
    expect(print.body).not.toContain('govuk-service-navigation');
    expect(print.body).not.toContain('data-qa="sign-out"');
    expect(print.body).not.toContain('govuk-footer');
    expect(print.body).not.toContain(known.hisName);
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'partner_case.safety_plan_viewed')
      .where('record_id', '=', caseId)
      .execute();
    expect(viewed.map((v) => (v.details as { purpose?: string }).purpose)).toContain('print');
  });
});

describe('review dates', () => {
  it('a plan whose review date has passed is flagged on the plan page and her case page, and counted for dashboards', async () => {
    const service = new SafetyPlanService(t.database.db);
    const manager = actorOf(org, 'management');
    const before = await service.countOverdueReviews(manager);
    // A plan saved weeks ago, agreed for review last week: written directly, as the form refuses past dates.
    await t.database.db
      .insertInto('safety_plan_versions')
      .values({
        organisation_id: org.id,
        partner_case_id: caseId,
        version: 3,
        risks: 'Older plan',
        review_on: daysFromToday(-7),
        created_by: org.users.partner.id,
      })
      .execute();
    const plan = await partnerWorker.get(`/partner-cases/${caseId}/safety-plan`);
    expect(plan.body).toContain('data-qa="review-overdue"');
    const casePage = await partnerWorker.get(`/partner-cases/${caseId}/risk`);
    expect(casePage.body).toContain('data-qa="safety-plan-review-overdue"');
    expect(await service.countOverdueReviews(manager)).toBe(before + 1);
    expect(await service.countOverdueReviews(actorOf(org, 'partner'))).toBe(before + 1);
    await expect(service.countOverdueReviews(actorOf(org, 'perpetrator'))).rejects.toThrow();
    // Reviewing it with her (a new version with a new date) clears the flag.
    await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/safety-plan`, {
      json: { risks: 'Reviewed', reviewOn: daysFromToday(0) },
    });
    expect((await partnerWorker.get(`/partner-cases/${caseId}/risk`)).body).not.toContain('data-qa="safety-plan-review-overdue"');
    expect(await service.countOverdueReviews(manager)).toBe(before);
  });
});

describe('the wall', () => {
  const routes = (id: string) => [
    `/partner-cases/${id}/safety-plan`,
    `/partner-cases/${id}/safety-plan/edit`,
    `/partner-cases/${id}/safety-plan/print`,
    `/partner-cases/${id}/safety-plan/versions/1`,
    `/api/v1/partner-cases/${id}/safety-plan`,
    `/api/v1/partner-cases/${id}/safety-plan/versions/1`,
  ];

  it('his side is told "not found" on every safety plan route, exactly as for a case that does not exist', async () => {
    for (const url of [...routes(caseId), ...routes(randomUUID())]) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Taxi');
    }
    const form = await facilitator.submit(`/partner-cases/${caseId}/safety-plan`, { risks: 'x', ...formDate(daysFromToday(3)) });
    expect(form.statusCode).toBe(404);
    const api = await facilitator.request('POST', `/api/v1/partner-cases/${caseId}/safety-plan`, { json: {} });
    expect(api.statusCode).toBe(404);
    expect(expectErrorShape(api).error.code).toBe('not_found');
    expect((await versionsOf(caseId)).every((v) => v.created_by !== org.users.perpetrator.id)).toBe(true);
  });

  it('row-level security: his side, an administrator, the DPO and a user in no team read no plan, even asking directly', async () => {
    const rowsAs = async (side: Side | 'noTeam') => {
      const user = side === 'noTeam' ? org.users.noTeam : org.users[side];
      return withActor(t.database.db, { userId: user.id, organisationId: org.id }, async (trx) => {
        const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM safety_plan_versions`.execute(trx);
        return Number(rows[0]?.n);
      });
    };
    expect(await rowsAs('partner')).toBeGreaterThan(0);
    for (const side of ['perpetrator', 'admin', 'dpo', 'noTeam'] as const) {
      expect(await rowsAs(side), side).toBe(0);
    }
    const forged = withActor(t.database.db, { userId: org.users.perpetrator.id, organisationId: org.id }, (trx) =>
      trx
        .insertInto('safety_plan_versions')
        .values({
          organisation_id: org.id,
          partner_case_id: caseId,
          version: 99,
          risks: 'forged',
          review_on: daysFromToday(3),
          created_by: org.users.perpetrator.id,
        })
        .execute(),
    );
    await expect(forged).rejects.toThrow();
  });
});
