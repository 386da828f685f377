// A request's unit of work: its one transaction, the settings row-level security reads, and the reads and rows it holds until commit.
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type ControlledTransaction } from 'kysely';
import type { Db, Trx } from './database.js';
import { writingAtCommit } from './prepared-pool.js';
import type { Database } from './schema.js';

/**
 * The settings row-level security reads. `publicReferralOrganisationId` is set only for the public
 * referral form, which may insert a referral into that organisation and read nothing.
 */
export type DatabaseContext = { userId: string; organisationId: string; publicReferralOrganisationId: string };

export const sameContext = (a: DatabaseContext | null, b: DatabaseContext): boolean =>
  a !== null &&
  a.userId === b.userId &&
  a.organisationId === b.organisationId &&
  a.publicReferralOrganisationId === b.publicReferralOrganisationId;

/** An id as the settings hold it: a UUID or empty (nobody). */
const SETTING_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i;

/**
 * One statement: the role (as SET LOCAL ROLE) and the settings, each for this transaction only.
 * The ids are written into the text (they are checked to be UUIDs or empty, so nothing else can be)
 * and the statement has no parameters: on PostgreSQL it then travels with the transaction's
 * `begin` in one round trip (src/db/prepared-pool.ts). Anything else is sent as a parameter.
 */
export async function applyContext(trx: Trx, context: DatabaseContext): Promise<void> {
  const { userId, organisationId, publicReferralOrganisationId } = context;
  const value = (id: string) => (SETTING_ID.test(id) ? sql.lit(id) : sql`${id}`);
  await sql`SELECT set_config('role', 'parallel_app', true),
                   set_config('app.user_id', ${value(userId)}, true),
                   set_config('app.organisation_id', ${value(organisationId)}, true),
                   set_config('app.public_referral_organisation_id', ${value(publicReferralOrganisationId)}, true)`.execute(trx);
}

/** Where the current async call chain stands: in which request's unit of work, inside which call. */
type UnitScope = { unit: UnitOfWork; trx?: Trx; context?: DatabaseContext; nested?: true };
export const unitScope = new AsyncLocalStorage<UnitScope>();

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
      // On PostgreSQL the last of these travels with the commit (src/db/prepared-pool.ts).
      await writingAtCommit.run(true, () =>
        first.insertAll(
          trx,
          batch.map((p) => p.row),
        ),
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

/** An error the database raised (it carries an SQLSTATE), as opposed to one of the application's. */
function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in (error as object);
}

export async function ownTransaction<T>(db: Db, context: DatabaseContext, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await applyContext(trx, context);
    return unitScope.run({ unit: detachedUnit, trx, context }, () => work(trx));
  });
}

/** Stands for "no request unit" inside a transaction of its own, so that nested calls join it. */
export const detachedUnit = Object.freeze({}) as unknown as UnitOfWork;

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
