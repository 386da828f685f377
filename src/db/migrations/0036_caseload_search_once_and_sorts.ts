import { sql, type Kysely } from 'kysely';

/*
 * The caseloads' name search made cheaper, and their sortable columns (issue 12).
 *
 * A misspelt surname at 100,000 people matched about 2,100 of them, and the name search function
 * of migration 0035 spent its time rechecking them: the trigram index is lossy, so each candidate's
 * name was folded again (translate() over the accented letters, about 4 µs a name) and, because
 * the three matches were one OR, both Double Metaphone keys were computed again for every row too.
 *
 * - Each person's folded name is kept in a stored generated column, `search_name` (the same
 *   app_search_name() of migration 0031, so it never disagrees with what the box folds), and the
 *   trigram index is on that column: the recheck reads it rather than folding the name again.
 * - The name functions ask their three indexes separately (UNION): the sound-alike indexes are
 *   exact, so only the trigram candidates are rechecked, and only by trigrams.
 * - The word-similarity threshold is the functions' own setting (0.4: low enough for one
 *   transposed pair of letters), so a request no longer sets it with a statement of its own.
 *
 * Sorting: both caseloads sort by name (their list indexes of migration 0020), by reference (the
 * unique reference of his record and of her case), by status (then when the case last changed)
 * and by when the case last changed. The last two are read from the indexes below, each ending in
 * the case's id so a page starts exactly after the row its cursor names.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const PEOPLE = ['participants', 'partners'] as const;
const CASES = ['perpetrator_cases', 'partner_cases'] as const;

function namedFunction(table: (typeof PEOPLE)[number], match: 'split' | 'or'): string {
  const where = `organisation_id = $2 AND merged_into IS NULL`;
  const body =
    match === 'split'
      ? `SELECT id FROM ${table} WHERE ${where} AND search_name %> $1
         UNION SELECT id FROM ${table} WHERE ${where} AND dmetaphone(app_search_word(family_name)) = dmetaphone($1)
         UNION SELECT id FROM ${table} WHERE ${where} AND dmetaphone(app_search_word(given_name)) = dmetaphone($1)`
      : `SELECT id FROM ${table} WHERE ${where} AND (app_search_name(given_name, family_name) %> $1
           OR dmetaphone(app_search_word(family_name)) = dmetaphone($1)
           OR dmetaphone(app_search_word(given_name)) = dmetaphone($1))`;
  const threshold = match === 'split' ? `SET pg_trgm.word_similarity_threshold = '0.4'` : '';
  return `CREATE OR REPLACE FUNCTION app_${table}_named(term text) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET app.caseload_search = 'on' ${threshold}
    AS $fn$
    BEGIN
      -- Planned for this term each time (EXECUTE): a plan made for any term reads every name.
      RETURN QUERY EXECUTE '${body.replace(/'/g, "''")}' USING term, app_current_organisation_id();
    END
    $fn$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of PEOPLE) {
    await sql
      .raw(
        `ALTER TABLE ${table} ADD COLUMN search_name text GENERATED ALWAYS AS (app_search_name(given_name, family_name)) STORED`,
      )
      .execute(db);
    await sql
      .raw(`CREATE INDEX ${table}_search_name_idx ON ${table} USING gin (search_name gin_trgm_ops) WHERE merged_into IS NULL`)
      .execute(db);
    await sql.raw(`DROP INDEX ${table}_search_name_trgm_idx`).execute(db);
    // CREATE OR REPLACE keeps the function's grants (parallel_app may call it; nobody else).
    await sql.raw(namedFunction(table, 'split')).execute(db);
  }
  for (const table of CASES) {
    await sql.raw(`CREATE INDEX ${table}_status_sort_idx ON ${table} (organisation_id, status, updated_at, id)`).execute(db);
    await sql.raw(`CREATE INDEX ${table}_updated_sort_idx ON ${table} (organisation_id, updated_at, id)`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of CASES) {
    await sql.raw(`DROP INDEX ${table}_updated_sort_idx`).execute(db);
    await sql.raw(`DROP INDEX ${table}_status_sort_idx`).execute(db);
  }
  for (const table of PEOPLE) {
    await sql.raw(namedFunction(table, 'or')).execute(db);
    await sql
      .raw(
        `CREATE INDEX ${table}_search_name_trgm_idx ON ${table} USING gin (app_search_name(given_name, family_name) gin_trgm_ops) WHERE merged_into IS NULL`,
      )
      .execute(db);
    await sql.raw(`DROP INDEX ${table}_search_name_idx`).execute(db);
    await sql.raw(`ALTER TABLE ${table} DROP COLUMN search_name`).execute(db);
  }
}
