import type { Insertable, QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../../db/compiled-query.js';
import type { Trx } from '../../db/database.js';
import type { Database, ParticipantEventType, ParticipantEventsTable } from '../../db/schema.js';

export async function insertParticipantEvent(trx: Trx, values: Insertable<ParticipantEventsTable>): Promise<string> {
  const row = await trx.insertInto('participant_events').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export type ParticipantEventRow = {
  id: string;
  type: ParticipantEventType;
  occurredOn: string;
  basicSummary: string;
  createdAt: Date;
};

/** His latest events, newest first, as a query to read alone or within another. */
export function latestParticipantEvents(db: QueryCreator<Database>, participantId: string, limit: number) {
  return db
    .selectFrom('participant_events')
    .select(['id', 'type', 'occurred_on as occurredOn', 'basic_summary as basicSummary', 'created_at as createdAt'])
    .where('participant_id', '=', participantId)
    .orderBy('occurred_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit);
}

const participantEventsQuery = compiledQuery((db, p: Placeholders<{ participantId: string; limit: number }>) =>
  latestParticipantEvents(db, p.participantId, p.limit),
);

/** His events, newest first: the basic sentences only, readable by both case sides. */
export async function listParticipantEvents(trx: Trx, participantId: string, limit: number): Promise<ParticipantEventRow[]> {
  return participantEventsQuery.all(trx, { participantId, limit });
}

const latestAttendanceEventQuery = compiledQuery((db, p: Placeholders<{ enrolmentId: string; sessionId: string }>) =>
  db
    .selectFrom('participant_events')
    .select('type')
    .where('enrolment_id', '=', p.enrolmentId)
    .where('session_id', '=', p.sessionId)
    .where('type', 'in', ['missed_session', 'attendance_corrected'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1),
);

/**
 * The latest attendance event (missed, or corrected) for one man and one session, so a register
 * saved again reports a missed session once, and a correction only after a missed session was reported.
 */
export async function latestAttendanceEvent(
  trx: Trx,
  enrolmentId: string,
  sessionId: string,
): Promise<'missed_session' | 'attendance_corrected' | null> {
  const row = await latestAttendanceEventQuery.first(trx, { enrolmentId, sessionId });
  return row ? (row.type as 'missed_session' | 'attendance_corrected') : null;
}
