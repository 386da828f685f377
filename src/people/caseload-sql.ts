// The SQL both caseloads search with: a name word by trigrams or by sound, and whose cases a scope keeps (migration 0031).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Trx } from '../db/database.js';

/** The trigram word-similarity a name must reach to be found: low enough for one transposed pair of letters. */
export const NAME_SIMILARITY = '0.4';

/** Sets this transaction's trigram threshold before a name search (pg_trgm reads it for the `%>` operator). */
export async function useNameSimilarity(trx: Trx): Promise<void> {
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${NAME_SIMILARITY}, true)`.execute(trx);
}

/** A name word found by trigrams in the whole name (typos) or by the sound of the given or family name. */
export function nameWordMatches(table: string, word: string): Expression<SqlBool> {
  const given = sql.ref(`${table}.given_name`);
  const family = sql.ref(`${table}.family_name`);
  return sql<SqlBool>`(app_search_name(${given}, ${family}) %> ${word}::text
    OR dmetaphone(app_search_word(${family})) = dmetaphone(${word}::text)
    OR dmetaphone(app_search_word(${given})) = dmetaphone(${word}::text))`;
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
