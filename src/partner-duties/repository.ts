import { sql, type QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import { organisationSettings } from '../db/organisation-settings.js';
import { findPartnerCase } from '../partner-support/repository.js';
import type {
  Database,
  DutyMethod,
  DutyNotToldReason,
  DutyOutcome,
  ParticipantEventType,
  PartnerCaseStatus,
} from '../db/schema.js';
import { DUTY_EVENT_TYPES, RELEVANT_BEFORE_OPENING_DAYS } from './rules.js';

export type DutyRow = {
  eventId: string;
  eventType: ParticipantEventType;
  occurredOn: string;
  basicSummary: string;
  eventRecordedAt: Date;
  partnerCaseId: string;
  partnerCaseReference: string;
  partnerCaseOpenedOn: string;
  partnerGivenName: string;
  partnerFamilyName: string;
  participantId: string;
  participantGivenName: string;
  participantFamilyName: string;
  recordId: string | null;
  outcome: DutyOutcome | null;
  method: DutyMethod | null;
  toldAt: Date | null;
  reason: DutyNotToldReason | null;
  note: string | null;
  recordedAt: Date | null;
  recordedByName: string | null;
};

/** His event and her case, as each duty list shows them (ev: the event, pc/pa: her case, p: him). */
export const DUTY_EVENT_COLUMNS = [
  'ev.id as eventId',
  'ev.type as eventType',
  'ev.occurred_on as occurredOn',
  'ev.basic_summary as basicSummary',
  'ev.created_at as eventRecordedAt',
  'pc.id as partnerCaseId',
  'pc.reference as partnerCaseReference',
  'pc.opened_on as partnerCaseOpenedOn',
  'pa.given_name as partnerGivenName',
  'pa.family_name as partnerFamilyName',
  'p.id as participantId',
  'p.given_name as participantGivenName',
  'p.family_name as participantFamilyName',
] as const;

export type DutyFilter = {
  partnerCaseId?: string;
  workerId?: string;
  eventId?: string;
  /** Only duties not yet done, on cases not closed. */
  outstanding?: boolean;
};

/**
 * The duties query for a filter, unlimited. Her case's compiled read (below) passes placeholders
 * as the filter's values: the filters it names are always there.
 */
function dutiesQuery(db: QueryCreator<Database>, organisationId: string, filter: DutyFilter) {
  let query = db
    .selectFrom('participant_events as ev')
    .innerJoin('partners as pa', 'pa.participant_id', 'ev.participant_id')
    .innerJoin('partner_cases as pc', 'pc.partner_id', 'pa.id')
    .innerJoin('participants as p', 'p.id', 'ev.participant_id')
    .leftJoin('partner_duty_records as rec', (join) =>
      join.onRef('rec.partner_case_id', '=', 'pc.id').onRef('rec.event_id', '=', 'ev.id'),
    )
    .leftJoin('users as u', 'u.id', 'rec.recorded_by')
    .select([
      ...DUTY_EVENT_COLUMNS,
      'rec.id as recordId',
      'rec.outcome as outcome',
      'rec.method as method',
      'rec.told_at as toldAt',
      'rec.reason as reason',
      'rec.note as note',
      'rec.created_at as recordedAt',
      'u.display_name as recordedByName',
    ])
    .where('ev.organisation_id', '=', organisationId)
    .where('ev.type', 'in', [...DUTY_EVENT_TYPES])
    .where('pa.merged_into', 'is', null)
    // London days, as in partner_duties_sync (migration 0029): the database's own day is UTC.
    .where(
      sql<boolean>`ev.created_at >= ((pc.opened_on - ${RELEVANT_BEFORE_OPENING_DAYS}::integer)::timestamp AT TIME ZONE 'Europe/London')`,
    )
    .where((eb) =>
      eb.or([
        eb('pc.closed_on', 'is', null),
        eb(sql`(ev.created_at AT TIME ZONE 'Europe/London')::date`, '<=', eb.ref('pc.closed_on')),
      ]),
    );
  if (filter.partnerCaseId) {
    query = query.where('pc.id', '=', filter.partnerCaseId);
  }
  if (filter.workerId) {
    query = query.where('pc.allocated_worker_id', '=', filter.workerId);
  }
  if (filter.eventId) {
    query = query.where('ev.id', '=', filter.eventId);
  }
  if (filter.outstanding) {
    query = query.where('rec.id', 'is', null).where('pc.status', '!=', 'closed');
  }
  return query.orderBy('ev.created_at', 'desc').orderBy('ev.id').orderBy('pc.reference');
}

/** The duties of one case, the same query as `dutiesQuery` with only her case's filter, compiled once. */
const dutiesOfCaseQuery = compiledQuery((db, p: Placeholders<{ organisationId: string; partnerCaseId: string; limit: number }>) =>
  dutiesQuery(db, p.organisationId, { partnerCaseId: p.partnerCaseId }).limit(p.limit),
);

/**
 * The duties to inform her, derived rather than written across the wall: each event of his of a
 * kind she must be told about (src/partner-duties/rules.ts), for each partner case linked to him,
 * that was recorded while her case was open, or in the few weeks before it was opened (so a
 * partner referred just after he was suspended is still told). Events recorded after her case
 * closed are not hers to be told. With what her worker recorded, if anything.
 * Partner-side tables: row-level security returns nothing to his side.
 */
export async function listDuties(trx: Trx, organisationId: string, filter: DutyFilter, limit = 200): Promise<DutyRow[]> {
  // Her case page asks for her case's duties only: that read is compiled once.
  if (filter.partnerCaseId && !filter.workerId && !filter.eventId && !filter.outstanding) {
    return dutiesOfCaseQuery.all(trx, { organisationId, partnerCaseId: filter.partnerCaseId, limit }) as Promise<DutyRow[]>;
  }
  return dutiesQuery(trx, organisationId, filter).limit(limit).execute() as Promise<DutyRow[]>;
}

export type CaseForDuties = {
  id: string;
  organisationId: string;
  status: PartnerCaseStatus;
  openedOn: string;
  closedOn: string | null;
  allocatedWorkerId: string | null;
  participantId: string | null;
};

/**
 * Her case and the participant it is linked to, from her case as read once for the request
 * (src/partner-support). Unscoped: the service checks the organisation.
 */
export async function findCase(trx: Trx, partnerCaseId: string): Promise<CaseForDuties | undefined> {
  const row = await findPartnerCase(trx, partnerCaseId);
  return row
    ? {
        id: row.caseId,
        organisationId: row.organisationId,
        status: row.status,
        openedOn: row.openedOn,
        closedOn: row.closedOn,
        allocatedWorkerId: row.allocatedWorkerId,
        participantId: row.participantId,
      }
    : undefined;
}

/** Records what her worker did about a duty; false if it had been recorded already. */
export async function insertRecord(
  trx: Trx,
  values: {
    organisationId: string;
    partnerCaseId: string;
    eventId: string;
    outcome: DutyOutcome;
    method: DutyMethod | null;
    toldAt: Date | null;
    reason: DutyNotToldReason | null;
    note: string | null;
    recordedBy: string;
  },
): Promise<string | null> {
  const row = await trx
    .insertInto('partner_duty_records')
    .values({
      organisation_id: values.organisationId,
      partner_case_id: values.partnerCaseId,
      event_id: values.eventId,
      outcome: values.outcome,
      method: values.method,
      told_at: values.toldAt,
      reason: values.reason,
      note: values.note,
      recorded_by: values.recordedBy,
    })
    .onConflict((oc) => oc.columns(['partner_case_id', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The organisation's due times, by event type (types not set use the defaults). */
export async function dueDays(trx: Trx, organisationId: string): Promise<ReadonlyMap<string, number>> {
  return (await organisationSettings(trx, organisationId)).partnerDutyDueDays;
}

export async function saveDueDays(
  trx: Trx,
  organisationId: string,
  values: Array<{ type: string; days: number }>,
): Promise<void> {
  for (const { type, days } of values) {
    await trx
      .insertInto('partner_duty_due_days')
      .values({ organisation_id: organisationId, event_type: type, working_days: days })
      .onConflict((oc) =>
        oc.columns(['organisation_id', 'event_type']).doUpdateSet({ working_days: days, updated_at: new Date() }),
      )
      .execute();
  }
}
