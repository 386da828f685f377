import { sql } from 'kysely';
import type { Address } from '../access/index.js';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';

/*
 * SQL for sealed addresses. Row-level security on sealed_addresses returns a row only to her
 * allocated worker, or inside a transaction that broke the glass for her (migration 0012).
 */

export async function partnerAddress(trx: Trx, partnerId: string): Promise<Address & { addressSealed: boolean }> {
  const row = await trx
    .selectFrom('partners')
    .select([
      'address_line_1 as addressLine1',
      'address_line_2 as addressLine2',
      'town',
      'postcode',
      'address_sealed as addressSealed',
    ])
    .where('id', '=', partnerId)
    .executeTakeFirstOrThrow();
  return row;
}

/** Moves her address out of `partners` into `sealed_addresses`. */
export async function seal(
  trx: Trx,
  values: { organisationId: string; partnerId: string; address: Address; reason: string; sealedBy: string },
): Promise<void> {
  await trx
    .insertInto('sealed_addresses')
    .values({
      partner_id: values.partnerId,
      organisation_id: values.organisationId,
      address_line_1: values.address.addressLine1,
      address_line_2: values.address.addressLine2,
      town: values.address.town,
      postcode: values.address.postcode,
      reason: values.reason,
      sealed_by: values.sealedBy,
    })
    .execute();
  await trx
    .updateTable('partners')
    .set({ address_line_1: null, address_line_2: null, town: null, postcode: null, address_sealed: true, updated_at: new Date() })
    .where('id', '=', values.partnerId)
    .execute();
}

/** Her sealed address, when this transaction may read it (her allocated worker, or after breaking the glass). */
export async function sealedAddress(trx: Trx, partnerId: string): Promise<Address | undefined> {
  return trx
    .selectFrom('sealed_addresses')
    .select(['address_line_1 as addressLine1', 'address_line_2 as addressLine2', 'town', 'postcode'])
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
}

/** Lets this transaction, and only it, read her sealed address: called after the reason is audited. */
export async function breakGlass(trx: Trx, partnerId: string): Promise<void> {
  await sql`SELECT set_config('app.break_glass_partner_id', ${partnerId}, true)`.execute(trx);
}

/** Moves her address back into `partners`. */
export async function unseal(trx: Trx, partnerId: string, address: Address): Promise<void> {
  await trx.deleteFrom('sealed_addresses').where('partner_id', '=', partnerId).execute();
  await trx
    .updateTable('partners')
    .set({
      address_line_1: address.addressLine1,
      address_line_2: address.addressLine2,
      town: address.town,
      postcode: address.postcode,
      address_sealed: false,
      updated_at: new Date(),
    })
    .where('id', '=', partnerId)
    .execute();
}

export type GlassBreakRow = { byName: string; at: Date; details: Record<string, unknown> };

const glassBreaksQuery = compiledQuery((db, p: Placeholders<{ caseId: string }>) =>
  db
    .selectFrom('audit_events')
    .innerJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select(['users.display_name as byName', 'audit_events.occurred_at as at', 'audit_events.details'])
    .where('audit_events.record_type', '=', 'partner_case')
    .where('audit_events.record_id', '=', p.caseId)
    .where('audit_events.action', '=', 'partner_case.sealed_address_break_glass')
    .orderBy('audit_events.id', 'desc'),
);

/** Who broke the glass to see her address, when and why (from the audit log), newest first. */
export async function glassBreaks(trx: Trx, caseId: string): Promise<GlassBreakRow[]> {
  return glassBreaksQuery.all(trx, { caseId }) as Promise<GlassBreakRow[]>;
}
