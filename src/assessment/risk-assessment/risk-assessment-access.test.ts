import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/fixtures/app.js';
import { expectErrorShape } from '../../../test/fixtures/assertions.js';
import { actorOf } from '../../../test/fixtures/cases.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import { withActor } from '../../db/database.js';
import type { Side } from '../../db/schema.js';
import { RISK_DOMAINS } from '../domains.js';
import type { RiskAssessmentView } from './presenters.js';
import { RiskAssessmentService } from './service.js';
import {
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
 * His risk assessment (issue 6, point 2): a review date that has passed, the partner side refused
 * everywhere and reading no row, and the API document. Recording it: risk-assessment.test.ts.
 */
let t: TestApp;
let org: TestOrganisation;
let participantId: string;
let facilitator: TestClient;
let partnerWorker: TestClient;

const versionsOf = (id: string) => versionsIn(t, id);

beforeAll(async () => {
  ({ t, org, participantId, facilitator, partnerWorker } = await setUpRiskAssessmentTest());
  // His side has recorded versions 1 and 2, with evidence and a plan the partner side must never read.
  for (const body of [
    apiBody({ overallLevel: 'high' }, { strangulation: { rating: 'high', evidence: STRANGULATION_EVIDENCE } }),
    apiBody(
      { overallLevel: 'very_high' },
      {
        strangulation: { rating: 'high', evidence: STRANGULATION_EVIDENCE },
        weapons: { rating: 'medium', evidence: 'Kitchen knife mentioned in the police report' },
      },
    ),
  ]) {
    const saved = await facilitator.request('POST', `/api/v1/participants/${participantId}/risk-assessments`, { json: body });
    if (saved.statusCode !== 201) {
      throw new Error(`recording a version answered ${saved.statusCode}: ${saved.body}`);
    }
  }
});
afterAll(async () => t?.close());

describe('review dates', () => {
  it('a review date that has passed is flagged on the risk assessment page and in its summary', async () => {
    const old = await t.database.db
      .insertInto('risk_assessments')
      .values({
        organisation_id: org.id,
        participant_id: participantId,
        version: 3,
        assessed_on: daysFromToday(-60),
        overall_level: 'medium',
        summary: 'Older assessment',
        management_plan: 'Older plan',
        review_on: daysFromToday(-7),
        assessed_by: org.users.perpetrator.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('risk_assessment_domains')
      .values(
        RISK_DOMAINS.map((domain) => ({
          risk_assessment_id: old.id,
          organisation_id: org.id,
          domain,
          rating: 'not_known' as const,
        })),
      )
      .execute();
    const page = await facilitator.get(`/participants/${participantId}/risk-assessment`);
    expect(page.body).toContain('data-qa="review-overdue"');
    const section = await new RiskAssessmentService(t.database.db).section(actorOf(org, 'perpetrator'), participantId);
    expect(section?.current).toMatchObject({ version: 3, reviewOverdue: true, overallLevel: 'medium' });
    // His assessment page carries the summary: level, review date, overdue, and the way in.
    const assessmentPage = await facilitator.get(`/participants/${participantId}/assessment`);
    expect(assessmentPage.statusCode).toBe(200);
    expect(assessmentPage.body).toContain('data-qa="risk-assessment-review-overdue"');
    expect(assessmentPage.body).toMatch(/data-qa="risk-assessment-level">\s*Medium/);
    expect(assessmentPage.body).toContain(`href="/participants/${participantId}/risk-assessment" data-qa="risk-assessment-link"`);
    // Reviewing it (a new version with a new date) clears the flag.
    const reviewed = await facilitator.request('POST', `/api/v1/participants/${participantId}/risk-assessments`, {
      json: apiBody(),
    });
    expect(reviewed.json<RiskAssessmentView>()).toMatchObject({ version: 4, reviewOverdue: false });
    expect((await facilitator.get(`/participants/${participantId}/risk-assessment`)).body).not.toContain(
      'data-qa="review-overdue"',
    );
    const refreshed = await facilitator.get(`/participants/${participantId}/assessment`);
    expect(refreshed.body).toContain('data-qa="risk-assessment-status"');
    expect(refreshed.body).not.toContain('data-qa="risk-assessment-review-overdue"');
  });
});

describe('the partner side', () => {
  const routes = (id: string) => [
    `/participants/${id}/risk-assessment`,
    `/participants/${id}/risk-assessment/new`,
    `/participants/${id}/risk-assessment/print`,
    `/participants/${id}/risk-assessment/versions/1`,
    `/api/v1/participants/${id}/risk-assessments`,
    `/api/v1/participants/${id}/risk-assessments/1`,
  ];

  it('is refused (403) on every page and API route, and sees nothing of the assessment', async () => {
    const assessmentPage = await partnerWorker.get(`/participants/${participantId}/assessment`);
    expect(assessmentPage.body).not.toContain('data-qa="risk-assessment-status"');
    for (const url of [...routes(participantId), ...routes(randomUUID())]) {
      const response = await partnerWorker.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.body).not.toContain('hands round');
      expect(response.body).not.toContain(PLAN);
    }
    const before = (await versionsOf(participantId)).length;
    const form = await partnerWorker.submit(`/participants/${participantId}/risk-assessment`, {
      ...domainForm(),
      ...formDate('assessedOn', daysFromToday(0)),
      overallLevel: 'standard',
      summary: 'x',
      managementPlan: 'x',
      ...formDate('reviewOn', daysFromToday(5)),
    });
    expect(form.statusCode).toBe(403);
    const invalid = await partnerWorker.submit(`/participants/${participantId}/risk-assessment`, { overallLevel: 'nonsense' });
    expect(invalid.statusCode).toBe(403);
    const api = await partnerWorker.request('POST', `/api/v1/participants/${participantId}/risk-assessments`, { json: {} });
    expect(api.statusCode).toBe(403);
    expect(expectErrorShape(api).error.code).toBe('forbidden');
    expect(await versionsOf(participantId)).toHaveLength(before);
    expect(await new RiskAssessmentService(t.database.db).section(actorOf(org, 'partner'), participantId)).toBeNull();
  });

  it('row-level security: the partner side, an administrator, the DPO and a user in no team read no row, even asking directly', async () => {
    const rowsAs = async (side: Side | 'noTeam') => {
      const user = side === 'noTeam' ? org.users.noTeam : org.users[side];
      return withActor(t.database.db, { userId: user.id, organisationId: org.id }, async (trx) => {
        const { rows } = await sql<{
          n: string;
        }>`SELECT (SELECT count(*) FROM risk_assessments) + (SELECT count(*) FROM risk_assessment_domains) AS n`.execute(trx);
        return Number(rows[0]?.n);
      });
    };
    expect(await rowsAs('perpetrator')).toBeGreaterThan(0);
    expect(await rowsAs('management')).toBeGreaterThan(0);
    for (const side of ['partner', 'admin', 'dpo', 'noTeam'] as const) {
      expect(await rowsAs(side), side).toBe(0);
    }
  });
});

describe('the API document', () => {
  it('lists the risk assessment endpoints', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(document.paths[`/api/v1/participants/{id}${path}`] ?? {}).sort();
    expect(methods('/risk-assessments')).toEqual(['get', 'post']);
    expect(methods('/risk-assessments/{version}')).toEqual(['get']);
  });
});
