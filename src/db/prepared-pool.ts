import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/*
 * PostgreSQL plans an unnamed statement every time it is bound, and with row-level security on
 * every case table that planning is most of a case page's database time (0.3 to 2.5 ms a
 * statement, against microseconds to run it). Named, the statement is parsed once per connection
 * and, after a few runs, bound to PostgreSQL's cached generic plan, which still applies every
 * policy at run time: the same rows come back, without planning them again.
 *
 * Each distinct text becomes one prepared statement on each connection that runs it. The texts
 * come from the application's own queries (values are always parameters), but lists built with
 * `in (...)` of varying length make a few more, so a connection that has prepared `limit`
 * statements is closed when it returns to the pool and the pool opens a fresh one.
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 500;

/** Statements PostgreSQL can keep prepared; transaction control and settings run unnamed. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/** Names already made, by text: hashing every statement's text again cost more than sending it. */
const names = new Map<string, string>();
const REMEMBERED_NAMES = 5_000;

export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `k_${createHash('sha1').update(text).digest('hex')}`;
    if (names.size >= REMEMBERED_NAMES) {
      names.clear();
    }
    names.set(text, name);
  }
  return name;
}

export function preparedStatementPool(pool: pg.Pool, limit = PREPARED_STATEMENTS_PER_CONNECTION): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const prepared = preparedOn.get(client) ?? new Set<string>();
      preparedOn.set(client, prepared);
      function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        sqlOrCursor: string | PostgresCursor<R>,
        parameters?: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        if (typeof sqlOrCursor !== 'string') {
          return client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
        }
        const values = parameters ? [...parameters] : [];
        if (!PREPARABLE.test(sqlOrCursor)) {
          return client.query(sqlOrCursor, values) as unknown as Promise<PostgresQueryResult<R>>;
        }
        const name = statementName(sqlOrCursor);
        prepared.add(name);
        return client.query({ name, text: sqlOrCursor, values }) as unknown as Promise<PostgresQueryResult<R>>;
      }
      return {
        query,
        release: () => client.release(prepared.size >= limit),
      };
    },
    end: () => pool.end(),
  };
}
