import { sql, type Kysely } from 'kysely';

/*
 * The MARAC referrals across her cases (/marac/referrals, issue 12), newest referred first: read
 * backwards on this index (organisation, referred on, id) and stopped at the page's LIMIT, each
 * filter (status, her worker, her DASH level, the meeting's dates, her name or reference) checked
 * along it, never a sort of every referral the organisation has made.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX marac_referrals_list_idx ON marac_referrals (organisation_id, referred_on, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX marac_referrals_list_idx`.execute(db);
}
