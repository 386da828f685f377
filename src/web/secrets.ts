import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

/**
 * The cookie-signing secret, made on first start and kept in the database so that every app
 * instance sharing the database signs and checks cookies alike.
 */
export async function cookieSecret(db: Db): Promise<string> {
  const key = 'cookie_secret';
  await db
    .insertInto('app_settings')
    .values({ key, value: randomBytes(48).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
