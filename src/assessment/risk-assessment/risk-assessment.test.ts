import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import { actorOf } from '../../../test/fixtures/cases.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import { withActor } from '../../db/database.js';
import { RISK_DOMAINS } from '../domains.js';
import type { RiskAssessmentView } from './presenters.js';
import { latestRiskAssessment } from './repository.js';
import { RiskAssessmentService } from './service.js';
import {
  FIRST_REVIEW,
  PLAN,
  STRANGULATION_EVIDENCE,
  apiBody,
  daysFromToday,
  domainForm,
  formDate,
  setUpRiskAssessmentTest,
  versionsOf as versionsIn,
} from './risk-assessment-test-setup.js';

/*
 * The expert risk assessment of him (issue 6, point 2): fourteen domains each rated with its
 * evidence, an overall level, findings, a plan and a review date, in versions never rewritten,
 * each new version starting from the one before. His side and management only.
 *
 * Review dates, the partner side and the API document: risk-assessment-access.test.ts.
 */
let t: TestApp;
let org: TestOrganisation;
let participantId: string;
let facilitator: TestClient;
let manager: TestClient;

const versionsOf = (id: string) => versionsIn(t, id);

beforeAll(async () => {
  ({ t, org, participantId, facilitator, manager } = await setUpRiskAssessmentTest());
});
afterAll(async () => t?.close());

describe('recording his risk assessment', () => {
  it('before any is recorded, the page says so and offers the form', async () => {
    const page = await facilitator.get(`/participants/${participantId}/risk-assessment`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="no-risk-assessment"');
    const assessmentPage = await facilitator.get(`/participants/${participantId}/assessment`);
    expect(assessmentPage.body).toContain(`href="/participants/${participantId}/risk-assessment/new"`);
    const form = await facilitator.get(`/participants/${participantId}/risk-assessment/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Record a risk assessment');
    expect(form.body).not.toContain('data-qa="prefilled-from"');
    for (const domain of RISK_DOMAINS) {
      expect(form.body).toContain(`name="domains.${domain}.rating"`);
    }
  });

  it('a domain rated low, medium or high needs its evidence: the error is beside that domain, and nothing is written', async () => {
    const response = await facilitator.submit(`/participants/${participantId}/risk-assessment`, {
      ...domainForm({ strangulation: ['high', ''], substance_use: ['low', 'Drinks most evenings'] }),
      ...formDate('assessedOn', daysFromToday(0)),
      overallLevel: 'high',
      summary: 'He minimises the incident in March',
      managementPlan: PLAN,
      ...formDate('reviewOn', daysFromToday(28)),
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(
      response.body,
      'domains.strangulation.evidence',
      'Enter the evidence for the rating of strangulation, choking or suffocation',
    );
    expect(response.body).not.toContain('id="domains.substance_use.evidence-error"');
    // Nothing typed is lost.
    expect(response.body).toContain('Drinks most evenings');
    expect(response.body).toContain(PLAN);
    const noRating = await facilitator.submit(`/participants/${participantId}/risk-assessment`, {
      ...formDate('assessedOn', daysFromToday(0)),
      ...formDate('reviewOn', daysFromToday(-1)),
    });
    expect(noRating.statusCode).toBe(400);
    expectFieldError(noRating.body, 'domains.weapons.rating', 'Select a rating for use of weapons or objects');
    expectFieldError(noRating.body, 'overallLevel', 'Select the overall level of risk');
    expectFieldError(noRating.body, 'reviewOn', 'The review date must be today or in the future');

    const api = await facilitator.request('POST', `/api/v1/participants/${participantId}/risk-assessments`, {
      json: apiBody({}, { weapons: { rating: 'medium' }, stalking: { rating: 'high', evidence: '   ' } }),
    });
    expect(api.statusCode).toBe(400);
    const fields = expectErrorShape(api).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['domains.stalking.evidence', 'domains.weapons.evidence']);
    const backwards = await facilitator.request('POST', `/api/v1/participants/${participantId}/risk-assessments`, {
      json: apiBody({ assessedOn: daysFromToday(1), domains: undefined }),
    });
    expect(backwards.statusCode).toBe(400);
    expect(Object.keys(expectErrorShape(backwards).error.fields)).toEqual(expect.arrayContaining(['assessedOn', 'domains']));
    expect(await versionsOf(participantId)).toEqual([]);
  });

  it('the form saves version 1 with all fourteen domains, audited without its findings', async () => {
    const reviewOn = FIRST_REVIEW;
    const response = await facilitator.submit(`/participants/${participantId}/risk-assessment`, {
      ...domainForm({ strangulation: ['high', STRANGULATION_EVIDENCE], substance_use: ['low', 'Drinks most evenings'] }),
      'domains.mental_health.rating': 'not_known',
      ...formDate('assessedOn', daysFromToday(-2)),
      overallLevel: 'high',
      summary: 'He minimises the incident in March',
      managementPlan: PLAN,
      ...formDate('reviewOn', reviewOn),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/participants/${participantId}/risk-assessment?saved=1`);
    const rows = await versionsOf(participantId);
    expect(rows.map((r) => [r.version, r.overall_level, r.review_on, r.assessed_by])).toEqual([
      [1, 'high', reviewOn, org.users.perpetrator.id],
    ]);
    const domains = await t.database.db
      .selectFrom('risk_assessment_domains')
      .select(['domain', 'rating', 'evidence'])
      .where('risk_assessment_id', '=', rows[0]!.id)
      .execute();
    expect(domains).toHaveLength(14);
    expect(domains.find((d) => d.domain === 'strangulation')).toEqual({
      domain: 'strangulation',
      rating: 'high',
      evidence: STRANGULATION_EVIDENCE,
    });
    expect(domains.find((d) => d.domain === 'mental_health')?.rating).toBe('not_known');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'record_type', 'details'])
      .where('action', '=', 'assessment.risk_assessment_recorded')
      .where('record_id', '=', rows[0]!.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: org.users.perpetrator.id, record_type: 'risk_assessment' });
    expect(audit[0]?.details).toMatchObject({ participantId, version: 1, overallLevel: 'high' });
    expect(JSON.stringify(audit)).not.toContain('hands round');
    const page = await facilitator.get(`/participants/${participantId}/risk-assessment`);
    expect(page.body).toContain('data-qa="current-version">Version 1');
    expect(page.body).toContain(STRANGULATION_EVIDENCE);
    expect(page.body).toMatch(/govuk-tag--orange[^>]*data-qa="overall-level"|data-qa="overall-level"[^>]*>\s*High/);
    expect(page.body).not.toContain('data-qa="review-overdue"');
  });

  it('a new version starts from the previous one, so nothing is typed twice', async () => {
    const form = await manager.get(`/participants/${participantId}/risk-assessment/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Record a new version of the risk assessment');
    expect(form.body).toContain('data-qa="prefilled-from"');
    expect(form.body).toContain(STRANGULATION_EVIDENCE);
    expect(form.body).toContain(PLAN);
    expect(form.body).toMatch(/name="domains\.strangulation\.rating" type="radio" value="high" checked/);
    expect(form.body).toMatch(/name="overallLevel" type="radio" value="high" checked/);
    // The review date agreed last time is still ahead, so it carries over too.
    const [year, month, day] = FIRST_REVIEW.split('-').map(Number);
    expect(form.body).toMatch(new RegExp(`name="reviewOn-day"[^>]*value="${day}"`));
    expect(form.body).toMatch(new RegExp(`name="reviewOn-month"[^>]*value="${month}"`));
    expect(form.body).toMatch(new RegExp(`name="reviewOn-year"[^>]*value="${year}"`));
  });

  it('the API records version 2; version 1 is kept, listed and readable, and the changes are named', async () => {
    const api = await manager.request('POST', `/api/v1/participants/${participantId}/risk-assessments`, {
      json: apiBody(
        { overallLevel: 'very_high' },
        {
          strangulation: { rating: 'high', evidence: STRANGULATION_EVIDENCE },
          weapons: { rating: 'medium', evidence: 'Kitchen knife mentioned in the police report' },
        },
      ),
    });
    expect(api.statusCode).toBe(201);
    const saved = api.json<RiskAssessmentView>();
    expect(saved).toMatchObject({ version: 2, overallLevel: 'very_high', reviewOverdue: false });
    expect(saved.domains.weapons).toEqual({ rating: 'medium', evidence: 'Kitchen knife mentioned in the police report' });
    const rows = await versionsOf(participantId);
    expect(rows.map((r) => [r.version, r.overall_level, r.assessed_by])).toEqual([
      [1, 'high', org.users.perpetrator.id],
      [2, 'very_high', org.users.management.id],
    ]);
    const listed = await facilitator.get(`/api/v1/participants/${participantId}/risk-assessments`);
    expect(listed.statusCode).toBe(200);
    const body = listed.json<{ current: RiskAssessmentView; versions: Array<{ version: number; savedBy: string }> }>();
    expect(body.current.version).toBe(2);
    expect(body.versions.map((v) => [v.version, v.savedBy])).toEqual([
      [2, 'Hollowmere management worker'],
      [1, 'Hollowmere perpetrator worker'],
    ]);
    const v1 = await facilitator.get(`/api/v1/participants/${participantId}/risk-assessments/1`);
    expect(v1.json<RiskAssessmentView>()).toMatchObject({ version: 1, overallLevel: 'high' });
    expect(v1.json<RiskAssessmentView>().domains.substance_use).toEqual({ rating: 'low', evidence: 'Drinks most evenings' });

    const page = await facilitator.get(`/participants/${participantId}/risk-assessment`);
    expect(page.body).toContain('data-qa="current-version">Version 2');
    const table = page.body.slice(page.body.indexOf('data-qa="risk-assessment-versions"'));
    expect(table).toContain(`/participants/${participantId}/risk-assessment/versions/1`);
    expect(table).toContain(`/participants/${participantId}/risk-assessment/versions/2`);
    const earlier = await facilitator.get(`/participants/${participantId}/risk-assessment/versions/1`);
    expect(earlier.statusCode).toBe(200);
    expect(earlier.body).toContain('data-qa="earlier-version"');
    expect(earlier.body).toContain('Drinks most evenings');
    const second = await facilitator.get(`/participants/${participantId}/risk-assessment/versions/2`);
    const changed = second.body.slice(second.body.indexOf('data-qa="changed-answers"'));
    const items = [...changed.slice(0, changed.indexOf('</ul>')).matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
    expect(items).toContain('Use of weapons or objects');
    expect(items).toContain('Overall level of risk');
    expect(items).not.toContain('Strangulation, choking or suffocation');
    for (const missing of ['3', 'abc', '0']) {
      expect((await facilitator.get(`/participants/${participantId}/risk-assessment/versions/${missing}`)).statusCode).toBe(404);
      expect((await facilitator.get(`/api/v1/participants/${participantId}/risk-assessments/${missing}`)).statusCode).toBe(404);
    }
    // Other capabilities read the latest in brief.
    const latest = await withActor(t.database.db, actorOf(org, 'management'), (trx) => latestRiskAssessment(trx, participantId));
    expect(latest).toMatchObject({ version: 2, overallLevel: 'very_high' });
    expect(latest?.domains.weapons).toBe('medium');
    expect(Object.keys(latest?.domains ?? {})).toHaveLength(14);
  });

  it('two saves numbered the same: the second is a conflict (409), not a server error', async () => {
    // A version written behind the service's back with the number the next save would take.
    const service = new RiskAssessmentService(t.database.db);
    const before = (await versionsOf(participantId)).length;
    const { ZRiskAssessmentInput } = await import('./schemas.js');
    const input = ZRiskAssessmentInput.parse(apiBody());
    await sql`CREATE OR REPLACE FUNCTION test_bump_version() RETURNS trigger AS $$ BEGIN NEW.version := NEW.version - 1; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(
      t.database.db,
    );
    await sql`CREATE TRIGGER test_bump BEFORE INSERT ON risk_assessments FOR EACH ROW EXECUTE FUNCTION test_bump_version()`.execute(
      t.database.db,
    );
    try {
      await expect(service.record(actorOf(org, 'perpetrator'), participantId, input, { ip: null })).rejects.toMatchObject({
        status: 409,
      });
    } finally {
      await sql`DROP TRIGGER test_bump ON risk_assessments`.execute(t.database.db);
    }
    expect(await versionsOf(participantId)).toHaveLength(before);
  });

  it('the print view carries the assessment alone, with no navigation', async () => {
    const print = await facilitator.get(`/participants/${participantId}/risk-assessment/print`);
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('data-qa="print-version">Version 2');
    expect(print.body).toContain(STRANGULATION_EVIDENCE);
    expect(print.body).toContain(PLAN);
    expect(print.body).not.toContain('govuk-service-navigation');
    expect(print.body).not.toContain('data-qa="sign-out"');
    expect(print.body).not.toContain('govuk-footer');
  });
});
