import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { AuditEvent } from '../db/schema.js';

const SYSTEM_CHAIN = 'system';

/** Serialises writers of one organisation's chain until the transaction ends (any app node). */
export async function lockChain(trx: Trx, organisationId: string | null): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'audit:' + (organisationId ?? SYSTEM_CHAIN)}, 0))`.execute(trx);
}

export async function latestHash(trx: Trx, organisationId: string | null): Promise<string | undefined> {
  const row = await trx
    .selectFrom('audit_events')
    .select('hash')
    .$call((q) => (organisationId ? q.where('organisation_id', '=', organisationId) : q.where('organisation_id', 'is', null)))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.hash;
}

export type NewAuditRow = {
  organisation_id: string | null;
  occurred_at: Date;
  actor_user_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  ip: string | null;
  details: string;
  prev_hash: string;
  hash: string;
};

export async function insertAuditRow(trx: Trx, row: NewAuditRow): Promise<void> {
  await trx.insertInto('audit_events').values(row).execute();
}

export type AuditSearch = {
  organisationId: string;
  actorUserId?: string | undefined;
  action?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
};

export type AuditEventWithActor = AuditEvent & { actor_name: string | null };

/** One organisation's entries, newest first, each with the name of the user who acted (if any). */
export async function searchAuditEvents(trx: Trx, search: AuditSearch): Promise<{ rows: AuditEventWithActor[]; total: number }> {
  let query = trx
    .selectFrom('audit_events')
    .leftJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'audit_events.actor_user_id')
        .onRef('users.organisation_id', '=', 'audit_events.organisation_id'),
    )
    .where('audit_events.organisation_id', '=', search.organisationId);
  if (search.actorUserId) {
    query = query.where('audit_events.actor_user_id', '=', search.actorUserId);
  }
  if (search.action) {
    query = query.where('audit_events.action', '=', search.action);
  }
  if (search.recordType) {
    query = query.where('audit_events.record_type', '=', search.recordType);
  }
  if (search.recordId) {
    query = query.where('audit_events.record_id', '=', search.recordId);
  }
  if (search.from) {
    query = query.where('audit_events.occurred_at', '>=', search.from);
  }
  if (search.to) {
    query = query.where('audit_events.occurred_at', '<', search.to);
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll('audit_events')
      .select('users.display_name as actor_name')
      .orderBy('audit_events.id', 'desc')
      .limit(search.limit)
      .offset(search.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** The organisation's users, for choosing whose actions to look at. */
export async function listOrganisationUsers(
  trx: Trx,
  organisationId: string,
): Promise<Array<{ id: string; displayName: string }>> {
  return trx
    .selectFrom('users')
    .select(['id', 'display_name as displayName'])
    .where('organisation_id', '=', organisationId)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}
