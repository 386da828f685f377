import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import type { Side } from '../../db/schema.js';

/** How long a response is kept for a retry: a client that has not retried within a day has given up. */
export const KEPT_FOR_MS = 24 * 60 * 60 * 1000;

/** Whose key it is and which request it was sent with: a key is one user's, for one method and address. */
export type KeyScope = { organisationId: string; userId: string; key: string; requestTarget: string };

/** A response as it is kept and sent again: status, the headers that say what it is, the body's bytes. */
export type StoredResponse = { statusCode: number; headers: Record<string, string>; body: Uint8Array };

export type Claim =
  { outcome: 'claimed' } | { outcome: 'busy' } | { outcome: 'mismatch' } | { outcome: 'replay'; response: StoredResponse };

/**
 * Claims a key for the request about to run, in the request's transaction (under its user, so that
 * row-level security shows the user's own rows only):
 * - `busy`: another request with the key is still running (it holds the key's lock);
 * - `replay` / `mismatch`: a request with the key has completed, with the same body or another;
 * - `claimed`: the request may run. The lock is held until the transaction ends, so a retry sent
 *   meanwhile is answered `busy`, and one sent after it ends finds the stored response, which is
 *   written in that same transaction (`storeResponse`).
 */
export async function claimKey(trx: Trx, scope: KeyScope, fingerprint: string): Promise<Claim> {
  const lock = await sql<{ locked: boolean }>`
    SELECT pg_try_advisory_xact_lock(hashtextextended(${lockName(scope)}, 0)) AS locked`.execute(trx);
  if (!lock.rows[0]?.locked) {
    return { outcome: 'busy' };
  }
  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'status_code', 'headers', 'body', 'expires_at'])
    .where('organisation_id', '=', scope.organisationId)
    .where('user_id', '=', scope.userId)
    .where('key', '=', scope.key)
    .where('request_target', '=', scope.requestTarget)
    .executeTakeFirst();
  if (row && row.expires_at.getTime() > Date.now()) {
    if (row.fingerprint !== fingerprint) {
      return { outcome: 'mismatch' };
    }
    return { outcome: 'replay', response: { statusCode: row.status_code, headers: row.headers, body: row.body } };
  }
  if (row) {
    // Expired and not yet cleared away: the key is free again.
    await trx
      .deleteFrom('idempotency_keys')
      .where('organisation_id', '=', scope.organisationId)
      .where('user_id', '=', scope.userId)
      .where('key', '=', scope.key)
      .where('request_target', '=', scope.requestTarget)
      .execute();
  }
  return { outcome: 'claimed' };
}

/** The response to a claimed key, written in the transaction that holds the key's lock. */
export async function storeResponse(
  trx: Trx,
  scope: KeyScope,
  fingerprint: string,
  sides: readonly Side[],
  response: StoredResponse,
): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({
      organisation_id: scope.organisationId,
      user_id: scope.userId,
      key: scope.key,
      request_target: scope.requestTarget,
      fingerprint,
      sides: [...sides],
      status_code: response.statusCode,
      headers: JSON.stringify(response.headers),
      body: response.body,
      expires_at: new Date(Date.now() + KEPT_FOR_MS),
    })
    // A row the user cannot see (kept while they held a side they no longer hold) keeps its key.
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/**
 * The name of the key's advisory lock: everything that scopes the key. Locks are numbered by a
 * 64-bit hash of it; a clash could at worst answer another request "still being processed".
 */
export const lockName = (scope: KeyScope): string =>
  JSON.stringify([scope.organisationId, scope.userId, scope.key, scope.requestTarget]);
