import { sql, type Kysely } from 'kysely';

/*
 * Search and filters on the referrals and MARAC lists, and the dashboard's MARAC actions count
 * (issue 12).
 *
 * A referral searched by its reference's start ("RF-104") is a range on the pattern operators
 * (~>=~, ~<~), which need a text_pattern_ops index (as participants_search_reference_idx in 0031).
 * Sorting by reference reads the referrals' unique (organisation, reference) index, by received
 * date referrals_list_idx (0020), by his name participants_list_idx (0020).
 *
 * The MARAC actions not yet done, by due date: the dashboard counts those overdue and those due
 * soon and /marac/actions lists them in due order, each a range of this partial index stopped at
 * its cap or page size, never a read of every action the organisation has recorded.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX referrals_search_reference_idx ON referrals (organisation_id, reference text_pattern_ops)`.execute(db);
  await sql`
    CREATE INDEX marac_actions_open_due_idx ON marac_actions (organisation_id, due_on, id)
    WHERE completed_on IS NULL AND due_on IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX marac_actions_open_due_idx, referrals_search_reference_idx`.execute(db);
}
