import type { Trx } from '../db/database.js';
import type {
  DashAnswer,
  DashLevel,
  DisclosureSeverity,
  DisclosureType,
  DomainRating,
  MaracStatus,
  ParticipantEventType,
  PartnerCaseStatus,
  RiskDomain,
  RiskLevel,
  SuitabilityOutcome,
} from '../db/schema.js';

/*
 * SQL for the risk picture. It reads the tables of the assessment of him (risk_assessments,
 * risk_assessment_domains, suitability_assessments: his side) and of her DASH and MARAC
 * (dash_assessments, dash_answers, marac_referrals, marac_meetings: her side); the escalation
 * alerts' SQL is in alerts-repository.ts. Row-level security keeps each side's tables from the
 * other; the service decides which of these a user is asked for at all.
 */

// --- His side ---------------------------------------------------------------------------------

export type RiskAssessmentRow = { id: string; version: number; assessedOn: string; overallLevel: RiskLevel; reviewOn: string };

export async function listRiskAssessments(trx: Trx, participantId: string): Promise<RiskAssessmentRow[]> {
  return trx
    .selectFrom('risk_assessments')
    .select(['id', 'version', 'assessed_on as assessedOn', 'overall_level as overallLevel', 'review_on as reviewOn'])
    .where('participant_id', '=', participantId)
    .orderBy('version', 'desc')
    .execute();
}

/** His latest risk assessment (highest version) and its domain ratings, if he has one. */
export async function latestRiskAssessment(
  trx: Trx,
  participantId: string,
): Promise<(RiskAssessmentRow & { ratings: Partial<Record<RiskDomain, DomainRating>> }) | undefined> {
  const latest = await trx
    .selectFrom('risk_assessments')
    .select(['id', 'version', 'assessed_on as assessedOn', 'overall_level as overallLevel', 'review_on as reviewOn'])
    .where('participant_id', '=', participantId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) {
    return undefined;
  }
  const rows = await trx
    .selectFrom('risk_assessment_domains')
    .select(['domain', 'rating'])
    .where('risk_assessment_id', '=', latest.id)
    .execute();
  const ratings: Partial<Record<RiskDomain, DomainRating>> = {};
  for (const row of rows) {
    ratings[row.domain] = row.rating;
  }
  return { ...latest, ratings };
}

export type SuitabilityRow = { id: string; assessedOn: string; outcome: SuitabilityOutcome };

export async function listSuitabilityAssessments(trx: Trx, participantId: string): Promise<SuitabilityRow[]> {
  return trx
    .selectFrom('suitability_assessments')
    .select(['id', 'assessed_on as assessedOn', 'outcome'])
    .where('participant_id', '=', participantId)
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export type DisclosureRow = {
  id: string;
  disclosedOn: string;
  type: DisclosureType;
  severity: DisclosureSeverity;
  detail: string;
};

/** His disclosures, with their detail: his side's record, never read for her side. */
export async function listDisclosures(trx: Trx, participantId: string): Promise<DisclosureRow[]> {
  return trx
    .selectFrom('disclosures')
    .select(['id', 'disclosed_on as disclosedOn', 'type', 'severity', 'detail'])
    .where('participant_id', '=', participantId)
    .orderBy('disclosed_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
}

// --- Her side ---------------------------------------------------------------------------------

export type PartnerCaseRow = {
  partnerCaseId: string;
  organisationId: string;
  reference: string;
  status: PartnerCaseStatus;
  givenName: string;
  familyName: string;
  participantId: string;
};

function partnerCases(trx: Trx) {
  return trx
    .selectFrom('partner_cases as pc')
    .innerJoin('partners as pa', 'pa.id', 'pc.partner_id')
    .select([
      'pc.id as partnerCaseId',
      'pc.organisation_id as organisationId',
      'pc.reference',
      'pc.status',
      'pa.given_name as givenName',
      'pa.family_name as familyName',
      'pa.participant_id as participantId',
    ]);
}

/** Her case and the participant it is linked to. Unscoped by organisation: the service checks it. */
export async function findPartnerCase(trx: Trx, partnerCaseId: string): Promise<PartnerCaseRow | undefined> {
  return partnerCases(trx).where('pc.id', '=', partnerCaseId).executeTakeFirst();
}

/** Every partner case linked to him, open or closed. */
export async function listPartnerCasesOf(trx: Trx, participantId: string): Promise<PartnerCaseRow[]> {
  return partnerCases(trx)
    .where('pa.participant_id', '=', participantId)
    .where('pa.merged_into', 'is', null)
    .orderBy('pc.opened_on')
    .orderBy('pc.reference')
    .execute();
}

export type DashRow = {
  id: string;
  completedOn: string;
  yesCount: number;
  scoreLevel: DashLevel;
  judgementLevel: DashLevel | null;
};

export async function listDashes(trx: Trx, partnerCaseId: string): Promise<DashRow[]> {
  return trx
    .selectFrom('dash_assessments')
    .select([
      'id',
      'completed_on as completedOn',
      'yes_count as yesCount',
      'score_level as scoreLevel',
      'judgement_level as judgementLevel',
    ])
    .where('partner_case_id', '=', partnerCaseId)
    .orderBy('completed_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Her DASH before `dashAssessmentId`: the latest other one completed on or before `completedOn`. */
export async function previousDash(
  trx: Trx,
  partnerCaseId: string,
  dashAssessmentId: string,
  completedOn: string,
): Promise<DashRow | undefined> {
  return trx
    .selectFrom('dash_assessments')
    .select([
      'id',
      'completed_on as completedOn',
      'yes_count as yesCount',
      'score_level as scoreLevel',
      'judgement_level as judgementLevel',
    ])
    .where('partner_case_id', '=', partnerCaseId)
    .where('id', '!=', dashAssessmentId)
    .where('completed_on', '<=', completedOn)
    .orderBy('completed_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function dashAnswers(trx: Trx, dashAssessmentId: string): Promise<Map<number, DashAnswer>> {
  const rows = await trx
    .selectFrom('dash_answers')
    .select(['question', 'answer'])
    .where('dash_assessment_id', '=', dashAssessmentId)
    .execute();
  return new Map(rows.map((row) => [Number(row.question), row.answer]));
}

export type MaracRow = {
  id: string;
  referredOn: string;
  area: string;
  status: MaracStatus;
  heardOn: string | null;
  meetsOn: string | null;
};

export async function listMaracReferrals(trx: Trx, partnerCaseId: string): Promise<MaracRow[]> {
  return trx
    .selectFrom('marac_referrals as r')
    .leftJoin('marac_meetings as m', 'm.id', 'r.marac_meeting_id')
    .select(['r.id', 'r.referred_on as referredOn', 'r.area', 'r.status', 'r.heard_on as heardOn', 'm.meets_on as meetsOn'])
    .where('r.partner_case_id', '=', partnerCaseId)
    .orderBy('r.referred_on', 'desc')
    .execute();
}

export type EventRow = { id: string; type: ParticipantEventType; occurredOn: string; basicSummary: string };

/** His events as the partner service is told them: the basic sentence only. */
export async function listBasicEvents(trx: Trx, participantId: string, limit = 200): Promise<EventRow[]> {
  return trx
    .selectFrom('participant_events')
    .select(['id', 'type', 'occurred_on as occurredOn', 'basic_summary as basicSummary'])
    .where('participant_id', '=', participantId)
    .orderBy('occurred_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
