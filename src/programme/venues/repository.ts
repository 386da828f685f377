import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';

export type VenueRow = { id: string; organisationId: string; name: string; address: string | null; active: boolean };

function venues(trx: Trx) {
  return trx
    .selectFrom('venues')
    .select(['venues.id', 'venues.organisation_id as organisationId', 'venues.name', 'venues.address', 'venues.active']);
}

export async function listVenues(trx: Trx, organisationId: string, options: { activeOnly?: boolean } = {}): Promise<VenueRow[]> {
  let query = venues(trx)
    .where('venues.organisation_id', '=', organisationId)
    .orderBy('venues.active', 'desc')
    .orderBy('venues.name');
  if (options.activeOnly) {
    query = query.where('venues.active', '=', true);
  }
  return query.execute();
}

export async function findVenue(trx: Trx, id: string): Promise<VenueRow | undefined> {
  return venues(trx).where('venues.id', '=', id).executeTakeFirst();
}

export async function venueNameTaken(trx: Trx, organisationId: string, name: string, exceptId?: string): Promise<boolean> {
  let query = trx
    .selectFrom('venues')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId) {
    query = query.where('id', '!=', exceptId);
  }
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertVenue(
  trx: Trx,
  values: { organisationId: string; name: string; address: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('venues')
    .values({ organisation_id: values.organisationId, name: values.name, address: values.address })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateVenue(
  trx: Trx,
  id: string,
  values: { name: string; address: string | null; active: boolean },
): Promise<void> {
  await trx.updateTable('venues').set(values).where('id', '=', id).execute();
}
