import type { TestApp } from '../../../test/fixtures/app.js';
import { caseTeam } from '../../../test/fixtures/case-team.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import type { RiskDomain } from '../../db/schema.js';
import { RISK_DOMAINS } from '../domains.js';
import { daysAfter, todayInLondon } from '../../dates/london.js';

/*
 * What the risk assessment tests share (risk-assessment.test.ts, risk-assessment-access.test.ts):
 * dates, the evidence and plan that must never reach the partner side, the form and API answers,
 * and one organisation with his case, signed in as his side, management and her side.
 */

export const daysFromToday = (days: number) => daysAfter(todayInLondon(), days);
export const formDate = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

export const STRANGULATION_EVIDENCE = 'Police report of 3 March: he held his hands round her neck during an argument';
export const FIRST_REVIEW = daysFromToday(28);
export const PLAN = 'Weekly one-to-one sessions before group; joint review with probation in four weeks';

/** A full form: every domain rated none, except those given. */
export function domainForm(ratings: Partial<Record<RiskDomain, [string, string]>> = {}): Record<string, string> {
  const form: Record<string, string> = {};
  for (const domain of RISK_DOMAINS) {
    const [rating, evidence] = ratings[domain] ?? ['none', ''];
    form[`domains.${domain}.rating`] = rating;
    form[`domains.${domain}.evidence`] = evidence;
  }
  return form;
}

export function apiBody(
  overrides: Record<string, unknown> = {},
  domains: Partial<Record<RiskDomain, { rating: string; evidence?: string }>> = {},
) {
  const all: Record<string, { rating: string; evidence?: string }> = {};
  for (const domain of RISK_DOMAINS) {
    all[domain] = domains[domain] ?? { rating: 'not_known' };
  }
  return {
    assessedOn: daysFromToday(0),
    domains: all,
    overallLevel: 'medium',
    summary: 'Reassessed after his disclosure in group',
    managementPlan: PLAN,
    reviewOn: daysFromToday(30),
    ...overrides,
  };
}

export type RiskAssessmentTest = {
  t: TestApp;
  org: TestOrganisation;
  participantId: string;
  facilitator: TestClient;
  manager: TestClient;
  partnerWorker: TestClient;
};

export async function setUpRiskAssessmentTest(): Promise<RiskAssessmentTest> {
  const { t, org, known, facilitator, manager, partnerWorker } = await caseTeam('Hollowmere', 'R');
  return { t, org, participantId: known.participantId, facilitator, manager, partnerWorker };
}

/** His risk assessment's versions, in order. */
export async function versionsOf(t: TestApp, id: string) {
  return t.database.db
    .selectFrom('risk_assessments')
    .select(['id', 'version', 'overall_level', 'management_plan', 'review_on', 'assessed_by'])
    .where('participant_id', '=', id)
    .orderBy('version')
    .execute();
}
