import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';

const { escapeLiteral } = pg;
const pgUtils = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils;

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
/**
 * The role-and-settings preamble (src/db/unit-of-work.ts `applyContext`): with its values written
 * in (ids only), its text differs per user, so it is never prepared; it runs unnamed, and when it
 * is the first statement of a transaction it travels with the `begin` (see below).
 */
const PREAMBLE = /^\s*select set_config\('role', 'parallel_app', true\)/i;

/** What Kysely is told of a `begin` that waits to travel with the statement after it. */
const BEGUN = { command: 'BEGIN', rowCount: null, rows: [] };

/**
 * Set while a request's unit of work writes the rows it appended (its audit entries) just before
 * it commits (src/db/unit-of-work.ts `finish`): nothing reads what those inserts return, and the
 * next statement is the commit.
 */
export const writingAtCommit = new AsyncLocalStorage<true>();
/** Such an insert as Kysely writes it (placeholders only, no `returning`). */
/**
 * The texts of reads that open a request's transaction (the session lookup, src/identity): sent
 * after a `begin` and its settings preamble, the three travel in one round trip, "begin; select
 * set_config(...); execute o_...('...')", the read prepared by SQL's PREPARE the first time on the
 * connection (in the same round trip) and executed with its values written in as literals, so it
 * keeps a cached plan as every other statement does.
 */
const openingReads = new Set<string>();
export function opensTransaction(text: string): void {
  openingReads.add(text);
}
const INSERT_AT_COMMIT = /^insert into "[a-z_]+" \([^)]*\) values \(\$1[^']*$/;
const COMMIT = /^\s*commit\s*$/i;
const ENDS_TRANSACTION = /^\s*(commit|rollback)\s*$/i;

/**
 * A statement whose placeholders ($1, $2...) are replaced by its values as SQL literals, as the
 * server would have read them as parameters (pg's own conversion, then its literal quoting): for a
 * statement sent by the simple protocol with another, which takes no parameters. A "$1" inside one
 * of the text's own quoted literals is left as it is (the texts are the application's own queries,
 * whose literals are standard strings: '' is a quote, a backslash is itself).
 */
export function withValuesWritten(text: string, values: readonly unknown[]): string {
  return text.replace(/('(?:[^']|'')*')|\$(\d+)/g, (whole, literal: string | undefined, index: string | undefined) => {
    if (literal !== undefined || index === undefined) {
      return whole;
    }
    return literalOf(values[Number(index) - 1]);
  });
}

/** A value as an SQL literal, as the server would have read it as a parameter (pg's own conversion, then its quoting). */
function literalOf(value: unknown): string {
  const prepared = pgUtils.prepareValue(value) as unknown;
  return prepared === null || prepared === undefined ? 'NULL' : escapeLiteral(String(prepared));
}

/**
 * The name an opening read is prepared under by SQL's PREPARE on each connection (so that the
 * simple query it travels in runs it with EXECUTE, from a cached plan, rather than planning it
 * again on every request: a quarter of a millisecond of the server's time for the session lookup).
 * Named apart from the protocol's prepared statements, which share the connection's names.
 */
export function openingReadName(text: string): string {
  return `o${statementName(text).slice(1)}`;
}

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
      /*
       * Each statement is a round trip to the server (a socket write and a read, tens of
       * microseconds of system time each here). A transaction's `begin` is held back and sent with
       * the statement after it when that is the settings preamble without parameters: one simple
       * query, "begin; select set_config(...)", in one round trip. Any other statement first sends
       * the `begin` on its own; a `commit` or `rollback` straight after it sends neither.
       */
      let beginHeld = false;
      /** The settings preamble after a held `begin`, held in turn for the statement after it (see `openingReads`). */
      let preambleHeld: string | null = null;
      /** Inside a transaction that began on this connection and has not ended yet. */
      let inTransaction = false;
      /** Closed rather than reused when it goes back to the pool (its prepared statements are not known for sure). */
      let discard = false;
      /**
       * The rows a request writes as it finishes, held to travel with its `commit` in one round trip
       * ("insert ...; commit"): if that insert fails, nothing after it runs and the commit is not
       * made, as when they went one after the other. Followed by anything else, it is sent first,
       * on its own, and its failure is that statement's.
       */
      let auditHeld: { text: string; values: unknown[] } | null = null;
      async function afterHeldAudit<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
        const held = auditHeld as { text: string; values: unknown[] };
        auditHeld = null;
        if (COMMIT.test(text)) {
          inTransaction = false;
          const results = (await client.query(
            `${withValuesWritten(held.text, held.values)}; commit`,
          )) as unknown as pg.QueryResult[];
          return (Array.isArray(results) ? results.at(-1) : results) as unknown as PostgresQueryResult<R>;
        }
        if (!/^\s*rollback\s*$/i.test(text)) {
          await client.query({ name: statementName(held.text), text: held.text, values: held.values });
          prepared.add(statementName(held.text));
        }
        return query<R>(text, values);
      }
      async function afterHeldBegin<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
        beginHeld = false;
        if (ENDS_TRANSACTION.test(text)) {
          inTransaction = false;
          return { command: text.trim().toUpperCase(), rowCount: null, rows: [] } as unknown as PostgresQueryResult<R>;
        }
        if (values.length === 0 && PREAMBLE.test(text)) {
          // Its row of settings is read by nobody: it goes with the statement after it.
          preambleHeld = text;
          return { command: 'SELECT', rowCount: 1, rows: [{}] } as unknown as PostgresQueryResult<R>;
        }
        await client.query('begin');
        return query<R>(text, values);
      }
      /**
       * The statement after a held `begin` and preamble: a read sent with them as one simple query,
       * its values written in; anything else after the two, sent on their own first. A `commit` or
       * `rollback` straight after them sends nothing (the transaction did nothing).
       */
      async function afterHeldPreamble<R>(text: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
        const preamble = preambleHeld as string;
        preambleHeld = null;
        if (ENDS_TRANSACTION.test(text)) {
          inTransaction = false;
          return { command: text.trim().toUpperCase(), rowCount: null, rows: [] } as unknown as PostgresQueryResult<R>;
        }
        if (openingReads.has(text)) {
          // Prepared on the connection the first time (PREPARE outlives a rolled-back transaction),
          // then run from its cached plan with its values written in.
          const name = openingReadName(text);
          const prepare = prepared.has(name) ? '' : `prepare ${name} as ${text}; `;
          let results: pg.QueryResult[];
          try {
            results = (await client.query(
              `begin; ${preamble}; ${prepare}execute ${name}(${values.map(literalOf).join(', ')})`,
            )) as unknown as pg.QueryResult[];
          } catch (error) {
            // Whether its PREPARE was made before the failure is not known: the connection is not reused.
            discard = true;
            throw error;
          }
          prepared.add(name);
          return (Array.isArray(results) ? results.at(-1) : results) as unknown as PostgresQueryResult<R>;
        }
        await client.query(`begin; ${preamble}`);
        return query<R>(text, values);
      }
      function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(
        sqlOrCursor: string | PostgresCursor<R>,
        parameters?: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        if (typeof sqlOrCursor !== 'string') {
          if (auditHeld) {
            const held = auditHeld;
            auditHeld = null;
            client.query({ name: statementName(held.text), text: held.text, values: held.values }).catch(() => undefined);
          }
          if (beginHeld) {
            // A cursor streams: its `begin` goes first, in order on the same connection.
            beginHeld = false;
            client.query('begin').catch(() => undefined);
          }
          if (preambleHeld !== null) {
            const preamble = preambleHeld;
            preambleHeld = null;
            client.query(`begin; ${preamble}`).catch(() => undefined);
          }
          return client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
        }
        const values = parameters ? [...parameters] : [];
        if (beginHeld) {
          return afterHeldBegin<R>(sqlOrCursor, values);
        }
        if (preambleHeld !== null) {
          return afterHeldPreamble<R>(sqlOrCursor, values);
        }
        if (auditHeld) {
          return afterHeldAudit<R>(sqlOrCursor, values);
        }
        if (values.length === 0 && /^\s*begin\s*$/i.test(sqlOrCursor)) {
          beginHeld = true;
          inTransaction = true;
          return Promise.resolve(BEGUN as unknown as PostgresQueryResult<R>);
        }
        if (values.length === 0 && ENDS_TRANSACTION.test(sqlOrCursor)) {
          inTransaction = false;
        }
        if (
          inTransaction &&
          writingAtCommit.getStore() &&
          INSERT_AT_COMMIT.test(sqlOrCursor) &&
          !/\breturning\b/i.test(sqlOrCursor)
        ) {
          auditHeld = { text: sqlOrCursor, values };
          // The rows it will insert, as the server would count them: one per "(...)" after `values`.
          const rowCount = (sqlOrCursor.slice(sqlOrCursor.indexOf(') values (')).match(/\), \(/g)?.length ?? 0) + 1;
          const held = { command: 'INSERT', rowCount, rows: [] };
          return Promise.resolve(held as unknown as PostgresQueryResult<R>);
        }
        if (!PREPARABLE.test(sqlOrCursor) || PREAMBLE.test(sqlOrCursor)) {
          return client.query(sqlOrCursor, values) as unknown as Promise<PostgresQueryResult<R>>;
        }
        const name = statementName(sqlOrCursor);
        prepared.add(name);
        return client.query({ name, text: sqlOrCursor, values }) as unknown as Promise<PostgresQueryResult<R>>;
      }
      return {
        query,
        release: () => {
          beginHeld = false;
          preambleHeld = null;
          inTransaction = false;
          // Kysely ends every transaction with a commit or a rollback before it lets go of the
          // connection, so an insert is never held here; were one, it would be part of a
          // transaction that never committed.
          auditHeld = null;
          client.release(discard || prepared.size >= limit);
        },
      };
    },
    end: () => pool.end(),
  };
}
