import { sql } from 'kysely';
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
 * SQL for the risk picture and the escalation alerts. It reads the tables of the assessment of him
 * (risk_assessments, risk_assessment_domains, suitability_assessments: his side), of her DASH and
 * MARAC (dash_assessments, dash_answers, marac_referrals, marac_meetings: her side) and the alerts
 * (risk_alerts: one row per side told). Row-level security keeps each side's tables from the
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

// --- Alerts -----------------------------------------------------------------------------------

export type AlertRow = {
  id: string;
  organisationId: string;
  side: 'perpetrator' | 'partner';
  participantId: string;
  participantGivenName: string;
  participantFamilyName: string;
  participantReference: string;
  partnerCaseId: string | null;
  source: 'disclosure' | 'dash';
  levelBefore: RiskLevel | null;
  levelAfter: RiskLevel | null;
  summary: string;
  raisedOn: string;
  acknowledgedAt: Date | null;
  acknowledgedByName: string | null;
};

export type AlertFilter = {
  side: 'perpetrator' | 'partner';
  openOnly?: boolean;
  participantId?: string;
  partnerCaseId?: string;
  /**
   * Only "mine": for his side, men whose case is allocated to this user or who are in a group they
   * facilitate; for her side, cases allocated to this user.
   */
  workerId?: string;
};

/** One side's alerts, newest first. The partner case's reference and her name are read separately, by her side only. */
export async function listAlerts(trx: Trx, organisationId: string, filter: AlertFilter, limit = 200): Promise<AlertRow[]> {
  let query = trx
    .selectFrom('risk_alerts as a')
    .innerJoin('participants as p', 'p.id', 'a.participant_id')
    .leftJoin('users as u', 'u.id', 'a.acknowledged_by')
    .select([
      'a.id',
      'a.organisation_id as organisationId',
      'a.side',
      'a.participant_id as participantId',
      'p.given_name as participantGivenName',
      'p.family_name as participantFamilyName',
      'p.reference as participantReference',
      'a.partner_case_id as partnerCaseId',
      'a.source',
      'a.level_before as levelBefore',
      'a.level_after as levelAfter',
      'a.summary',
      'a.raised_on as raisedOn',
      'a.acknowledged_at as acknowledgedAt',
      'u.display_name as acknowledgedByName',
    ])
    .where('a.organisation_id', '=', organisationId)
    .where('a.side', '=', filter.side);
  if (filter.openOnly) {
    query = query.where('a.acknowledged_at', 'is', null);
  }
  if (filter.participantId) {
    query = query.where('a.participant_id', '=', filter.participantId);
  }
  if (filter.partnerCaseId) {
    query = query.where('a.partner_case_id', '=', filter.partnerCaseId);
  }
  const workerId = filter.workerId;
  if (workerId && filter.side === 'perpetrator') {
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('perpetrator_cases as pcase')
            .select('pcase.id')
            .whereRef('pcase.participant_id', '=', 'a.participant_id')
            .where('pcase.allocated_worker_id', '=', workerId),
        ),
        eb.exists(
          eb
            .selectFrom('programme_enrolments as e')
            .innerJoin('group_facilitators as gf', 'gf.group_id', 'e.group_id')
            .select('e.id')
            .whereRef('e.participant_id', '=', 'a.participant_id')
            .where('gf.user_id', '=', workerId),
        ),
      ]),
    );
  }
  if (workerId && filter.side === 'partner') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('partner_cases as hers')
          .select('hers.id')
          .whereRef('hers.id', '=', 'a.partner_case_id')
          .where('hers.allocated_worker_id', '=', workerId),
      ),
    );
  }
  return query.orderBy('a.raised_on', 'desc').orderBy('a.created_at', 'desc').limit(limit).execute();
}

/** One alert; row-level security returns nothing of the other side's. Unscoped by organisation: the service checks it. */
export async function findAlert(
  trx: Trx,
  alertId: string,
): Promise<{ id: string; organisationId: string; side: 'perpetrator' | 'partner'; acknowledgedAt: Date | null } | undefined> {
  return trx
    .selectFrom('risk_alerts')
    .select(['id', 'organisation_id as organisationId', 'side', 'acknowledged_at as acknowledgedAt'])
    .where('id', '=', alertId)
    .executeTakeFirst();
}

/** Acknowledges an open alert; false if it had been already. */
export async function acknowledgeAlert(trx: Trx, alertId: string, userId: string): Promise<boolean> {
  const result = await trx
    .updateTable('risk_alerts')
    .set({ acknowledged_by: userId, acknowledged_at: new Date() })
    .where('id', '=', alertId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Her cases' references and names, for her side's alert lists. */
export async function partnerCaseNames(
  trx: Trx,
  partnerCaseIds: string[],
): Promise<Map<string, { reference: string; name: string }>> {
  if (partnerCaseIds.length === 0) {
    return new Map();
  }
  const rows = await partnerCases(trx).where('pc.id', 'in', partnerCaseIds).execute();
  return new Map(
    rows.map((row) => [row.partnerCaseId, { reference: row.reference, name: `${row.givenName} ${row.familyName}` }]),
  );
}

// --- Writing alerts ---------------------------------------------------------------------------

export type NewAlert = {
  organisationId: string;
  side: 'perpetrator' | 'partner';
  participantId: string;
  partnerCaseId: string | null;
  source: 'disclosure' | 'dash';
  disclosureId: string | null;
  dashAssessmentId: string | null;
  levelBefore: RiskLevel | null;
  levelAfter: RiskLevel | null;
  summary: string;
  raisedOn: string;
};

export async function insertAlert(trx: Trx, alert: NewAlert): Promise<string> {
  const row = await trx
    .insertInto('risk_alerts')
    .values({
      organisation_id: alert.organisationId,
      side: alert.side,
      participant_id: alert.participantId,
      partner_case_id: alert.partnerCaseId,
      source: alert.source,
      disclosure_id: alert.disclosureId,
      dash_assessment_id: alert.dashAssessmentId,
      level_before: alert.levelBefore,
      level_after: alert.levelAfter,
      summary: alert.summary,
      raised_on: alert.raisedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * One partner-side alert for each open partner case linked to him, raised from his disclosure in
 * the transaction of whoever recorded it — usually his facilitator, whom row-level security rightly
 * keeps from her cases and her side's alerts. So this one statement runs with the application role
 * set aside (SET LOCAL ROLE NONE, restored at once), like a SECURITY DEFINER function would:
 * - it reads nothing back to the caller (no RETURNING, no count): his side learns neither whether
 *   she has a case nor how many partners are told;
 * - what it writes is built by the caller from codes and a date only (src/risk/escalation.ts),
 *   never the disclosure's detail.
 * Where the connecting role cannot bypass row-level security (a PostgreSQL owner without
 * BYPASSRLS), the SELECT finds no case and nothing is written; a SECURITY DEFINER function in a
 * migration is the lasting home for this statement.
 */
export async function insertPartnerSideDisclosureAlerts(
  trx: Trx,
  values: { organisationId: string; participantId: string; disclosureId: string; summary: string; raisedOn: string },
): Promise<void> {
  await sql`SET LOCAL ROLE NONE`.execute(trx);
  await sql`
    INSERT INTO risk_alerts (organisation_id, side, participant_id, partner_case_id, source, disclosure_id, summary, raised_on)
    SELECT pc.organisation_id, 'partner', pa.participant_id, pc.id, 'disclosure', ${values.disclosureId}::uuid,
           ${values.summary}, ${values.raisedOn}::date
    FROM partner_cases pc
    JOIN partners pa ON pa.id = pc.partner_id
    WHERE pa.participant_id = ${values.participantId}::uuid
      AND pc.organisation_id = ${values.organisationId}::uuid
      AND pa.merged_into IS NULL
      -- Not closed: a case closed as not engaged is still told, so her worker can consider trying her again.
      AND pc.status <> 'closed'`.execute(trx);
  await sql`SET LOCAL ROLE parallel_app`.execute(trx);
}
