import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresDialect, sql, type ControlledTransaction, type Expression, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDirectory } from './data-directory-lock.js';
import { DurableNodeFS, durableStartParams, syncNewDataDirectory } from './durable-storage.js';
import { deleteExpiredIdempotencyKeys } from './idempotency-expiry.js';
import { preparedStatementPool } from './prepared-pool.js';
import type { Database } from './schema.js';

export { DataDirectoryInUseError } from './data-directory-lock.js';

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

/** Who the database should treat as the caller for row-level security. */
export type DatabaseActor = { userId: string; organisationId: string } | null;

/**
 * Runs `work` as the non-superuser application role, with the request's user and organisation set
 * for the row-level security policies. Every request-time query goes through here, so a forgotten
 * check in the application still returns no rows across the wall.
 *
 * Inside an HTTP request (see `runInUnitOfWork`) every call joins the request's one transaction;
 * elsewhere (scripts, jobs, tests calling services directly) each call is a transaction of its own.
 */
export async function withActor<T>(db: Db, actor: DatabaseActor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inDatabaseContext(
    db,
    { userId: actor?.userId ?? '', organisationId: actor?.organisationId ?? '', publicReferralOrganisationId: '' },
    work,
  );
}

/**
 * The settings row-level security reads. `publicReferralOrganisationId` is set only for the public
 * referral form, which may insert a referral into that organisation and read nothing.
 */
export type DatabaseContext = { userId: string; organisationId: string; publicReferralOrganisationId: string };

const sameContext = (a: DatabaseContext | null, b: DatabaseContext): boolean =>
  a !== null &&
  a.userId === b.userId &&
  a.organisationId === b.organisationId &&
  a.publicReferralOrganisationId === b.publicReferralOrganisationId;

/** One statement: the role (as SET LOCAL ROLE) and the settings, each for this transaction only. */
async function applyContext(trx: Trx, context: DatabaseContext): Promise<void> {
  await sql`SELECT set_config('role', 'parallel_app', true),
                   set_config('app.user_id', ${context.userId}, true),
                   set_config('app.organisation_id', ${context.organisationId}, true),
                   set_config('app.public_referral_organisation_id', ${context.publicReferralOrganisationId}, true)`.execute(trx);
}

/**
 * The settings as a select list: a statement that itself decides who the caller is (the session
 * lookup) sets them in the same statement instead of a preamble of their own (see `settingsSetBy`).
 */
export function contextSettings(context: { userId: string | Expression<string>; organisationId: string | Expression<string> }) {
  return [
    sql<string>`set_config('app.user_id', ${context.userId}, true)`.as('_settingsUserId'),
    sql<string>`set_config('app.organisation_id', ${context.organisationId}, true)`.as('_settingsOrganisationId'),
  ] as const;
}

/**
 * The statement just run on `trx` set the settings to `context` with `contextSettings` (or, with
 * `null`, set them to someone it then found it must not act for). At the top of a request's call the
 * unit of work takes note, so the request's later calls for that actor need no preamble; anywhere
 * else, and for `null`, the call's own settings are put back at once.
 */
export async function settingsSetBy(trx: Trx, context: Pick<DatabaseContext, 'userId' | 'organisationId'> | null): Promise<void> {
  const scope = unitScope.getStore();
  if (!scope?.context || scope.trx !== trx) {
    throw new Error('settingsSetBy is called only inside withActor, with its transaction');
  }
  if (context && !scope.nested && scope.unit !== detachedUnit && scope.unit.adoptContext(scope.context, trx, context)) {
    return;
  }
  await applyContext(trx, scope.context);
}

/** Where the current async call chain stands: in which request's unit of work, inside which call. */
type UnitScope = { unit: UnitOfWork; trx?: Trx; context?: DatabaseContext; nested?: true };
const unitScope = new AsyncLocalStorage<UnitScope>();

/**
 * A request's unit of work: one transaction, opened on the first database call and committed once
 * when the response is ready (`finish`). Each call after the first runs under a savepoint, so a
 * call that fails (a record not found, a rule refused, a constraint) leaves nothing half-written
 * and the request can go on, exactly as when every call had its own transaction. Calls are run one
 * at a time; a call made from inside another call's work simply joins it.
 */
export class UnitOfWork {
  private trx: ControlledTransaction<Database> | null = null;
  private context: DatabaseContext | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private savepoints = 0;
  private finished = false;
  private readonly reads = new Map<string, Promise<unknown>>();
  /** Rows appended by the request's calls (audit entries), written together just before commit. */
  private pending: PendingInsert[] = [];

  /**
   * `readOnly`: a GET or HEAD request, which changes no case record: it may serve a record it has
   * already read from memory, and its calls need no savepoints.
   */
  constructor(
    private readonly db: Db,
    readonly readOnly: boolean,
  ) {}

  get isFinished(): boolean {
    return this.finished;
  }

  /** Runs one call in the unit's transaction, after any call already under way. */
  run<T>(context: DatabaseContext, work: (trx: Trx) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.runNow(context, work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async runNow<T>(context: DatabaseContext, work: (trx: Trx) => Promise<T>): Promise<T> {
    if (this.finished) {
      // The response has already been settled (e.g. the client went away): a transaction of its own.
      return ownTransaction(this.db, context, work);
    }
    if (!this.trx) {
      const trx = await this.db.startTransaction().execute();
      this.trx = trx;
      try {
        await applyContext(trx, context);
        this.context = context;
        const value = await unitScope.run({ unit: this, trx, context }, () => work(trx));
        return value;
      } catch (error) {
        // The first call failed: nothing else is in the transaction, so all of it goes.
        this.trx = null;
        this.context = null;
        this.reads.clear();
        this.pending = [];
        await trx.rollback().execute();
        throw error;
      }
    }
    const trx = this.trx;
    if (this.readOnly) {
      return this.runWithoutSavepoint(trx, context, work);
    }
    const savepoint = sql.raw(`uow_${(this.savepoints += 1)}`);
    await sql`SAVEPOINT ${savepoint}`.execute(trx);
    const pendingBefore = this.pending.length;
    try {
      if (!sameContext(this.context, context)) {
        await applyContext(trx, context);
        this.context = context;
      }
      const value = await unitScope.run({ unit: this, trx, context }, () => work(trx));
      await sql`RELEASE SAVEPOINT ${savepoint}`.execute(trx);
      return value;
    } catch (error) {
      // Back to before this call, settings included (set_config with is_local follows savepoints).
      await sql`ROLLBACK TO SAVEPOINT ${savepoint}`.execute(trx);
      await sql`RELEASE SAVEPOINT ${savepoint}`.execute(trx);
      this.context = null;
      this.reads.clear();
      this.pending.length = pendingBefore;
      throw error;
    }
  }

  /**
   * A read-only request (GET) writes nothing but its audit entries and the session's last use, so a
   * call that fails in the application (not found, not allowed) leaves nothing that must be undone
   * and needs no savepoint. A call that fails in the database has spoiled the transaction: it is
   * rolled back and the request's later calls start a new one.
   */
  private async runWithoutSavepoint<T>(
    trx: ControlledTransaction<Database>,
    context: DatabaseContext,
    work: (trx: Trx) => Promise<T>,
  ): Promise<T> {
    try {
      if (!sameContext(this.context, context)) {
        await applyContext(trx, context);
        this.context = context;
      }
      return await unitScope.run({ unit: this, trx, context }, () => work(trx));
    } catch (error) {
      if (isDatabaseError(error)) {
        this.trx = null;
        this.context = null;
        this.reads.clear();
        this.pending = [];
        await trx.rollback().execute();
      }
      throw error;
    }
  }

  /**
   * The call running under `callContext` on `trx` has set the settings to `context` in one of its
   * statements (see `settingsSetBy`): true when the unit now knows they hold, false when it could
   * not tell (the caller then puts the call's settings back).
   */
  adoptContext(callContext: DatabaseContext, trx: Trx, context: Pick<DatabaseContext, 'userId' | 'organisationId'>): boolean {
    if (this.trx !== trx || !sameContext(this.context, callContext)) {
      return false;
    }
    this.context = { userId: context.userId, organisationId: context.organisationId, publicReferralOrganisationId: '' };
    return true;
  }

  /**
   * A record read once per request: the first call reads it, later calls of the same key under the
   * same settings share that read. Only in read-only requests, which change no case record.
   */
  readOnce<T>(trx: Trx, key: string, load: () => Promise<T>): Promise<T> {
    const scope = unitScope.getStore();
    if (!this.readOnly || scope?.unit !== this || scope.trx !== trx || !scope.context) {
      return load();
    }
    const { userId, organisationId, publicReferralOrganisationId } = scope.context;
    const fullKey = `${userId}|${organisationId}|${publicReferralOrganisationId}|${key}`;
    const cached = this.reads.get(fullKey) as Promise<T> | undefined;
    if (cached) {
      return cached;
    }
    const loading = load();
    this.reads.set(fullKey, loading);
    loading.catch(() => this.reads.delete(fullKey));
    return loading;
  }

  /**
   * Appends a row to be written just before the transaction commits, with the rows of the same
   * kind from the request's other calls, in one statement under the settings of the call that
   * appended it. Called only from inside this unit's calls (see `insertAtCommit`).
   */
  appendAtCommit<T>(context: DatabaseContext, kind: string, row: T, insertAll: (trx: Trx, rows: T[]) => Promise<void>): void {
    this.pending.push({ context, kind, row, insertAll: insertAll as PendingInsert['insertAll'] });
  }

  private async writePending(trx: Trx): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    while (pending.length > 0) {
      const first = pending[0] as PendingInsert;
      const batch = pending.filter((p) => p.kind === first.kind && sameContext(p.context, first.context));
      const rest = pending.filter((p) => !batch.includes(p));
      pending.length = 0;
      pending.push(...rest);
      if (!sameContext(this.context, first.context)) {
        await applyContext(trx, first.context);
        this.context = first.context;
      }
      await first.insertAll(
        trx,
        batch.map((p) => p.row),
      );
    }
  }

  /** Commits (or rolls back) the transaction, after any call still under way; then later calls run on their own. */
  finish(outcome: 'commit' | 'rollback'): Promise<void> {
    const done = this.tail.then(async () => {
      if (this.finished) {
        return;
      }
      this.finished = true;
      this.reads.clear();
      const trx = this.trx;
      this.trx = null;
      if (!trx) {
        return;
      }
      if (outcome === 'rollback') {
        this.pending = [];
        await trx.rollback().execute();
        return;
      }
      try {
        await this.writePending(trx);
        await trx.commit().execute();
      } catch (error) {
        // Nothing of the request is kept; the connection goes back to the pool clean.
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
        throw error;
      }
    });
    this.tail = done.catch(() => undefined);
    return done;
  }
}

type PendingInsert = {
  context: DatabaseContext;
  kind: string;
  row: unknown;
  insertAll: (trx: Trx, rows: unknown[]) => Promise<void>;
};

/**
 * Writes `row` in the caller's transaction: inside a request's unit of work, just before it
 * commits, together with the other rows of the same `kind` (one statement for all of a page's
 * audit entries); elsewhere at once. Either way it commits or fails with the rest of the work.
 */
export async function insertAtCommit<T>(
  trx: Trx,
  kind: string,
  row: T,
  insertAll: (trx: Trx, rows: T[]) => Promise<void>,
): Promise<void> {
  const scope = unitScope.getStore();
  if (scope && scope.unit !== detachedUnit && scope.trx === trx && scope.context) {
    scope.unit.appendAtCommit(scope.context, kind, row, insertAll);
    return;
  }
  await insertAll(trx, [row]);
}

/** An error the database raised (it carries an SQLSTATE), as opposed to one of the application's. */
function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in (error as object);
}

async function ownTransaction<T>(db: Db, context: DatabaseContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await applyContext(trx, context);
    return unitScope.run({ unit: detachedUnit, trx, context }, () => work(trx));
  });
}

/** Stands for "no request unit" inside a transaction of its own, so that nested calls join it. */
const detachedUnit = Object.freeze({}) as unknown as UnitOfWork;

/**
 * Runs `work` in the given settings: inside another call's work, in that same transaction (settings
 * switched for the call and put back after); inside a request, in the request's unit of work;
 * otherwise in a transaction of its own.
 */
export async function inDatabaseContext<T>(db: Db, context: DatabaseContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  const scope = unitScope.getStore();
  if (scope?.trx && scope.context) {
    const outer = scope.context;
    if (sameContext(outer, context)) {
      const trx = scope.trx;
      return scope.nested ? work(trx) : unitScope.run({ ...scope, nested: true }, () => work(trx));
    }
    const trx = scope.trx;
    await applyContext(trx, context);
    try {
      return await unitScope.run({ ...scope, context, nested: true }, () => work(trx));
    } finally {
      await applyContext(trx, outer);
    }
  }
  if (scope && scope.unit !== detachedUnit) {
    return scope.unit.run(context, work);
  }
  return ownTransaction(db, context, work);
}

/**
 * Runs `body` (the rest of a request) with `unit` as its unit of work: every `withActor` call in it
 * joins the unit's one transaction.
 */
export function runInUnitOfWork<T>(unit: UnitOfWork, body: () => T): T {
  return unitScope.run({ unit }, body);
}

/**
 * A read shared within the current request (see `UnitOfWork.readOnce`); outside a read-only
 * request it simply reads.
 */
export function readOnce<T>(trx: Trx, key: string, load: () => Promise<T>): Promise<T> {
  const scope = unitScope.getStore();
  return scope && scope.unit !== detachedUnit ? scope.unit.readOnce(trx, key, load) : load();
}

/**
 * Hourly housekeeping: sessions past their absolute expiry are deleted (idle ones are refused
 * when presented and go at expiry too), and so are the answers kept for retried requests once
 * their key has expired; and, on PGlite, which runs no autovacuum, the planner
 * statistics are refreshed so list queries do not degrade as the caseload grows.
 */
export async function runHousekeeping(handle: DatabaseHandle): Promise<void> {
  await handle.db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
  await deleteExpiredIdempotencyKeys(handle.db);
  if (handle.kind === 'pglite') {
    // Each audit entry is written twice (appended, then sealed into its chain): without
    // autovacuum, the space of the first version is reclaimed here.
    await sql`VACUUM audit_events`.execute(handle.db);
    await sql`ANALYZE`.execute(handle.db);
  }
}

/** How long after start the first housekeeping runs: a start serves its first pages before it. */
export const FIRST_HOUSEKEEPING_AFTER_MS = 5 * 60 * 1000;
const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;

/**
 * Runs housekeeping a few minutes after start and then hourly. Not at start: on the embedded
 * database, whose one connection serves every request, ANALYZE and VACUUM would hold the first
 * sign-in page back by a second or more, and nothing they do is urgent (an expired session is
 * refused when presented whether or not its row is gone).
 */
export function scheduleMaintenance(
  handle: DatabaseHandle,
  onError: (error: unknown) => void,
  firstAfterMs = FIRST_HOUSEKEEPING_AFTER_MS,
): () => void {
  const housekeeping = () => runHousekeeping(handle).catch(onError);
  let every: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void housekeeping();
    every = setInterval(() => void housekeeping(), HOUSEKEEPING_EVERY_MS);
    every.unref();
  }, firstAfterMs);
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
