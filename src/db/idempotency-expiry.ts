import type { Db } from './database.js';

/**
 * Deletes the responses kept for retries (src/web/idempotency) past their 24 hours. For the hourly
 * housekeeping, which runs on the connection's own role (the table's owner) outside any request;
 * migration 0028 lets the owner see expired rows and no others. Returns how many went.
 */
export async function deleteExpiredIdempotencyKeys(db: Db): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<', new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
