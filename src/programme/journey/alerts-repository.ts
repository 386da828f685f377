import type { QueryCreator } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { compiledQuery, type Placeholders } from '../../db/compiled-query.js';
import type { Trx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { findPartnerCase } from '../../partner-support/repository.js';
import { latestParticipantEvents, type ParticipantEventRow } from './events-repository.js';
import { enrolmentsOfParticipant, toRow, type EnrolmentRow } from './repository.js';

export type AlertRow = {
  eventId: string;
  partnerCaseId: string;
  partnerCaseReference: string;
  partnerGivenName: string;
  partnerFamilyName: string;
  participantId: string;
  participantGivenName: string;
  participantFamilyName: string;
  basicSummary: string;
  occurredOn: string;
  createdAt: Date;
};

/** The unseen alerts query for a filter, unlimited. Her case's compiled read passes a placeholder for her case. */
function unseenAlertsQuery(
  db: QueryCreator<Database>,
  organisationId: string,
  filter: { workerId?: string; partnerCaseId?: string },
) {
  let query = db
    .selectFrom('participant_events as ev')
    .innerJoin('partners as pa', 'pa.participant_id', 'ev.participant_id')
    .innerJoin('partner_cases as pc', 'pc.partner_id', 'pa.id')
    .innerJoin('participants as p', 'p.id', 'ev.participant_id')
    .leftJoin('partner_alert_acknowledgements as ack', (join) =>
      join.onRef('ack.partner_case_id', '=', 'pc.id').onRef('ack.event_id', '=', 'ev.id'),
    )
    .select([
      'ev.id as eventId',
      'pc.id as partnerCaseId',
      'pc.reference as partnerCaseReference',
      'pa.given_name as partnerGivenName',
      'pa.family_name as partnerFamilyName',
      'p.id as participantId',
      'p.given_name as participantGivenName',
      'p.family_name as participantFamilyName',
      'ev.basic_summary as basicSummary',
      'ev.occurred_on as occurredOn',
      'ev.created_at as createdAt',
    ])
    .where('ev.organisation_id', '=', organisationId)
    .where('ev.type', '=', 'disclosure')
    .where('pa.merged_into', 'is', null)
    .where('ack.event_id', 'is', null);
  if (filter.workerId) {
    query = query.where('pc.allocated_worker_id', '=', filter.workerId);
  }
  if (filter.partnerCaseId) {
    query = query.where('pc.id', '=', filter.partnerCaseId);
  }
  return query.orderBy('ev.occurred_on', 'desc').orderBy('ev.created_at', 'desc').orderBy('pc.reference');
}

/** Her case's unseen alerts, as her case page reads them: compiled once. */
const unseenAlertsOfCaseQuery = compiledQuery(
  (db, p: Placeholders<{ organisationId: string; partnerCaseId: string; limit: number }>) =>
    unseenAlertsQuery(db, p.organisationId, { partnerCaseId: p.partnerCaseId }).limit(p.limit),
);

/**
 * The partner side's alerts, derived rather than written across the wall: the disclosure events of
 * every participant linked to a partner case, for each such case, that the case has not yet marked
 * as seen. Partner-side tables: row-level security returns nothing to his side.
 */
export async function listUnseenAlerts(
  trx: Trx,
  organisationId: string,
  filter: { workerId?: string; partnerCaseId?: string },
  limit = 100,
): Promise<AlertRow[]> {
  if (filter.partnerCaseId && !filter.workerId) {
    return unseenAlertsOfCaseQuery.all(trx, { organisationId, partnerCaseId: filter.partnerCaseId, limit });
  }
  return unseenAlertsQuery(trx, organisationId, filter).limit(limit).execute();
}

const programmeOfCaseQuery = compiledQuery(
  (
    db,
    p: Placeholders<{ organisationId: string; partnerCaseId: string; participantId: string; alerts: number; events: number }>,
  ) =>
    db.selectNoFrom([
      jsonArrayFrom(unseenAlertsQuery(db, p.organisationId, { partnerCaseId: p.partnerCaseId }).limit(p.alerts)).as('alerts'),
      jsonArrayFrom(enrolmentsOfParticipant(db, p.participantId)).as('enrolments'),
      jsonArrayFrom(latestParticipantEvents(db, p.participantId, p.events)).as('events'),
    ]),
);

/**
 * What her case shows of his programme, in one statement: her case's unseen alerts, his
 * enrolments on perpetrator-side programmes and his latest events (each as its own read would
 * return it, row-level security deciding each part alike).
 */
export async function readProgrammeOfCase(
  trx: Trx,
  ids: { organisationId: string; partnerCaseId: string; participantId: string },
  limits: { alerts: number; events: number },
): Promise<{ alerts: AlertRow[]; enrolments: EnrolmentRow[]; events: ParticipantEventRow[] }> {
  const row = await programmeOfCaseQuery.first(trx, { ...ids, ...limits });
  // JSON carries a timestamp as its text.
  return {
    alerts: (row?.alerts ?? []).map((alert) => ({ ...alert, createdAt: new Date(alert.createdAt) })),
    enrolments: (row?.enrolments ?? []).map(toRow),
    events: (row?.events ?? []).map((event) => ({ ...event, createdAt: new Date(event.createdAt) })),
  };
}

export type PartnerCaseLink = {
  partnerCaseId: string;
  organisationId: string;
  participantId: string;
  participantGivenName: string;
  participantFamilyName: string;
  participantReference: string;
};

/** Her case and the participant it is linked to. Unscoped: the service checks the organisation. */
export async function findPartnerCaseLink(trx: Trx, partnerCaseId: string): Promise<PartnerCaseLink | undefined> {
  // Her case as read once for the request (src/partner-support).
  const row = await findPartnerCase(trx, partnerCaseId);
  return row
    ? {
        partnerCaseId: row.caseId,
        organisationId: row.organisationId,
        participantId: row.participantId,
        participantGivenName: row.participantGivenName,
        participantFamilyName: row.participantFamilyName,
        participantReference: row.participantReference,
      }
    : undefined;
}

const disclosureEventQuery = compiledQuery((db, p: Placeholders<{ eventId: string; participantId: string }>) =>
  db
    .selectFrom('participant_events')
    .select('id')
    .where('id', '=', p.eventId)
    .where('participant_id', '=', p.participantId)
    .where('type', '=', 'disclosure'),
);

/** A disclosure event of the participant linked to her case: the only kind of alert there is. */
export async function findDisclosureEvent(trx: Trx, eventId: string, participantId: string): Promise<{ id: string } | undefined> {
  return disclosureEventQuery.first(trx, { eventId, participantId });
}

/** Marks an alert seen for her case; false if it had been already. */
export async function acknowledgeAlert(
  trx: Trx,
  values: { partnerCaseId: string; eventId: string; organisationId: string; acknowledgedBy: string },
): Promise<boolean> {
  const row = await trx
    .insertInto('partner_alert_acknowledgements')
    .values({
      partner_case_id: values.partnerCaseId,
      event_id: values.eventId,
      organisation_id: values.organisationId,
      acknowledged_by: values.acknowledgedBy,
    })
    .onConflict((oc) => oc.columns(['partner_case_id', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}
