// The audit log's search: its filters, each page in the log's order by keyset on (occurred_at, id), and capped counts.
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Trx } from '../db/database.js';
import type { AuditEvent, Database } from '../db/schema.js';
import type { AuditSide } from './actions.js';

export type AuditFilters = {
  organisationId: string;
  actorUserId?: string | undefined;
  action?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The ids of a case found by its reference and of its records (app_audit_record_ids). */
  recordIds?: string[] | undefined;
  side?: AuditSide | undefined;
  /** Set for a reader the wall keeps from the partner side: no partner-side entry at all. */
  hidePartnerSide?: boolean | undefined;
  /**
   * For the same reader, nothing the partner service's own staff did either: that her worker
   * opened his record would tell his side that a partner is being supported.
   */
  excludedActorIds?: string[] | undefined;
  /** A search the wall answers before reading the log: it finds what a search matching nobody finds. */
  nothing?: boolean | undefined;
};

/** Newest first (the default) or oldest first. */
export type AuditOrder = 'newest' | 'oldest';

/** Where an entry sits in the log's order: its time, then its id. */
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
  if (filters.recordIds) {
    // Matches nothing when the reference found no case the reader may see.
    query = query.where('audit_events.record_id', '=', sql<string>`ANY(${sql.val(filters.recordIds)}::text[])`);
  }
  if (filters.side === 'partner') {
    query = query.where(partnerSide);
  } else if (filters.side === 'perpetrator') {
    query = query
      .where(sql<boolean>`audit_entry_side(audit_events.action, audit_events.record_type, audit_events.details) = 'perpetrator'`)
      .where((eb) => eb.not(partnerSide(eb)));
  }
  if (filters.hidePartnerSide) {
    query = query.where((eb) => eb.not(partnerSide(eb)));
  }
  if (filters.excludedActorIds && filters.excludedActorIds.length > 0) {
    const excluded = filters.excludedActorIds;
    query = query.where((eb) =>
      eb.or([
        eb('audit_events.actor_user_id', 'is', null),
        eb('audit_events.actor_user_id', '<>', sql<string>`ALL(${sql.val(excluded)}::uuid[])`),
      ]),
    );
  }
  if (filters.nothing) {
    query = query.where(sql<boolean>`false`);
  }
  return query;
}

/**
 * Whether an entry is partner-side: from the entry itself (audit_entry_side, migration 0038), or
 * for a group, programme, session, document, share or alert, from that record's side.
 */
function partnerSide(eb: ExpressionBuilder<Database, 'audit_events'>): Expression<SqlBool> {
  return eb.or([
    eb(sql<string>`audit_entry_side(audit_events.action, audit_events.record_type, audit_events.details)`, '=', 'partner'),
    eb.and([
      eb('audit_events.record_type', 'in', [
        'programme',
        'group',
        'programme_session',
        'referral_document',
        'share',
        'risk_alert',
      ]),
      eb(sql<boolean>`app_audit_partner_side_record(audit_events.record_type, audit_events.record_id)`, '=', true),
    ]),
  ]);
}

/** Entries further down the list than the one at `key`, in the list's order. */
function beyond(query: AuditQuery, key: AuditEntryKey, order: AuditOrder): AuditQuery {
  return order === 'newest' ? olderThan(query, key) : newerThan(query, key);
}

/** Entries higher up the list than the one at `key`, in the list's order. */
function ahead(query: AuditQuery, key: AuditEntryKey, order: AuditOrder): AuditQuery {
  return order === 'newest' ? newerThan(query, key) : olderThan(query, key);
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
 * Up to `limit` matching entries in the list's order (newest or oldest first): the first of all,
 * the ones just after `after`, or the ones just before `before` (still returned in the list's
 * order). An index range scan on (organisation_id, [the filter's column,] occurred_at DESC,
 * id DESC), read forwards or backwards, with a LIMIT, whichever page it is.
 */
export async function searchAuditEvents(trx: Trx, filters: AuditFilters, page: AuditPageRequest): Promise<AuditEventWithActor[]> {
  const rows = await auditSearchQuery(trx, filters, page).execute();
  return page.before ? rows.reverse() : rows;
}

export type AuditPageRequest = {
  after?: AuditEntryKey | undefined;
  before?: AuditEntryKey | undefined;
  limit: number;
  order?: AuditOrder;
};

/** The query of searchAuditEvents, as it runs (its plan is tested: audit-search-plans.test.ts). */
export function auditSearchQuery(trx: Trx, filters: AuditFilters, page: AuditPageRequest) {
  const order = page.order ?? 'newest';
  let query = matching(trx, filters);
  if (page.after) {
    query = beyond(query, page.after, order);
  }
  if (page.before) {
    query = ahead(query, page.before, order);
  }
  const forwards = order === 'newest' ? 'desc' : 'asc';
  const backwards = order === 'newest' ? 'asc' : 'desc';
  const direction = page.before ? backwards : forwards;
  return query
    .leftJoin('users', (join) =>
      join
        .onRef('users.id', '=', 'audit_events.actor_user_id')
        .onRef('users.organisation_id', '=', 'audit_events.organisation_id'),
    )
    .selectAll('audit_events')
    .select('users.display_name as actor_name')
    .orderBy('audit_events.occurred_at', direction)
    .orderBy('audit_events.id', direction)
    .limit(page.limit);
}

/**
 * How many entries match, counting no further than `cap + 1`: the page says "more than 1,000"
 * rather than counting the whole organisation's log on every view. With `aheadOf`, how many
 * matching entries come before that one in the list's order (its position on the list, less one).
 */
export async function countAuditEventsUpTo(
  trx: Trx,
  filters: AuditFilters,
  cap: number,
  aheadOf?: AuditEntryKey,
  order: AuditOrder = 'newest',
): Promise<number> {
  const base = aheadOf ? ahead(matching(trx, filters), aheadOf, order) : matching(trx, filters);
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

/** Whether any matching entry comes after the given one in the list's order (is there a next page?). */
export async function hasLaterAuditEvent(
  trx: Trx,
  filters: AuditFilters,
  key: AuditEntryKey,
  order: AuditOrder = 'newest',
): Promise<boolean> {
  const row = await beyond(matching(trx, filters), key, order).select('audit_events.id').limit(1).executeTakeFirst();
  return row !== undefined;
}
