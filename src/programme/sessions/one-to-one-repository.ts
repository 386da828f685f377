import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import { sessions, type SessionRow } from './repository.js';

/** His one-to-one sessions on one enrolment, in date order. */
export async function listOneToOneSessions(trx: Trx, enrolmentId: string): Promise<SessionRow[]> {
  return sessions(trx)
    .where('programme_sessions.enrolment_id', '=', enrolmentId)
    .where('programme_sessions.kind', '=', 'one_to_one')
    .orderBy('programme_sessions.starts_at')
    .execute();
}

/** Where the next planned one-to-one session continues: the highest sequence so far (0 if none). */
export async function lastOneToOneSequence(trx: Trx, enrolmentId: string): Promise<number> {
  const row = await trx
    .selectFrom('programme_sessions')
    .select(sql<number>`coalesce(max(sequence), 0)::int`.as('n'))
    .where('enrolment_id', '=', enrolmentId)
    .where('kind', '=', 'one_to_one')
    .executeTakeFirstOrThrow();
  return row.n;
}
