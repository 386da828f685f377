import { sql, type Kysely } from 'kysely';

/*
 * The referral a partner case was opened from (issue 12, item 7): the referral page lists the
 * partners it created. Null for a partner case opened by hand or before this migration. The
 * column sits on partner_cases, so its row-level security (partner side and management only)
 * covers it: the perpetrator side never learns which partners a referral opened.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE partner_cases ADD COLUMN referral_id uuid REFERENCES referrals (id)`.execute(db);
  await sql`
    CREATE INDEX partner_cases_referral_idx ON partner_cases (organisation_id, referral_id, reference)
    WHERE referral_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX partner_cases_referral_idx`.execute(db);
  await sql`ALTER TABLE partner_cases DROP COLUMN referral_id`.execute(db);
}
