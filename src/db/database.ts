// Opening the database: embedded PGlite or a PostgreSQL server, read the same way on both drivers.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDirectory } from './data-directory-lock.js';
import { DurableNodeFS, durableStartParams, syncNewDataDirectory } from './durable-storage.js';
import { preparedStatementPool } from './prepared-pool.js';
import type { Database } from './schema.js';

export { DataDirectoryInUseError } from './data-directory-lock.js';
// Imported from most repositories and services; its home is actor-settings.ts.
export { withActor } from './actor-settings.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** The extensions the migrations create (0031: caseload search), which PGlite must load to open the database. */
export const PGLITE_EXTENSIONS = { pg_trgm, fuzzystrmatch };

const PG_INT8 = 20;
const PG_DATE = 1082;
/** Dates stay ISO strings ("2026-11-23") and bigint ids stay strings, the same on both drivers. */
const keepAsText = (value: string): string => value;

export type DatabaseHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
};

/**
 * The embedded database: PGlite in `dataDir`, or in memory when dataDir is undefined.
 * `loadDataDir` starts it from a dump (PGlite's `dumpDataDir`) instead of an empty new cluster:
 * the tests clone each file's database from one migrated template this way.
 *
 * On disk, a commit returns only once its write-ahead log is on disk (see durable-storage.ts); in
 * memory there is no disk, and PGlite's defaults (fsync off) stand.
 */
export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<DatabaseHandle> {
  const unlock = dataDir ? lockDataDirectory(dataDir) : () => undefined;
  try {
    const pgdata = dataDir ? path.join(dataDir, 'pgdata') : undefined;
    const isNew = pgdata !== undefined && !fs.existsSync(path.join(pgdata, 'PG_VERSION'));
    // PostgreSQL's default 128 MB of shared buffers is touched in full inside PGlite's WebAssembly
    // heap at start; 32 MB holds a small service's working set and keeps the server about 100 MB
    // smaller (pages it does not hold are read from the operating system's file cache).
    const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];
    // One options object: PGlite ignores a second argument when the first is not a string.
    const pglite = new PGlite({
      extensions: PGLITE_EXTENSIONS,
      ...(pgdata ? { fs: new DurableNodeFS(pgdata), startParams: durableStartParams(startParams) } : { startParams }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    await pglite.waitReady;
    if (pgdata && isNew) {
      syncNewDataDirectory(pgdata);
    }
    // The dialect calls only query(); PGlite 0.5 applies type parsers per query, not per instance.
    const parsers = { [PG_INT8]: keepAsText, [PG_DATE]: keepAsText };
    const client = {
      query: (text: string, params?: unknown[]) => pglite.query(text, params, { parsers }),
      close: async () => {
        if (!pglite.closed) {
          await pglite.close();
        }
      },
    } as unknown as PGlite;
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        if (!pglite.closed) {
          await pglite.close();
        }
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

export async function openPostgres(connectionString: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // A connection keeps its prepared statements' plans (src/db/prepared-pool.ts), so one closed
    // after pg's default 10 idle seconds costs the next requests their planning again (tens of
    // milliseconds each on a case page): idle connections are kept for five minutes.
    idleTimeoutMillis: 300_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8 || oid === PG_DATE ? keepAsText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // When the server ends an idle connection (a restart, idle_session_timeout, an administrator),
  // the pool emits 'error'; unheard, Node would end the whole process. The pool has already
  // dropped that connection and opens a new one for the next query, where any lasting failure
  // is reported to the request that made it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool) }) });
  await sql`select 1`.execute(db);
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export async function openDatabase(options: { databaseUrl: string | undefined; dataDir: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
