import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import type { EnrolmentStatus, PerpetratorCaseStatus } from '../../db/schema.js';
import { latestEnrolmentStatus } from './repository.js';
import { CURRENT_ENROLMENT_STATUSES } from '../labels.js';

/** What programme delivery needs of a participant: who he is and his latest perpetrator case. */
export type ParticipantBasics = {
  id: string;
  organisationId: string;
  reference: string;
  name: string;
  interpreterLanguage: string | null;
  mergedInto: string | null;
  caseId: string | null;
  caseStatus: PerpetratorCaseStatus | null;
};

function participantBasics(trx: Trx) {
  return trx
    .selectFrom('participants')
    .select((eb) => [
      'participants.id',
      'participants.organisation_id as organisationId',
      'participants.reference',
      sql<string>`participants.given_name || ' ' || participants.family_name`.as('name'),
      'participants.interpreter_language as interpreterLanguage',
      'participants.merged_into as mergedInto',
      eb
        .selectFrom('perpetrator_cases')
        .select('perpetrator_cases.id')
        .whereRef('perpetrator_cases.participant_id', '=', 'participants.id')
        .orderBy('perpetrator_cases.opened_on', 'desc')
        .orderBy('perpetrator_cases.created_at', 'desc')
        .limit(1)
        .as('caseId'),
      eb
        .selectFrom('perpetrator_cases')
        .select('perpetrator_cases.status')
        .whereRef('perpetrator_cases.participant_id', '=', 'participants.id')
        .orderBy('perpetrator_cases.opened_on', 'desc')
        .orderBy('perpetrator_cases.created_at', 'desc')
        .limit(1)
        .as('caseStatus'),
    ]);
}

export async function findParticipantBasics(trx: Trx, participantId: string): Promise<ParticipantBasics | undefined> {
  return participantBasics(trx).where('participants.id', '=', participantId).executeTakeFirst();
}

export async function findParticipantByReference(
  trx: Trx,
  organisationId: string,
  reference: string,
): Promise<ParticipantBasics | undefined> {
  return participantBasics(trx)
    .where('participants.organisation_id', '=', organisationId)
    .where(sql<string>`upper(participants.reference)`, '=', reference.toUpperCase())
    .executeTakeFirst();
}

export type EnrolmentRow = {
  id: string;
  organisationId: string;
  participantId: string;
  participantName: string;
  participantReference: string;
  interpreterLanguage: string | null;
  programmeId: string;
  programmeName: string;
  groupId: string | null;
  groupName: string | null;
  readyOn: string;
  startedOn: string | null;
  endedOn: string | null;
  status: EnrolmentStatus;
  /** Why he joined the waiting list: the first entry of the history. */
  waitingReason: string | null;
  waitingNote: string | null;
};

function enrolments(trx: Trx) {
  return trx
    .selectFrom('programme_enrolments')
    .innerJoin('participants', 'participants.id', 'programme_enrolments.participant_id')
    .innerJoin('programmes', 'programmes.id', 'programme_enrolments.programme_id')
    .leftJoin('programme_groups', 'programme_groups.id', 'programme_enrolments.group_id')
    .select((eb) => [
      'programme_enrolments.id',
      'programme_enrolments.organisation_id as organisationId',
      'programme_enrolments.participant_id as participantId',
      sql<string>`participants.given_name || ' ' || participants.family_name`.as('participantName'),
      'participants.reference as participantReference',
      'participants.interpreter_language as interpreterLanguage',
      'programme_enrolments.programme_id as programmeId',
      'programmes.name as programmeName',
      'programme_enrolments.group_id as groupId',
      'programme_groups.name as groupName',
      'programme_enrolments.ready_on as readyOn',
      'programme_enrolments.started_on as startedOn',
      'programme_enrolments.ended_on as endedOn',
      latestEnrolmentStatus.$castTo<EnrolmentStatus>().as('status'),
      eb
        .selectFrom('enrolment_status_history')
        .select('enrolment_status_history.reason_code')
        .whereRef('enrolment_status_history.enrolment_id', '=', 'programme_enrolments.id')
        .orderBy('enrolment_status_history.id')
        .limit(1)
        .as('waitingReason'),
      eb
        .selectFrom('enrolment_status_history')
        .select('enrolment_status_history.note')
        .whereRef('enrolment_status_history.enrolment_id', '=', 'programme_enrolments.id')
        .orderBy('enrolment_status_history.id')
        .limit(1)
        .as('waitingNote'),
    ]);
}

export async function findEnrolment(trx: Trx, id: string): Promise<EnrolmentRow | undefined> {
  return enrolments(trx).where('programme_enrolments.id', '=', id).executeTakeFirst();
}

/** The programme's waiting list: men not yet started, the longest ready first. */
export async function listWaiting(trx: Trx, programmeId: string): Promise<EnrolmentRow[]> {
  return enrolments(trx)
    .where('programme_enrolments.programme_id', '=', programmeId)
    .where(latestEnrolmentStatus, '=', 'waiting')
    .orderBy('programme_enrolments.ready_on')
    .orderBy('programme_enrolments.created_at')
    .execute();
}

/** Men whose enrolment holds a place in the group. */
export async function listGroupMembers(trx: Trx, groupId: string): Promise<EnrolmentRow[]> {
  return enrolments(trx)
    .where('programme_enrolments.group_id', '=', groupId)
    .where(latestEnrolmentStatus, 'in', CURRENT_ENROLMENT_STATUSES)
    .orderBy('participants.family_name')
    .orderBy('participants.given_name')
    .execute();
}

export async function listParticipantEnrolments(trx: Trx, participantId: string): Promise<EnrolmentRow[]> {
  return enrolments(trx)
    .where('programme_enrolments.participant_id', '=', participantId)
    .orderBy('programme_enrolments.created_at', 'desc')
    .execute();
}

export async function insertEnrolment(
  trx: Trx,
  values: {
    organisationId: string;
    participantId: string;
    perpetratorCaseId: string;
    programmeId: string;
    readyOn: string;
    reasonCode: string;
    note: string | null;
    userId: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('programme_enrolments')
    .values({
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      perpetrator_case_id: values.perpetratorCaseId,
      programme_id: values.programmeId,
      ready_on: values.readyOn,
      created_by: values.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('enrolment_status_history')
    .values({
      organisation_id: values.organisationId,
      enrolment_id: row.id,
      from_status: null,
      to_status: 'waiting',
      reason_code: values.reasonCode,
      note: values.note,
      effective_on: values.readyOn,
      changed_by: values.userId,
    })
    .execute();
  return row.id;
}

export async function setEnrolmentGroup(trx: Trx, enrolmentId: string, groupId: string): Promise<void> {
  await trx
    .updateTable('programme_enrolments')
    .set({ group_id: groupId, updated_at: new Date() })
    .where('id', '=', enrolmentId)
    .execute();
}
