import type { QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import { organisationSettings } from '../db/organisation-settings.js';
import type { ClosureOutcome, Database, ParticipantEventType, SafetyAtClose } from '../db/schema.js';

/** His programme ends with one of these; a later start or resumption means it has not ended. */
export const PROGRAMME_END_TYPES = [
  'completed',
  'dropped_out',
  'excluded',
  'breached',
] as const satisfies readonly ParticipantEventType[];
const RESTART_TYPES = ['started', 'resumed'] as const satisfies readonly ParticipantEventType[];

export async function followUpSettings(
  trx: Trx,
  organisationId: string,
): Promise<{ followUpMonths: number; reviewMonths: number }> {
  return (await organisationSettings(trx, organisationId)).partnerFollowUp ?? { followUpMonths: 6, reviewMonths: 3 };
}

export async function saveFollowUpSettings(
  trx: Trx,
  organisationId: string,
  values: { followUpMonths: number; reviewMonths: number },
): Promise<void> {
  await trx
    .insertInto('partner_follow_up_settings')
    .values({ organisation_id: organisationId, follow_up_months: values.followUpMonths, review_months: values.reviewMonths })
    .onConflict((oc) =>
      oc.column('organisation_id').doUpdateSet({
        follow_up_months: values.followUpMonths,
        review_months: values.reviewMonths,
        updated_at: new Date(),
      }),
    )
    .execute();
}

export type OpenCaseEvents = {
  partnerCaseId: string;
  reference: string;
  partnerGivenName: string;
  partnerFamilyName: string;
  participantId: string;
  /** His end and restart events, newest first. */
  type: ParticipantEventType;
  occurredOn: string;
  basicSummary: string;
  createdAt: Date;
};

function openCasesQuery(
  db: QueryCreator<Database>,
  organisationId: string,
  filter: { workerId?: string; partnerCaseId?: string },
) {
  let query = db
    .selectFrom('partner_cases as pc')
    .innerJoin('partners as pa', 'pa.id', 'pc.partner_id')
    .innerJoin('participant_events as ev', 'ev.participant_id', 'pa.participant_id')
    .select([
      'pc.id as partnerCaseId',
      'pc.reference as reference',
      'pa.given_name as partnerGivenName',
      'pa.family_name as partnerFamilyName',
      'ev.participant_id as participantId',
      'ev.type as type',
      'ev.occurred_on as occurredOn',
      'ev.basic_summary as basicSummary',
      'ev.created_at as createdAt',
    ])
    .where('pc.organisation_id', '=', organisationId)
    .where('pc.status', '!=', 'closed')
    .where('pa.merged_into', 'is', null)
    .where('ev.type', 'in', [...PROGRAMME_END_TYPES, ...RESTART_TYPES]);
  if (filter.workerId) {
    query = query.where('pc.allocated_worker_id', '=', filter.workerId);
  }
  if (filter.partnerCaseId) {
    query = query.where('pc.id', '=', filter.partnerCaseId);
  }
  return query.orderBy('pc.reference').orderBy('ev.created_at', 'desc').orderBy('ev.id', 'desc');
}

/** One case's end and restart events, as her case page reads them: compiled once, with a placeholder for her case. */
const openCaseWithEndEventsQuery = compiledQuery((db, p: Placeholders<{ organisationId: string; partnerCaseId: string }>) =>
  openCasesQuery(db, p.organisationId, { partnerCaseId: p.partnerCaseId }),
);

/** The open partner cases (of one worker, one case, or all) with his programme's end and restart events. */
export async function openCasesWithEndEvents(
  trx: Trx,
  organisationId: string,
  filter: { workerId?: string; partnerCaseId?: string },
): Promise<OpenCaseEvents[]> {
  if (filter.partnerCaseId && !filter.workerId) {
    return openCaseWithEndEventsQuery.all(trx, { organisationId, partnerCaseId: filter.partnerCaseId });
  }
  return openCasesQuery(trx, organisationId, filter).execute();
}

export type ClosureRow = {
  outcome: ClosureOutcome;
  safetyAtClose: SafetyAtClose;
  feelingSafe: number | null;
  onwardReferrals: string | null;
  summary: string;
  earlyReason: string | null;
  closedAt: Date;
  closedByName: string;
};

const latestClosureQuery = compiledQuery((db, p: Placeholders<{ partnerCaseId: string }>) =>
  db
    .selectFrom('partner_case_closures as c')
    .innerJoin('users as u', 'u.id', 'c.closed_by')
    .select([
      'c.outcome as outcome',
      'c.safety_at_close as safetyAtClose',
      'c.feeling_safe as feelingSafe',
      'c.onward_referrals as onwardReferrals',
      'c.summary as summary',
      'c.early_reason as earlyReason',
      'c.closed_at as closedAt',
      'u.display_name as closedByName',
    ])
    .where('c.partner_case_id', '=', p.partnerCaseId)
    .orderBy('c.closed_at', 'desc')
    .limit(1),
);

export async function latestClosure(trx: Trx, partnerCaseId: string): Promise<ClosureRow | undefined> {
  return latestClosureQuery.first(trx, { partnerCaseId });
}

export async function insertClosure(
  trx: Trx,
  values: {
    organisationId: string;
    partnerCaseId: string;
    outcome: ClosureOutcome;
    safetyAtClose: SafetyAtClose;
    feelingSafe: number | null;
    onwardReferrals: string | null;
    summary: string;
    earlyReason: string | null;
    closedBy: string;
    closedOn: string;
  },
): Promise<void> {
  await trx
    .insertInto('partner_case_closures')
    .values({
      organisation_id: values.organisationId,
      partner_case_id: values.partnerCaseId,
      outcome: values.outcome,
      safety_at_close: values.safetyAtClose,
      feeling_safe: values.feelingSafe,
      onward_referrals: values.onwardReferrals,
      summary: values.summary,
      early_reason: values.earlyReason,
      closed_by: values.closedBy,
    })
    .execute();
  await trx
    .updateTable('partner_cases')
    .set({ status: 'closed', closed_on: values.closedOn, updated_at: new Date() })
    .where('id', '=', values.partnerCaseId)
    .execute();
}
