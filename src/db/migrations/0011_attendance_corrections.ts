import { sql, type Kysely } from 'kysely';

/*
 * A register may be corrected after it was saved (a man marked absent had in fact arrived). The
 * partner service may already have been told "missed the group session on <date>", so the
 * correction is an event of its own, appended like every other: events are never rewritten, and
 * her worker can put the record straight with her (seed 001: keep her informed of his attendance).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const BEFORE = `'assessment_outcome', 'enrolled', 'started', 'missed_session', 'suspended', 'resumed', 'dropped_out',
  'excluded', 'completed', 'breached', 'disclosure'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE participant_events DROP CONSTRAINT participant_events_type_check`.execute(db);
  await sql
    .raw(
      `ALTER TABLE participant_events ADD CONSTRAINT participant_events_type_check
       CHECK (type IN (${BEFORE}, 'attendance_corrected'))`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE participant_events DROP CONSTRAINT participant_events_type_check`.execute(db);
  await sql
    .raw(`ALTER TABLE participant_events ADD CONSTRAINT participant_events_type_check CHECK (type IN (${BEFORE}))`)
    .execute(db);
}
