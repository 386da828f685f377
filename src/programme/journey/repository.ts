import type { QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../../db/compiled-query.js';
import type { Trx } from '../../db/database.js';
import type { Database, EnrolmentStatus, PerpetratorCaseStatus, ProgrammeKind, ProgrammeSide } from '../../db/schema.js';

export type EnrolmentRow = {
  id: string;
  organisationId: string;
  participantId: string;
  participantReference: string;
  givenName: string;
  familyName: string;
  perpetratorCaseId: string;
  programmeId: string;
  programmeName: string;
  programmeKind: ProgrammeKind;
  programmeSide: ProgrammeSide;
  completionMinSessions: number | null;
  completionMinMinutes: number | null;
  absenceReviewAfter: number;
  groupId: string | null;
  groupName: string | null;
  readyOn: string;
  startedOn: string | null;
  endedOn: string | null;
  /** The latest row of the history; an enrolment with no history yet is waiting. */
  status: EnrolmentStatus;
  /** The effective date of the latest row, if any. */
  statusSince: string | null;
};

function enrolments(db: QueryCreator<Database>) {
  return db
    .selectFrom('programme_enrolments as e')
    .innerJoin('participants as p', 'p.id', 'e.participant_id')
    .innerJoin('programmes as prog', 'prog.id', 'e.programme_id')
    .leftJoin('programme_groups as g', 'g.id', 'e.group_id')
    .select((eb) => [
      'e.id',
      'e.organisation_id as organisationId',
      'e.participant_id as participantId',
      'p.reference as participantReference',
      'p.given_name as givenName',
      'p.family_name as familyName',
      'e.perpetrator_case_id as perpetratorCaseId',
      'e.programme_id as programmeId',
      'prog.name as programmeName',
      'prog.kind as programmeKind',
      'prog.side as programmeSide',
      'prog.completion_min_sessions as completionMinSessions',
      'prog.completion_min_minutes as completionMinMinutes',
      'prog.absence_review_after as absenceReviewAfter',
      'e.group_id as groupId',
      'g.name as groupName',
      'e.ready_on as readyOn',
      'e.started_on as startedOn',
      'e.ended_on as endedOn',
      eb
        .selectFrom('enrolment_status_history as h')
        .select('h.to_status')
        .whereRef('h.enrolment_id', '=', 'e.id')
        .orderBy('h.id', 'desc')
        .limit(1)
        .$asScalar()
        .as('latestStatus'),
      eb
        .selectFrom('enrolment_status_history as h')
        .select('h.effective_on')
        .whereRef('h.enrolment_id', '=', 'e.id')
        .orderBy('h.id', 'desc')
        .limit(1)
        .$asScalar()
        .as('statusSince'),
    ]);
}

type RawEnrolment = Omit<EnrolmentRow, 'status'> & { latestStatus: EnrolmentStatus | null };

export function toRow({ latestStatus, ...row }: RawEnrolment): EnrolmentRow {
  return { ...row, status: latestStatus ?? 'waiting' };
}

const enrolmentQuery = compiledQuery((db, p: Placeholders<{ enrolmentId: string }>) =>
  enrolments(db).where('e.id', '=', p.enrolmentId),
);

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findEnrolment(trx: Trx, enrolmentId: string): Promise<EnrolmentRow | undefined> {
  const row = await enrolmentQuery.first(trx, { enrolmentId });
  return row ? toRow(row) : undefined;
}

/** His enrolments on perpetrator-side programmes, newest first, as a query to read alone or within another. */
export function enrolmentsOfParticipant(db: QueryCreator<Database>, participantId: string) {
  return enrolments(db)
    .where('e.participant_id', '=', participantId)
    .where('prog.side', '=', 'perpetrator')
    .orderBy('e.ready_on', 'desc')
    .orderBy('e.created_at', 'desc');
}

const enrolmentsOfParticipantQuery = compiledQuery((db, p: Placeholders<{ participantId: string }>) =>
  enrolmentsOfParticipant(db, p.participantId),
);

/** His enrolments on perpetrator-side programmes, newest first. */
export async function listEnrolmentsOfParticipant(trx: Trx, participantId: string): Promise<EnrolmentRow[]> {
  const rows = await enrolmentsOfParticipantQuery.all(trx, { participantId });
  return rows.map(toRow);
}

export type JourneyHistoryRow = {
  id: string;
  fromStatus: EnrolmentStatus | null;
  toStatus: EnrolmentStatus;
  reasonCode: string;
  note: string | null;
  effectiveOn: string;
  changedByName: string | null;
  changedAt: Date;
};

const journeyHistoryQuery = compiledQuery((db, p: Placeholders<{ enrolmentId: string }>) =>
  db
    .selectFrom('enrolment_status_history as h')
    .leftJoin('users', 'users.id', 'h.changed_by')
    .select([
      'h.id',
      'h.from_status as fromStatus',
      'h.to_status as toStatus',
      'h.reason_code as reasonCode',
      'h.note',
      'h.effective_on as effectiveOn',
      'users.display_name as changedByName',
      'h.changed_at as changedAt',
    ])
    .where('h.enrolment_id', '=', p.enrolmentId)
    .orderBy('h.id', 'desc'),
);

export async function listJourneyHistory(trx: Trx, enrolmentId: string): Promise<JourneyHistoryRow[]> {
  return journeyHistoryQuery.all(trx, { enrolmentId });
}

export async function appendJourneyHistory(
  trx: Trx,
  values: {
    organisationId: string;
    enrolmentId: string;
    from: EnrolmentStatus | null;
    to: EnrolmentStatus;
    reasonCode: string;
    note: string | null;
    effectiveOn: string;
    changedBy: string;
  },
): Promise<void> {
  await trx
    .insertInto('enrolment_status_history')
    .values({
      organisation_id: values.organisationId,
      enrolment_id: values.enrolmentId,
      from_status: values.from,
      to_status: values.to,
      reason_code: values.reasonCode,
      note: values.note,
      effective_on: values.effectiveOn,
      changed_by: values.changedBy,
    })
    .execute();
}

export async function setEnrolmentDates(
  trx: Trx,
  enrolmentId: string,
  values: { startedOn?: string; endedOn?: string | null },
): Promise<void> {
  await trx
    .updateTable('programme_enrolments')
    .set({
      ...(values.startedOn !== undefined && { started_on: values.startedOn }),
      ...(values.endedOn !== undefined && { ended_on: values.endedOn }),
      updated_at: new Date(),
    })
    .where('id', '=', enrolmentId)
    .execute();
}

/** Keeps his case's status in step with the journey, where the case has a matching status. */
export async function setPerpetratorCaseStatus(trx: Trx, caseId: string, status: PerpetratorCaseStatus): Promise<void> {
  await trx.updateTable('perpetrator_cases').set({ status, updated_at: new Date() }).where('id', '=', caseId).execute();
}

const mandatedQuery = compiledQuery((db, p: Placeholders<{ participantId: string }>) =>
  db.selectFrom('referrals').select('id').where('participant_id', '=', p.participantId).where('mandated', '=', true).limit(1),
);

/** Whether any referral of his says he was mandated by a court or probation. */
export async function isMandated(trx: Trx, participantId: string): Promise<boolean> {
  const row = await mandatedQuery.first(trx, { participantId });
  return row !== undefined;
}
