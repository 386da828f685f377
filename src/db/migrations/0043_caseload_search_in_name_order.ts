import { sql, type Kysely } from 'kysely';

/*
 * The caseload search functions (migration 0035, the name searches as migration 0036 made them)
 * return their ids in the caseloads' name order: family name, given name, id, the order of
 * participants_list_idx and partners_list_idx.
 *
 * A common surname matches thousands of people at 100,000 (the generated names, 2,100 for one);
 * the caseload then joined every one of them to their cases and sorted them all to show 25. The
 * functions read each matching row already, so sorting them there costs about a millisecond; the
 * caseload then reads its page from a window of the ids at the cursor's place, widening it only
 * when the filters leave too few (src/people/caseload-sql.ts).
 *
 * The matches are found first, on the searches' own indexes (a MATERIALIZED CTE), then sorted:
 * asked in name order directly, the planner may walk the name index through the whole
 * organisation and test every name instead. Same signatures, same rows, same security and
 * settings: only the order in which the ids come back changes.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const PEOPLE = ['participants', 'partners'] as const;
type People = (typeof PEOPLE)[number];
const WHERE = `organisation_id = $2 AND merged_into IS NULL`;

/** Each search's rows, as migrations 0035 and 0036 find them: [function, body, its own settings]. */
function searches(table: People, columns: string): Array<[string, string, string]> {
  const select = `SELECT ${columns} FROM ${table} WHERE ${WHERE}`;
  const phone =
    table === 'partners' ? `(app_phone_digits(phone) = $1 OR app_phone_digits(safe_phone) = $1)` : `app_phone_digits(phone) = $1`;
  return [
    [
      `app_${table}_named`,
      `${select} AND search_name %> $1
       UNION ${select} AND dmetaphone(app_search_word(family_name)) = dmetaphone($1)
       UNION ${select} AND dmetaphone(app_search_word(given_name)) = dmetaphone($1)`,
      `SET pg_trgm.word_similarity_threshold = '0.4'`,
    ],
    [`app_${table}_by_phone`, `${select} AND ${phone}`, ''],
    [`app_${table}_by_postcode`, `${select} AND app_postcode_key(postcode) = $1`, ''],
  ];
}

async function define(db: Kysely<unknown>, sorted: boolean): Promise<void> {
  for (const table of PEOPLE) {
    for (const [name, found, settings] of searches(table, sorted ? 'id, family_name, given_name' : 'id')) {
      const body = sorted
        ? `WITH found AS MATERIALIZED (${found}) SELECT id FROM found ORDER BY family_name, given_name, id`
        : found;
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION ${name}(term text) RETURNS SETOF uuid
           LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp SET app.caseload_search = 'on' ${settings}
           AS $fn$
           BEGIN
             -- Planned for this term each time (EXECUTE): a plan made for any term reads every name.
             RETURN QUERY EXECUTE '${body.replace(/'/g, "''")}' USING term, app_current_organisation_id();
           END
           $fn$`,
        )
        .execute(db);
    }
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await define(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await define(db, false);
}
