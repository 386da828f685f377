import { sql, type Kysely } from 'kysely';

/*
 * The public referral form. An organisation publishes an address (/refer/<slug>) where agencies,
 * the man himself, his partner, her family or friends can refer him without signing in.
 *
 * The public form writes with no signed-in user, still under row-level security: these policies
 * add an INSERT-only path, open only when no user is set and the public-referral organisation is
 * set for the transaction. Permissive policies OR together, so the wall policies are unchanged, and
 * the public path has no SELECT policy: it can never read back what it (or anyone) wrote.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const TABLES = [
  'participants',
  'perpetrator_cases',
  'referrals',
  'referral_status_history',
  'referral_community_sources',
  'partners',
  'partner_cases',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisations ADD COLUMN public_referral_slug text UNIQUE
      CHECK (public_referral_slug ~ '^[a-z0-9-]{3,60}$')`.execute(db);
  for (const table of TABLES) {
    await sql
      .raw(
        `CREATE POLICY ${table}_public_referral ON ${table} FOR INSERT TO parallel_app
         WITH CHECK (organisation_id = NULLIF(current_setting('app.public_referral_organisation_id', true), '')::uuid
           AND app_current_user_id() IS NULL)`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    await sql.raw(`DROP POLICY ${table}_public_referral ON ${table}`).execute(db);
  }
  await sql`ALTER TABLE organisations DROP COLUMN public_referral_slug`.execute(db);
}
