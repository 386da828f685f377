// Who the database treats as the caller: withActor and the other calls that run under row-level security settings.
import { sql, type Expression } from 'kysely';
import type { Db, Trx } from './database.js';
import { applyContext, detachedUnit, ownTransaction, sameContext, unitScope, type DatabaseContext } from './unit-of-work.js';

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
