import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import type {
  AttendanceOutcome,
  EnrolmentStatus,
  ProgrammeKind,
  ProgrammeSide,
  SessionKind,
  SessionStatus,
} from '../../db/schema.js';

export type RegisterSessionRow = {
  id: string;
  organisationId: string;
  side: ProgrammeSide;
  groupId: string | null;
  enrolmentId: string | null;
  kind: SessionKind;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  status: SessionStatus;
  programmeId: string;
  programmeName: string;
  programmeKind: ProgrammeKind;
  absenceReviewAfter: number;
  groupName: string | null;
  moduleTitle: string | null;
};

/** A session with its programme (through its group, or the one man's enrolment). Unscoped: the service checks the organisation. */
export async function findRegisterSession(trx: Trx, sessionId: string): Promise<RegisterSessionRow | undefined> {
  return trx
    .selectFrom('programme_sessions as s')
    .leftJoin('programme_groups as g', 'g.id', 's.group_id')
    .leftJoin('programme_enrolments as one', 'one.id', 's.enrolment_id')
    .innerJoin('programmes as prog', (join) => join.on(sql<boolean>`prog.id = coalesce(g.programme_id, one.programme_id)`))
    .leftJoin('session_templates as t', 't.id', 's.session_template_id')
    .leftJoin('programme_modules as m', 'm.id', 't.module_id')
    .select([
      's.id',
      's.organisation_id as organisationId',
      's.side',
      's.group_id as groupId',
      's.enrolment_id as enrolmentId',
      's.kind',
      's.title',
      's.starts_at as startsAt',
      's.duration_minutes as durationMinutes',
      's.status',
      'prog.id as programmeId',
      'prog.name as programmeName',
      'prog.kind as programmeKind',
      'prog.absence_review_after as absenceReviewAfter',
      'g.name as groupName',
      'm.title as moduleTitle',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

export type RosterRow = {
  enrolmentId: string;
  participantId: string;
  perpetratorCaseId: string;
  reference: string;
  givenName: string;
  familyName: string;
  readyOn: string;
  startedOn: string | null;
  status: EnrolmentStatus | null;
  /** His status on the session's date: the latest change that had taken effect by then. */
  statusOnDate: EnrolmentStatus | null;
  recordId: string | null;
  outcome: AttendanceOutcome | null;
  minutesLate: number | null;
};

/**
 * Everyone who could be on a session's register: the one man of a one-to-one or catch-up session,
 * or every enrolment placed in the group, and anyone already recorded for it. The service decides
 * who is expected (src/programme/attendance/service.ts).
 */
export async function listRosterCandidates(trx: Trx, session: RegisterSessionRow, sessionDate: string): Promise<RosterRow[]> {
  return trx
    .selectFrom('programme_enrolments as e')
    .innerJoin('participants as p', 'p.id', 'e.participant_id')
    .leftJoin('attendance_records as ar', (join) =>
      join.onRef('ar.enrolment_id', '=', 'e.id').on('ar.session_id', '=', session.id),
    )
    .select((eb) => [
      'e.id as enrolmentId',
      'e.participant_id as participantId',
      'e.perpetrator_case_id as perpetratorCaseId',
      'p.reference',
      'p.given_name as givenName',
      'p.family_name as familyName',
      'e.ready_on as readyOn',
      'e.started_on as startedOn',
      eb
        .selectFrom('enrolment_status_history as h')
        .select('h.to_status')
        .whereRef('h.enrolment_id', '=', 'e.id')
        .orderBy('h.id', 'desc')
        .limit(1)
        .$asScalar()
        .as('status'),
      eb
        .selectFrom('enrolment_status_history as h')
        .select('h.to_status')
        .whereRef('h.enrolment_id', '=', 'e.id')
        .where('h.effective_on', '<=', sessionDate)
        .orderBy('h.effective_on', 'desc')
        .orderBy('h.id', 'desc')
        .limit(1)
        .$asScalar()
        .as('statusOnDate'),
      'ar.id as recordId',
      'ar.outcome',
      'ar.minutes_late as minutesLate',
    ])
    .where('e.organisation_id', '=', session.organisationId)
    .where((eb) =>
      eb.or([
        session.enrolmentId ? eb('e.id', '=', session.enrolmentId) : eb('e.group_id', '=', session.groupId ?? ''),
        eb('ar.id', 'is not', null),
      ]),
    )
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('e.id')
    .execute();
}

export type ParticipationNoteRow = {
  enrolmentId: string;
  body: string;
  authorName: string;
  createdAt: Date;
};

/** The participation notes written on a session's register, oldest first. His side only. */
export async function listParticipationNotes(trx: Trx, sessionId: string): Promise<ParticipationNoteRow[]> {
  return trx
    .selectFrom('participation_notes as n')
    .innerJoin('attendance_records as ar', 'ar.id', 'n.attendance_record_id')
    .innerJoin('users', 'users.id', 'n.author_id')
    .select(['ar.enrolment_id as enrolmentId', 'n.body', 'users.display_name as authorName', 'n.created_at as createdAt'])
    .where('ar.session_id', '=', sessionId)
    .orderBy('n.created_at')
    .execute();
}

export async function insertAttendanceRecord(
  trx: Trx,
  values: {
    organisationId: string;
    sessionId: string;
    enrolmentId: string;
    participantId: string;
    outcome: AttendanceOutcome;
    minutesLate: number | null;
    recordedBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('attendance_records')
    .values({
      organisation_id: values.organisationId,
      session_id: values.sessionId,
      enrolment_id: values.enrolmentId,
      participant_id: values.participantId,
      outcome: values.outcome,
      minutes_late: values.minutesLate,
      recorded_by: values.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAttendanceRecord(
  trx: Trx,
  recordId: string,
  values: { outcome: AttendanceOutcome; minutesLate: number | null; recordedBy: string },
): Promise<void> {
  await trx
    .updateTable('attendance_records')
    .set({ outcome: values.outcome, minutes_late: values.minutesLate, recorded_by: values.recordedBy, updated_at: new Date() })
    .where('id', '=', recordId)
    .execute();
}

export async function insertParticipationNote(
  trx: Trx,
  values: { organisationId: string; recordId: string; body: string; authorId: string },
): Promise<void> {
  await trx
    .insertInto('participation_notes')
    .values({
      organisation_id: values.organisationId,
      attendance_record_id: values.recordId,
      body: values.body,
      author_id: values.authorId,
    })
    .execute();
}

/** A session whose register is marked has been held. */
export async function markSessionHeld(trx: Trx, sessionId: string): Promise<void> {
  await trx
    .updateTable('programme_sessions')
    .set({ status: 'held', updated_at: new Date() })
    .where('id', '=', sessionId)
    .where('status', '=', 'scheduled')
    .execute();
}

/** His latest recorded outcomes on one enrolment, latest session first, cancelled sessions left out. */
export async function latestOutcomes(trx: Trx, enrolmentId: string, limit: number): Promise<AttendanceOutcome[]> {
  const rows = await trx
    .selectFrom('attendance_records as ar')
    .innerJoin('programme_sessions as s', 's.id', 'ar.session_id')
    .select('ar.outcome')
    .where('ar.enrolment_id', '=', enrolmentId)
    .where('s.status', '!=', 'cancelled')
    .orderBy('s.starts_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.outcome);
}

export type UnmarkedSessionRow = {
  id: string;
  title: string;
  startsAt: Date;
  groupName: string | null;
  programmeName: string;
};

/**
 * Sessions of his side's programmes that have started but whose register is not marked yet, oldest
 * first: all of the organisation's, or those a worker facilitates (the session's or the group's).
 */
export async function listUnmarkedSessions(
  trx: Trx,
  organisationId: string,
  facilitatorId: string | null,
  now: Date,
): Promise<UnmarkedSessionRow[]> {
  let query = trx
    .selectFrom('programme_sessions as s')
    .leftJoin('programme_groups as g', 'g.id', 's.group_id')
    .leftJoin('programme_enrolments as one', 'one.id', 's.enrolment_id')
    .innerJoin('programmes as prog', (join) => join.on(sql<boolean>`prog.id = coalesce(g.programme_id, one.programme_id)`))
    .select(['s.id', 's.title', 's.starts_at as startsAt', 'g.name as groupName', 'prog.name as programmeName'])
    .where('s.organisation_id', '=', organisationId)
    .where('s.side', '=', 'perpetrator')
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '<=', now);
  if (facilitatorId) {
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('session_facilitators as sf')
            .select('sf.user_id')
            .whereRef('sf.session_id', '=', 's.id')
            .where('sf.user_id', '=', facilitatorId),
        ),
        eb.exists(
          eb
            .selectFrom('group_facilitators as gf')
            .select('gf.user_id')
            .whereRef('gf.group_id', '=', 's.group_id')
            .where('gf.user_id', '=', facilitatorId),
        ),
      ]),
    );
  }
  return query.orderBy('s.starts_at').orderBy('s.id').limit(50).execute();
}
