import { sql, type SelectQueryBuilder } from 'kysely';
import { insertAtCommit } from '../db/actor-settings.js';
import type { Trx } from '../db/database.js';
import type { AuditEvent, Database } from '../db/schema.js';

/** The content of a new entry. Its chain columns stay NULL until the chainer seals it. */
export type NewAuditRow = {
  organisation_id: string | null;
  occurred_at: Date;
  actor_user_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  ip: string | null;
  details: string;
};

/** A plain INSERT: no lock and no read of the chain, so audited requests never wait for each other. */
export async function insertAuditRows(trx: Trx, rows: NewAuditRow[]): Promise<void> {
  await trx.insertInto('audit_events').values(rows).execute();
}

/** Appended with the caller's other work; in a request, with the request's other entries in one statement at commit. */
export async function insertAuditRow(trx: Trx, row: NewAuditRow): Promise<void> {
  await insertAtCommit(trx, 'audit_events', row, insertAuditRows);
}

export type AuditFilters = {
  organisationId: string;
  actorUserId?: string | undefined;
  action?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
};

/** Where an entry sits in the log's order (newest first): its time, then its id. */
export type AuditEntryKey = { occurredAt: Date; id: string };

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's "nothing selected yet"
type AuditQuery = SelectQueryBuilder<Database, 'audit_events', {}>;

/** One organisation's entries matching the filters; the organisation comes first, as in the index. */
function matching(trx: Trx, filters: AuditFilters): AuditQuery {
  let query = trx.selectFrom('audit_events').where('audit_events.organisation_id', '=', filters.organisationId);
  if (filters.actorUserId) {
    query = query.where('audit_events.actor_user_id', '=', filters.actorUserId);
  }
  if (filters.action) {
    query = query.where('audit_events.action', '=', filters.action);
  }
  if (filters.recordType) {
    query = query.where('audit_events.record_type', '=', filters.recordType);
  }
  if (filters.recordId) {
    query = query.where('audit_events.record_id', '=', filters.recordId);
  }
  if (filters.from) {
    query = query.where('audit_events.occurred_at', '>=', filters.from);
  }
  if (filters.to) {
    query = query.where('audit_events.occurred_at', '<', filters.to);
  }
  return query;
}

function newerThan(query: AuditQuery, key: AuditEntryKey): AuditQuery {
  return query.where(({ eb, refTuple, tuple }) =>
    eb(refTuple('audit_events.occurred_at', 'audit_events.id'), '>', tuple(key.occurredAt, key.id)),
  );
}

function olderThan(query: AuditQuery, key: AuditEntryKey): AuditQuery {
  return query.where(({ eb, refTuple, tuple }) =>
    eb(refTuple('audit_events.occurred_at', 'audit_events.id'), '<', tuple(key.occurredAt, key.id)),
  );
}

/** The place in the order of one of the organisation's entries, for a page cursor naming it. */
export async function findAuditEntryKey(trx: Trx, organisationId: string, id: string): Promise<AuditEntryKey | undefined> {
  const row = await trx
    .selectFrom('audit_events')
    .select(['occurred_at', 'id'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { occurredAt: row.occurred_at, id: row.id };
}

export type AuditEventWithActor = AuditEvent & { actor_name: string | null };

/**
 * Up to `limit` matching entries, newest first: the newest of all, the ones just older than
 * `after`, or the ones just newer than `before` (still returned newest first). An index range
 * scan on (organisation_id, occurred_at DESC, id DESC) with a LIMIT, whichever page it is.
 */
export async function searchAuditEvents(
  trx: Trx,
  filters: AuditFilters,
  page: { after?: AuditEntryKey | undefined; before?: AuditEntryKey | undefined; limit: number },
): Promise<AuditEventWithActor[]> {
  let query = matching(trx, filters);
  if (page.after) {
    query = olderThan(query, page.after);
  }
  if (page.before) {
    query = newerThan(query, page.before);
  }
  const direction = page.before ? 'asc' : 'desc';
  const rows = await query
    .leftJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'audit_events.actor_user_id')
        .onRef('users.organisation_id', '=', 'audit_events.organisation_id'),
    )
    .selectAll('audit_events')
    .select('users.display_name as actor_name')
    .orderBy('audit_events.occurred_at', direction)
    .orderBy('audit_events.id', direction)
    .limit(page.limit)
    .execute();
  return page.before ? rows.reverse() : rows;
}

/**
 * How many entries match, counting no further than `cap + 1`: the page says "more than 1,000"
 * rather than counting the whole organisation's log on every view. With `newerThan`, how many
 * matching entries come before that one (its position on the list, less one).
 */
export async function countAuditEventsUpTo(
  trx: Trx,
  filters: AuditFilters,
  cap: number,
  newerThanKey?: AuditEntryKey,
): Promise<number> {
  const base = newerThanKey ? newerThan(matching(trx, filters), newerThanKey) : matching(trx, filters);
  const row = await trx
    .selectFrom(
      base
        .select(sql<number>`1`.as('one'))
        .limit(cap + 1)
        .as('capped'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether any matching entry is older than the given one (is there a next page?). */
export async function hasOlderAuditEvent(trx: Trx, filters: AuditFilters, key: AuditEntryKey): Promise<boolean> {
  const row = await olderThan(matching(trx, filters), key).select('audit_events.id').limit(1).executeTakeFirst();
  return row !== undefined;
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
