import { sql, type Kysely } from 'kysely';

/*
 * The open MARAC actions sorted by agency (/marac/actions?sort=agency, issue 12): read on this
 * partial index in (organisation, agency, id) order, either way, and stopped at the page's LIMIT,
 * as marac_actions_open_due_idx (migration 0037) serves the due order. Its predicate is the list's
 * own (an action not yet done, with a due date).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX marac_actions_open_agency_idx ON marac_actions (organisation_id, agency, id)
    WHERE completed_on IS NULL AND due_on IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX marac_actions_open_agency_idx`.execute(db);
}
