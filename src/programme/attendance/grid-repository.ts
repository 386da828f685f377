import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import type { AttendanceOutcome, EnrolmentStatus, SessionKind, SessionStatus } from '../../db/schema.js';

export type GridSessionRow = {
  id: string;
  kind: SessionKind;
  sequence: number | null;
  title: string;
  startsAt: Date;
  status: SessionStatus;
};

/** The group's sessions, the grid's columns, in date order (programme_sessions_group_idx). */
export async function listGridSessions(trx: Trx, groupId: string): Promise<GridSessionRow[]> {
  return trx
    .selectFrom('programme_sessions')
    .select(['id', 'kind', 'sequence', 'title', 'starts_at as startsAt', 'status'])
    .where('group_id', '=', groupId)
    .orderBy('starts_at')
    .orderBy('sequence')
    .orderBy('id')
    .execute();
}

export type GridRecordRow = {
  enrolmentId: string;
  participantId: string;
  reference: string;
  givenName: string;
  familyName: string;
  status: EnrolmentStatus | null;
  /** One register entry of his on this enrolment (null for a man with none), with what his hours need. */
  sessionId: string | null;
  sessionGroupId: string | null;
  outcome: AttendanceOutcome | null;
  minutesLate: number | null;
  durationMinutes: number | null;
  moduleId: string | null;
  sessionStatus: SessionStatus | null;
};

/**
 * The grid's rows and cells in one query: every man placed in the group or recorded on one of its
 * sessions, each with every register entry of his enrolment (his hours count them all, as his
 * progress does: a one-to-one catch-up too), or one row with no entry. Bounded by the group: its
 * enrolments (programme_enrolments_group_idx), its sessions' entries (the (session_id,
 * enrolment_id) key) and those men's entries (attendance_records_enrolment_idx).
 */
export async function listGridRecords(trx: Trx, organisationId: string, groupId: string): Promise<GridRecordRow[]> {
  return trx
    .with('grid_men', (db) =>
      db
        .selectFrom('programme_enrolments')
        .select('id')
        .where('group_id', '=', groupId)
        .where('organisation_id', '=', organisationId)
        .union(
          db
            .selectFrom('attendance_records as gr')
            .innerJoin('programme_sessions as gs', 'gs.id', 'gr.session_id')
            .select('gr.enrolment_id as id')
            .where('gs.group_id', '=', groupId)
            .where('gr.organisation_id', '=', organisationId),
        ),
    )
    .selectFrom('grid_men')
    .innerJoin('programme_enrolments as e', 'e.id', 'grid_men.id')
    .innerJoin('participants as p', 'p.id', 'e.participant_id')
    .leftJoin('attendance_records as ar', 'ar.enrolment_id', 'e.id')
    .leftJoin('programme_sessions as s', 's.id', 'ar.session_id')
    .leftJoin('session_templates as t', 't.id', 's.session_template_id')
    .select([
      'e.id as enrolmentId',
      'e.participant_id as participantId',
      'p.reference',
      'p.given_name as givenName',
      'p.family_name as familyName',
      sql<EnrolmentStatus | null>`(
        SELECT h.to_status FROM enrolment_status_history h WHERE h.enrolment_id = e.id ORDER BY h.id DESC LIMIT 1)`.as('status'),
      's.id as sessionId',
      's.group_id as sessionGroupId',
      'ar.outcome',
      'ar.minutes_late as minutesLate',
      's.duration_minutes as durationMinutes',
      't.module_id as moduleId',
      's.status as sessionStatus',
    ])
    .where('e.organisation_id', '=', organisationId)
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('e.id')
    .orderBy('s.starts_at')
    .execute();
}
