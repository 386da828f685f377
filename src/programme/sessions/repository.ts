import { sql, type Insertable, type Updateable } from 'kysely';
import type { Trx } from '../../db/database.js';
import type {
  FacilitatorRole,
  ProgrammeSessionsTable,
  ProgrammeSide,
  SessionChange,
  SessionKind,
  SessionStatus,
} from '../../db/schema.js';

export type SessionRow = {
  id: string;
  organisationId: string;
  side: ProgrammeSide;
  groupId: string | null;
  groupName: string | null;
  programmeName: string | null;
  enrolmentId: string | null;
  /** The man a catch-up or one-to-one session is for: his side's to see. */
  participantId: string | null;
  participantName: string | null;
  templateId: string | null;
  moduleTitle: string | null;
  kind: SessionKind;
  sequence: number | null;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  venueId: string | null;
  venueName: string | null;
  venueAddress: string | null;
  status: SessionStatus;
  facilitatorCount: number;
};

export function sessions(trx: Trx) {
  return trx
    .selectFrom('programme_sessions')
    .leftJoin('programme_groups', 'programme_groups.id', 'programme_sessions.group_id')
    .leftJoin('programmes', 'programmes.id', 'programme_groups.programme_id')
    .leftJoin('programme_enrolments', 'programme_enrolments.id', 'programme_sessions.enrolment_id')
    .leftJoin('participants', 'participants.id', 'programme_enrolments.participant_id')
    .leftJoin('session_templates', 'session_templates.id', 'programme_sessions.session_template_id')
    .leftJoin('programme_modules', 'programme_modules.id', 'session_templates.module_id')
    .leftJoin('venues', 'venues.id', 'programme_sessions.venue_id')
    .select((eb) => [
      'programme_sessions.id',
      'programme_sessions.organisation_id as organisationId',
      'programme_sessions.side',
      'programme_sessions.group_id as groupId',
      'programme_groups.name as groupName',
      'programmes.name as programmeName',
      'programme_sessions.enrolment_id as enrolmentId',
      'participants.id as participantId',
      sql<string | null>`participants.given_name || ' ' || participants.family_name`.as('participantName'),
      'programme_sessions.session_template_id as templateId',
      'programme_modules.title as moduleTitle',
      'programme_sessions.kind',
      'programme_sessions.sequence',
      'programme_sessions.title',
      'programme_sessions.starts_at as startsAt',
      'programme_sessions.duration_minutes as durationMinutes',
      'programme_sessions.venue_id as venueId',
      'venues.name as venueName',
      'venues.address as venueAddress',
      'programme_sessions.status',
      eb
        .selectFrom('session_facilitators')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('session_facilitators.session_id', '=', 'programme_sessions.id')
        .$asScalar()
        .$notNull()
        .as('facilitatorCount'),
    ]);
}

export async function findSession(trx: Trx, id: string): Promise<SessionRow | undefined> {
  return sessions(trx).where('programme_sessions.id', '=', id).executeTakeFirst();
}

export async function listGroupSessions(trx: Trx, groupId: string): Promise<SessionRow[]> {
  return sessions(trx)
    .where('programme_sessions.group_id', '=', groupId)
    .orderBy('programme_sessions.starts_at')
    .orderBy('programme_sessions.sequence')
    .execute();
}

/** Where the next generated session continues from: the latest scheduled session of the group. */
export async function lastScheduled(trx: Trx, groupId: string): Promise<{ sequence: number; startsAt: Date } | undefined> {
  const row = await trx
    .selectFrom('programme_sessions')
    .select(['sequence', 'starts_at as startsAt'])
    .where('group_id', '=', groupId)
    .where('kind', '=', 'scheduled')
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { sequence: row.sequence ?? 0, startsAt: row.startsAt } : undefined;
}

export async function countGroupSessions(trx: Trx, groupId: string): Promise<number> {
  const row = await trx
    .selectFrom('programme_sessions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('group_id', '=', groupId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertSession(trx: Trx, values: Insertable<ProgrammeSessionsTable>): Promise<string> {
  const row = await trx.insertInto('programme_sessions').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSession(trx: Trx, id: string, values: Updateable<ProgrammeSessionsTable>): Promise<void> {
  await trx
    .updateTable('programme_sessions')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function hasAttendance(trx: Trx, sessionId: string): Promise<boolean> {
  const row = await trx.selectFrom('attendance_records').select('id').where('session_id', '=', sessionId).executeTakeFirst();
  return row !== undefined;
}

export type SessionFacilitatorRow = { userId: string; displayName: string; role: FacilitatorRole };

export async function listSessionFacilitators(trx: Trx, sessionId: string): Promise<SessionFacilitatorRow[]> {
  return trx
    .selectFrom('session_facilitators')
    .innerJoin('users', 'users.id', 'session_facilitators.user_id')
    .select(['session_facilitators.user_id as userId', 'users.display_name as displayName', 'session_facilitators.role'])
    .where('session_facilitators.session_id', '=', sessionId)
    .orderBy('session_facilitators.role', 'desc')
    .orderBy('users.display_name')
    .execute();
}

export async function insertSessionFacilitator(
  trx: Trx,
  values: { sessionId: string; userId: string; organisationId: string; side: ProgrammeSide; role: FacilitatorRole },
): Promise<void> {
  await trx
    .insertInto('session_facilitators')
    .values({
      session_id: values.sessionId,
      user_id: values.userId,
      organisation_id: values.organisationId,
      side: values.side,
      role: values.role,
    })
    .execute();
}

export async function deleteSessionFacilitator(trx: Trx, sessionId: string, userId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('session_facilitators')
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export type SessionChangeRow = {
  id: string;
  change: SessionChange;
  previousStartsAt: Date | null;
  newStartsAt: Date | null;
  previousVenueName: string | null;
  newVenueName: string | null;
  reason: string;
  changedByName: string | null;
  changedAt: Date;
};

export async function insertChange(
  trx: Trx,
  values: {
    organisationId: string;
    sessionId: string;
    side: ProgrammeSide;
    change: SessionChange;
    previousStartsAt?: Date | null;
    newStartsAt?: Date | null;
    previousVenueId?: string | null;
    newVenueId?: string | null;
    reason: string;
    userId: string;
  },
): Promise<void> {
  await trx
    .insertInto('session_changes')
    .values({
      organisation_id: values.organisationId,
      session_id: values.sessionId,
      side: values.side,
      change: values.change,
      previous_starts_at: values.previousStartsAt ?? null,
      new_starts_at: values.newStartsAt ?? null,
      previous_venue_id: values.previousVenueId ?? null,
      new_venue_id: values.newVenueId ?? null,
      reason: values.reason,
      changed_by: values.userId,
    })
    .execute();
}

/** The session's history, newest first. */
export async function listChanges(trx: Trx, sessionId: string): Promise<SessionChangeRow[]> {
  const rows = await trx
    .selectFrom('session_changes')
    .leftJoin('users', 'users.id', 'session_changes.changed_by')
    .leftJoin('venues as previous_venue', 'previous_venue.id', 'session_changes.previous_venue_id')
    .leftJoin('venues as new_venue', 'new_venue.id', 'session_changes.new_venue_id')
    .select([
      'session_changes.id',
      'session_changes.change',
      'session_changes.previous_starts_at as previousStartsAt',
      'session_changes.new_starts_at as newStartsAt',
      'previous_venue.name as previousVenueName',
      'new_venue.name as newVenueName',
      'session_changes.reason',
      'users.display_name as changedByName',
      'session_changes.changed_at as changedAt',
    ])
    .where('session_changes.session_id', '=', sessionId)
    .orderBy('session_changes.id', 'desc')
    .execute();
  return rows.map((row) => ({
    ...row,
    previousStartsAt: row.previousStartsAt === null ? null : new Date(row.previousStartsAt),
    newStartsAt: row.newStartsAt === null ? null : new Date(row.newStartsAt),
  }));
}
