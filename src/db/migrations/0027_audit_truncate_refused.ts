import { sql, type Kysely } from 'kysely';

/*
 * The audit log cannot be emptied in one statement (issue 19, point 3).
 *
 * Each row of audit_events already refuses UPDATE (but the chainer's sealing) and DELETE by a row
 * trigger, but TRUNCATE fires no row trigger: the table owner could empty the log, and a log with
 * no entries verified as intact. A statement trigger now refuses TRUNCATE too, for every role.
 * Nothing in Parallel deletes audit entries (there is no retention period for them), so there is
 * no path to keep open. An owner or superuser can still drop the trigger; that is why the chain's
 * head is also checkpointed outside the database, and `npm run audit:verify` compares the two.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION audit_events_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: it cannot be truncated';
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_truncate()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER audit_events_no_truncate ON audit_events`.execute(db);
  await sql`DROP FUNCTION audit_events_refuse_truncate()`.execute(db);
}
