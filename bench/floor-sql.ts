import type { sql } from 'kysely';
import type { Db } from '../src/db/database.js';

/* The floor's (bench/floor.ts) query parameters, and its hand-written SQL run on the same database handle. */

export type Query = { org?: string; after?: string };
export type IdParams = { Params: { id: string }; Querystring: Query };

export async function rows<T>(db: Db, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}
