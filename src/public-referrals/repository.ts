// The public referral form's database context, the secret its answers are sealed with, and the organisation's public address.
import { randomBytes } from 'node:crypto';
import { inDatabaseContext } from '../db/actor-settings.js';
import type { Db, Trx } from '../db/database.js';

/**
 * One transaction as the application role with no user, open only for inserts into this
 * organisation. Nothing in it can SELECT a case record: there is no policy that would let it.
 */
export async function inPublicReferralContext<T>(db: Db, organisationId: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inDatabaseContext(db, { userId: '', organisationId: '', publicReferralOrganisationId: organisationId }, work);
}

/**
 * The secret the form's answers are sealed with between pages (draft.ts): made on first use and
 * kept in the database, so every app instance sharing it can open what another sealed.
 */
export async function answersSecret(db: Db): Promise<string> {
  const key = 'public_referral_answers_secret';
  await db
    .insertInto('app_settings')
    .values({ key, value: randomBytes(48).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

export async function findOrganisationBySlug(trx: Trx, slug: string): Promise<{ id: string; name: string } | undefined> {
  return trx.selectFrom('organisations').select(['id', 'name']).where('public_referral_slug', '=', slug).executeTakeFirst();
}

export async function findPublicReferralSlug(trx: Trx, organisationId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('organisations')
    .select('public_referral_slug')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row?.public_referral_slug ?? null;
}

export async function slugTakenByAnother(trx: Trx, organisationId: string, slug: string): Promise<boolean> {
  const row = await trx
    .selectFrom('organisations')
    .select('id')
    .where('public_referral_slug', '=', slug)
    .where('id', '<>', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function setPublicReferralSlug(trx: Trx, organisationId: string, slug: string | null): Promise<void> {
  await trx.updateTable('organisations').set({ public_referral_slug: slug }).where('id', '=', organisationId).execute();
}
