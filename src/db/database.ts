import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

const PG_INT8 = 20;
const PG_DATE = 1082;
/** Dates stay ISO strings ("2026-11-23") and bigint ids stay strings, the same on both drivers. */
const keepAsText = (value: string): string => value;

export type DatabaseHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
};

export class DataDirectoryInUseError extends Error {}

/**
 * PGlite has no file locking: a second process on the same directory would silently lose writes.
 * An exclusive lock file, created atomically, refuses the second start with a clear message.
 */
function lockDataDirectory(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'parallel.lock');
  const tryLock = (): boolean => {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      return false;
    }
  };
  if (!tryLock()) {
    const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && processIsRunning(holder)) {
      throw new DataDirectoryInUseError(
        `The data directory ${dataDir} is in use by another Parallel process (pid ${holder}). ` +
          'Stop that process first, or set DATA_DIR to another directory.',
      );
    }
    // A stale lock left by a process that has gone: take it over.
    fs.rmSync(lockPath, { force: true });
    if (!tryLock()) {
      throw new DataDirectoryInUseError(`Could not lock the data directory ${dataDir}.`);
    }
  }
  return () => fs.rmSync(lockPath, { force: true });
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database: PGlite in `dataDir`, or in memory when dataDir is undefined.
 * `loadDataDir` starts it from a dump (PGlite's `dumpDataDir`) instead of an empty new cluster:
 * the tests clone each file's database from one migrated template this way.
 */
export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<DatabaseHandle> {
  const unlock = dataDir ? lockDataDirectory(dataDir) : () => undefined;
  try {
    // One options object: PGlite ignores a second argument when the first is not a string.
    const pglite = new PGlite({
      dataDir: dataDir ? path.join(dataDir, 'pgdata') : undefined,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    await pglite.waitReady;
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export async function openDatabase(options: { databaseUrl: string | undefined; dataDir: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

/** Who the database should treat as the caller for row-level security. */
export type DatabaseActor = { userId: string; organisationId: string } | null;

/**
 * Runs `work` in one transaction as the non-superuser application role, with the request's user
 * and organisation set for the row-level security policies. Every request-time query goes through
 * here, so a forgotten check in the application still returns no rows across the wall.
 */
export async function withActor<T>(db: Db, actor: DatabaseActor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL ROLE parallel_app`.execute(trx);
    await sql`SELECT set_config('app.user_id', ${actor?.userId ?? ''}, true),
                     set_config('app.organisation_id', ${actor?.organisationId ?? ''}, true)`.execute(trx);
    return work(trx);
  });
}

/**
 * Hourly housekeeping: sessions past their absolute expiry are deleted (idle ones are refused
 * when presented and go at expiry too), and, on PGlite, which runs no autovacuum, the planner
 * statistics are refreshed so list queries do not degrade as the caseload grows.
 */
export async function runHousekeeping(handle: DatabaseHandle): Promise<void> {
  await handle.db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
  if (handle.kind === 'pglite') {
    await sql`ANALYZE`.execute(handle.db);
  }
}

export function scheduleMaintenance(handle: DatabaseHandle, onError: (error: unknown) => void): () => void {
  const housekeeping = () => runHousekeeping(handle).catch(onError);
  void housekeeping();
  const timer = setInterval(() => void housekeeping(), 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
