import { sql, type Kysely } from 'kysely';

/*
 * The outstanding duties list sorted by the kind of duty (issue 12), for the organisation and for
 * one worker's cases: read along these indexes (kind, then due date, case and event) in either
 * direction and stopped at the page's LIMIT, as the list by due date reads
 * partner_duties_outstanding_list_idx and _worker_idx (migration 0021).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX partner_duties_outstanding_type_idx
    ON partner_duties_outstanding (organisation_id, event_type, due_on, partner_case_id, event_id)`.execute(db);
  await sql`
    CREATE INDEX partner_duties_outstanding_worker_type_idx
    ON partner_duties_outstanding (organisation_id, allocated_worker_id, event_type, due_on, partner_case_id, event_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX partner_duties_outstanding_worker_type_idx`.execute(db);
  await sql`DROP INDEX partner_duties_outstanding_type_idx`.execute(db);
}
