import { authorize, can, type Actor, type RequestOrigin } from '../access/index.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import type { AuditAction, AuditRecordType } from './actions.js';
import { canonicalJson } from './chain.js';
import { isoDate } from './dates.js';
import {
  describeAuditRecords,
  insertAuditRow,
  isPartnerSideKind,
  listOrganisationUsers,
  partnerSideStaffIds,
  recordIdsByReference,
  type AuditRecordDescription,
} from './repository.js';
import {
  countAuditEventsUpTo,
  findAuditEntryKey,
  hasLaterAuditEvent,
  searchAuditEvents,
  type AuditEntryKey,
  type AuditOrder,
  type AuditEventWithActor,
  type AuditFilters,
} from './search-repository.js';
import { AUDIT_COUNT_CAP, AUDIT_PAGE_SIZE, searchWindow, type AuditPageCursor, type TAuditSearch } from './schemas.js';

export type AuditEntry = {
  organisationId: string | null;
  actorUserId: string | null;
  action: AuditAction;
  recordType?: AuditRecordType;
  recordId?: string;
  ip?: string | null;
  /** Ids, codes and counts only: never names, contact details or free text about a person. */
  details?: Record<string, string | number | boolean | null | string[]>;
};

/** What a signed-in user did, to which record: the usual audit entry of a service. */
export async function recordActorEvent(
  trx: Trx,
  actor: Actor,
  origin: { ip: string | null },
  action: AuditAction,
  record?: { type: AuditRecordType; id?: string },
  details?: AuditEntry['details'],
): Promise<void> {
  await recordAuditEvent(trx, {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action,
    recordType: record?.type,
    recordId: record?.id,
    ip: origin.ip,
    details,
  });
}

/**
 * Appends an entry to the audit log in the caller's transaction, so that the change and its audit
 * entry commit or fail together. Only an INSERT: no lock and no read of the chain, so audited
 * requests of one organisation never wait for each other. The chainer (chainer.ts) links the entry
 * into its organisation's hash chain soon after it commits.
 */
export async function recordAuditEvent(trx: Trx, entry: AuditEntry): Promise<void> {
  await insertAuditRow(trx, {
    organisation_id: entry.organisationId,
    occurred_at: new Date(),
    actor_user_id: entry.actorUserId,
    action: entry.action,
    record_type: entry.recordType ?? null,
    record_id: entry.recordId ?? null,
    ip: entry.ip ?? null,
    details: canonicalJson(entry.details ?? {}),
  });
}

/** One line of the audit log as the data protection officer sees it. */
export type AuditLogEntry = {
  id: string;
  occurredAt: Date;
  actorName: string | null;
  system: boolean;
  action: string;
  recordType: string | null;
  recordId: string | null;
  ip: string | null;
  /** The record in words (reference and kind), when the log's reader may know of it. */
  record: AuditRecordDescription | null;
};

/**
 * Whether a reader of the log may see its partner-side entries: the partner side and management
 * may; a reader also on the perpetrator side may not (nothing of a partner case reaches his side,
 * not even that one exists); the data protection officer, on neither side, may, as before.
 * Migration 0038's app_audit_may_see_partner_side says the same in the database.
 */
export function maySeePartnerSideEntries(actor: Actor): boolean {
  return can(actor, 'partnerCase.view') || !actor.sides.has('perpetrator');
}

/**
 * One page of a search, newest first. Counts stop at AUDIT_COUNT_CAP: `matching` above the cap
 * means "more than" it, and `firstPosition` is null when the page starts beyond it.
 */
export type AuditLogPage = {
  entries: AuditLogEntry[];
  matching: number;
  firstPosition: number | null;
  /** The first page, a page before this one's first entry, or none. */
  previous: 'first-page' | { before: string } | null;
  next: { after: string } | null;
};

/**
 * The data protection officer's view of the organisation's audit log. Entries name who did what
 * to which record; their details hold ids and codes only, so no case data is shown here.
 */
export class AuditLogService {
  constructor(private readonly db: Db) {}

  /** The users whose actions can be searched for. */
  async searchableUsers(actor: Actor): Promise<Array<{ id: string; displayName: string }>> {
    authorize(actor, 'audit.view');
    return withActor(this.db, actor, (trx) => listOrganisationUsers(trx, actor.organisationId));
  }

  /**
   * Searches the log a page at a time, by keyset on (occurred_at, id): each page starts just after
   * (or ends just before) the entry its link names, so every page costs what the first costs.
   * Records that the log was searched, and for what.
   */
  async search(actor: Actor, search: TAuditSearch, origin: RequestOrigin): Promise<AuditLogPage> {
    authorize(actor, 'audit.view');
    const window = searchWindow(search);
    const order = search.order;
    return withActor(this.db, actor, async (trx) => {
      const hidePartnerSide = !maySeePartnerSideEntries(actor);
      const hiddenActors = hidePartnerSide ? await partnerSideStaffIds(trx, actor.organisationId) : [];
      const filters: AuditFilters = {
        organisationId: actor.organisationId,
        actorUserId: search.actorUserId,
        action: search.action,
        recordType: search.recordType,
        recordId: search.recordId,
        // A reference of a case the reader may not know of finds what an unknown one finds: nothing.
        recordIds: search.reference ? await recordIdsByReference(trx, search.reference) : undefined,
        side: search.side,
        hidePartnerSide,
        excludedActorIds: hiddenActors,
        from: window.from,
        to: window.to,
      };
      // What the wall would filter out entry by entry is answered at once, without walking the log.
      filters.nothing =
        hidePartnerSide &&
        (search.side === 'partner' ||
          (search.actorUserId !== undefined && hiddenActors.includes(search.actorUserId)) ||
          ((search.action !== undefined || search.recordType !== undefined) &&
            (await isPartnerSideKind(trx, search.action, search.recordType))));
      const page = await readPage(trx, filters, search.cursor, order);
      const matching = await countAuditEventsUpTo(trx, filters, AUDIT_COUNT_CAP);
      const first = page.rows[0];
      const newer = page.cursor && first ? await countAuditEventsUpTo(trx, filters, AUDIT_COUNT_CAP, keyOf(first), order) : 0;
      // A search about her case is itself partner-side (audit_entry_side reads partnerCaseId), so a
      // reader the wall keeps from her side is not shown that anyone looked for it.
      const herCaseId =
        search.recordType === 'partner_case'
          ? search.recordId
          : filters.recordIds && filters.recordIds.length > 0
            ? (
                await describeAuditRecords(
                  trx,
                  filters.recordIds.map((id) => ({ type: 'partner_case', id })),
                )
              ).find((record) => record.recordType === 'partner_case')?.recordId
            : undefined;
      const recorded: Record<string, string | number> = page.cursor ? { [page.cursor.direction]: page.cursor.id } : { page: 1 };
      recorded[matching > AUDIT_COUNT_CAP ? 'resultsMoreThan' : 'results'] = Math.min(matching, AUDIT_COUNT_CAP);
      for (const [key, value] of Object.entries({
        actorUserId: search.actorUserId,
        action: search.action,
        recordType: search.recordType,
        recordId: search.recordId,
        record: search.reference,
        side: search.side,
        sort: order === 'newest' ? undefined : order,
        from: search.fromDate && isoDate(search.fromDate),
        to: search.toDate && isoDate(search.toDate),
        partnerCaseId: herCaseId,
      })) {
        if (value) {
          recorded[key] = value;
        }
      }
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'audit.searched',
        recordType: 'audit',
        ip: origin.ip,
        details: recorded,
      });
      const last = page.rows.at(-1);
      const described = await describeAuditRecords(
        trx,
        page.rows.flatMap((row) => (row.record_type && row.record_id ? [{ type: row.record_type, id: row.record_id }] : [])),
      );
      const descriptionOf = new Map(described.map((d) => [`${d.recordType}:${d.recordId}`, d]));
      return {
        entries: page.rows.map((row) => ({
          id: row.id,
          occurredAt: row.occurred_at,
          actorName: row.actor_name,
          system: row.actor_user_id === null,
          action: row.action,
          recordType: row.record_type,
          recordId: row.record_id,
          ip: row.ip,
          record: descriptionOf.get(`${row.record_type ?? ''}:${row.record_id ?? ''}`) ?? null,
        })),
        matching,
        firstPosition: first && newer <= AUDIT_COUNT_CAP ? newer + 1 : null,
        previous: newer === 0 || !first ? null : newer <= AUDIT_PAGE_SIZE ? 'first-page' : { before: first.id },
        next: page.hasNext && last ? { after: last.id } : null,
      };
    });
  }
}

const keyOf = (row: AuditEventWithActor): AuditEntryKey => ({ occurredAt: row.occurred_at, id: row.id });

/**
 * The entries of the page a cursor names. A cursor naming no entry of the organisation, or a page
 * with nothing on it, shows the first page instead, as does a "previous" page that reaches the
 * newest entry.
 */
async function readPage(
  trx: Trx,
  filters: AuditFilters,
  cursor: AuditPageCursor | undefined,
  order: AuditOrder,
): Promise<{ rows: AuditEventWithActor[]; hasNext: boolean; cursor: AuditPageCursor | undefined }> {
  const key = cursor && (await findAuditEntryKey(trx, filters.organisationId, cursor.id));
  if (cursor && key) {
    if (cursor.direction === 'after') {
      const rows = await searchAuditEvents(trx, filters, { after: key, limit: AUDIT_PAGE_SIZE + 1, order });
      if (rows.length > 0) {
        return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE, cursor };
      }
    } else {
      const rows = await searchAuditEvents(trx, filters, { before: key, limit: AUDIT_PAGE_SIZE + 1, order });
      const last = rows.at(-1);
      if (rows.length > AUDIT_PAGE_SIZE && last) {
        return { rows: rows.slice(1), hasNext: await hasLaterAuditEvent(trx, filters, keyOf(last), order), cursor };
      }
    }
  }
  const rows = await searchAuditEvents(trx, filters, { limit: AUDIT_PAGE_SIZE + 1, order });
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE, cursor: undefined };
}
