// Housekeeping: expired sessions and retry answers deleted, and on PGlite vacuum and statistics, a few minutes after start and then hourly.
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { deleteExpiredIdempotencyKeys } from './idempotency-expiry.js';

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
