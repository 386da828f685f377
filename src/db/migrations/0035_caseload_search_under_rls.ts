import { sql, type Kysely } from 'kysely';

/*
 * The caseload searches of migration 0031 read their indexes again under row-level security.
 *
 * A policy's condition is checked before any condition of the query that is not "leakproof", so
 * that a function cannot see a row the caller may not: and trigram matching, Double Metaphone and
 * the phone and postcode keys are not leakproof. With row-level security on, PostgreSQL could not
 * use their indexes and checked every person of the organisation in turn (0.3 to 2 s at 100,000).
 *
 * Each search is now a function that finds the ids of the people of the caller's organisation
 * whose name, phone or postcode matches, on those indexes, and nothing else: the caseload's query
 * keeps only its rows whose id is among them (`id = ANY (...)`, a leakproof comparison the
 * planner drives from the primary key), and row-level security still decides, row by row, which of
 * those the caller sees. The functions run as their owner (SECURITY DEFINER), never as
 * parallel_app, which may only call them; they return ids and nothing more, and only of the
 * organisation the request's settings name. Each plans its query for the term it is given: a plan
 * made once for any term (as a SQL function's is) reads the whole table for a name.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const SEARCHES: Array<{ name: string; table: 'participants' | 'partners'; match: string }> = [
  {
    name: 'app_participants_named',
    table: 'participants',
    match: `(app_search_name(given_name, family_name) %> term
             OR dmetaphone(app_search_word(family_name)) = dmetaphone(term)
             OR dmetaphone(app_search_word(given_name)) = dmetaphone(term))`,
  },
  { name: 'app_participants_by_phone', table: 'participants', match: `app_phone_digits(phone) = term` },
  { name: 'app_participants_by_postcode', table: 'participants', match: `app_postcode_key(postcode) = term` },
  {
    name: 'app_partners_named',
    table: 'partners',
    match: `(app_search_name(given_name, family_name) %> term
             OR dmetaphone(app_search_word(family_name)) = dmetaphone(term)
             OR dmetaphone(app_search_word(given_name)) = dmetaphone(term))`,
  },
  {
    name: 'app_partners_by_phone',
    table: 'partners',
    match: `(app_phone_digits(phone) = term OR app_phone_digits(safe_phone) = term)`,
  },
  { name: 'app_partners_by_postcode', table: 'partners', match: `app_postcode_key(postcode) = term` },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // Where the owner is not a superuser, FORCE ROW LEVEL SECURITY applies to it too: the search
  // functions may read these two tables only while they run (as migration 0021's duty functions).
  await sql
    .raw(
      `DO $$
       DECLARE t text;
       BEGIN
         IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
           FOREACH t IN ARRAY ARRAY['participants','partners'] LOOP
             EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO %I USING (current_setting(''app.caseload_search'', true) = ''on'')',
                            t || '_caseload_search', t, current_user);
           END LOOP;
         END IF;
       END $$`,
    )
    .execute(db);
  for (const { name, table, match } of SEARCHES) {
    await sql
      .raw(
        `CREATE FUNCTION ${name}(term text) RETURNS SETOF uuid
         LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET app.caseload_search = 'on'
         AS $fn$
         BEGIN
           -- Planned for this term each time (EXECUTE): a plan made for any term reads every name.
           RETURN QUERY EXECUTE 'SELECT id FROM ${table}
             WHERE organisation_id = $2 AND merged_into IS NULL AND ${match.replace(/term/g, '$1')}'
             USING term, app_current_organisation_id();
         END
         $fn$`,
      )
      .execute(db);
    await sql.raw(`REVOKE ALL ON FUNCTION ${name}(text) FROM PUBLIC`).execute(db);
    await sql.raw(`GRANT EXECUTE ON FUNCTION ${name}(text) TO parallel_app`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { name } of SEARCHES) {
    await sql.raw(`DROP FUNCTION ${name}(text)`).execute(db);
  }
  await sql`DROP POLICY IF EXISTS participants_caseload_search ON participants`.execute(db);
  await sql`DROP POLICY IF EXISTS partners_caseload_search ON partners`.execute(db);
}
