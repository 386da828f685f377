import { sql, type Kysely } from 'kysely';

/*
 * Indexes that match the order of each paged list (issue 11, point 2), so a page is an index scan
 * stopped by its LIMIT and a later page starts at its cursor's key, instead of the organisation's
 * whole caseload being joined and sorted to show 25 rows. Each leads with organisation_id, the
 * filter every list and every row-level security policy applies.
 *
 * No column is denormalised: each list's sort key lives on the table that drives its join (his
 * name on participants, hers on partners), and the case is joined by the existing indexes on
 * perpetrator_cases.participant_id and partner_cases.partner_id. The ids end each key so that two
 * people of the same name keep a stable order across pages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // His caseload (/participants): family name, given name, id; merged duplicates are never listed.
  await sql`
    CREATE INDEX participants_list_idx ON participants (organisation_id, family_name, given_name, id)
    WHERE merged_into IS NULL`.execute(db);
  // Her caseload (/partner-cases): the same order on her record.
  await sql`
    CREATE INDEX partners_list_idx ON partners (organisation_id, family_name, given_name, id)
    WHERE merged_into IS NULL`.execute(db);
  // Referrals, newest received first (read backwards); supersedes referrals_org_received_idx.
  await sql`
    CREATE INDEX referrals_list_idx ON referrals (organisation_id, received_on, created_at, id)`.execute(db);
  await sql`DROP INDEX referrals_org_received_idx`.execute(db);
  // A worker's own partner cases (her duties and follow-ups on the dashboard): the scope column.
  await sql`
    CREATE INDEX partner_cases_worker_idx ON partner_cases (organisation_id, allocated_worker_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX partner_cases_worker_idx`.execute(db);
  await sql`CREATE INDEX referrals_org_received_idx ON referrals (organisation_id, received_on)`.execute(db);
  await sql`DROP INDEX referrals_list_idx`.execute(db);
  await sql`DROP INDEX partners_list_idx`.execute(db);
  await sql`DROP INDEX participants_list_idx`.execute(db);
}
