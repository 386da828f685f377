// The SQL both caseloads search with: a name word by trigrams or by sound, and whose cases a scope keeps (migration 0031).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Trx } from '../db/database.js';

/** The trigram word-similarity a name must reach to be found: low enough for one transposed pair of letters. */
export const NAME_SIMILARITY = '0.4';

/** Sets this transaction's trigram threshold before a name search (pg_trgm reads it for the `%>` operator). */
export async function useNameSimilarity(trx: Trx): Promise<void> {
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${NAME_SIMILARITY}, true)`.execute(trx);
}

/** The people searched: his side's people or hers, each with its search functions (migration 0035). */
export type SearchedPeople = 'participants' | 'partners';

/**
 * The people of `table` whose id is among those a search function finds (the caller's
 * organisation only). Under row-level security PostgreSQL cannot drive a search from an index
 * whose function is not leakproof (trigrams, Double Metaphone, the phone and postcode keys), so
 * each search runs in a function of its own on its index and the list keeps only the ids it
 * returns: `= ANY` is leakproof and read from the primary key, and the policies still decide which
 * rows the caller sees.
 */
function idFoundBy(table: SearchedPeople, search: 'named' | 'by_phone' | 'by_postcode', term: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${table}.id`)} = ANY (ARRAY(SELECT ${sql.raw(`app_${table}_${search}`)}(${term}::text)))`;
}

/** A name word found by trigrams in the whole name (typos) or by the sound of the given or family name. */
export function nameWordMatches(table: SearchedPeople, word: string): Expression<SqlBool> {
  return idFoundBy(table, 'named', word);
}

/** A phone number, as its digits (her safe number too, on her side). */
export function phoneMatches(table: SearchedPeople, digits: string): Expression<SqlBool> {
  return idFoundBy(table, 'by_phone', digits);
}

/** A postcode, without its spaces, in capitals. */
export function postcodeMatches(table: SearchedPeople, key: string): Expression<SqlBool> {
  return idFoundBy(table, 'by_postcode', key);
}

/** The people a worker's scope keeps: allocated to the viewer, or to anyone sharing a team with the viewer. */
export function allocatedWithin(column: string, scope: 'mine' | 'team', viewerId: string): Expression<SqlBool> {
  if (scope === 'mine') {
    return sql<SqlBool>`${sql.ref(column)} = ${viewerId}::uuid`;
  }
  return sql<SqlBool>`${sql.ref(column)} IN (
    SELECT teammate.user_id FROM team_memberships AS own
    JOIN team_memberships AS teammate ON teammate.team_id = own.team_id
    WHERE own.user_id = ${viewerId}::uuid)`;
}
