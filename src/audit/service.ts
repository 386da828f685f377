import { authorize, type Actor } from '../access/index.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import type { RequestOrigin } from '../identity/service.js';
import type { AuditAction, AuditRecordType } from './actions.js';
import { GENESIS_HASH, canonicalJson, hashEntry } from './chain.js';
import { isoDate } from './dates.js';
import { insertAuditRow, latestHash, listOrganisationUsers, lockChain, searchAuditEvents } from './repository.js';
import { AUDIT_PAGE_SIZE, searchWindow, type TAuditSearch } from './schemas.js';

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
 * Appends an entry to the organisation's hash chain, in the caller's transaction, so that the
 * change and its audit entry commit or fail together.
 */
export async function recordAuditEvent(trx: Trx, entry: AuditEntry): Promise<void> {
  await lockChain(trx, entry.organisationId);
  const prevHash = (await latestHash(trx, entry.organisationId)) ?? GENESIS_HASH;
  const occurredAt = new Date();
  const details = entry.details ?? {};
  const fields = {
    organisationId: entry.organisationId,
    occurredAt,
    actorUserId: entry.actorUserId,
    action: entry.action,
    recordType: entry.recordType ?? null,
    recordId: entry.recordId ?? null,
    ip: entry.ip ?? null,
    details,
  };
  await insertAuditRow(trx, {
    organisation_id: fields.organisationId,
    occurred_at: occurredAt,
    actor_user_id: fields.actorUserId,
    action: fields.action,
    record_type: fields.recordType,
    record_id: fields.recordId,
    ip: fields.ip,
    details: canonicalJson(details),
    prev_hash: prevHash,
    hash: hashEntry(prevHash, fields),
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
};

export type AuditLogPage = { entries: AuditLogEntry[]; total: number; page: number; pageCount: number };

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

  /** Searches the log, and records that it was searched and for what. */
  async search(actor: Actor, search: TAuditSearch, origin: RequestOrigin): Promise<AuditLogPage> {
    authorize(actor, 'audit.view');
    const window = searchWindow(search);
    return withActor(this.db, actor, async (trx) => {
      const { rows, total } = await searchAuditEvents(trx, {
        organisationId: actor.organisationId,
        actorUserId: search.actorUserId,
        action: search.action,
        recordType: search.recordType,
        recordId: search.recordId,
        from: window.from,
        to: window.to,
        limit: AUDIT_PAGE_SIZE,
        offset: (search.page - 1) * AUDIT_PAGE_SIZE,
      });
      const filters: Record<string, string | number> = { page: search.page, results: total };
      for (const [key, value] of Object.entries({
        actorUserId: search.actorUserId,
        action: search.action,
        recordType: search.recordType,
        recordId: search.recordId,
        from: search.fromDate && isoDate(search.fromDate),
        to: search.toDate && isoDate(search.toDate),
      })) {
        if (value) {
          filters[key] = value;
        }
      }
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'audit.searched',
        recordType: 'audit',
        ip: origin.ip,
        details: filters,
      });
      return {
        entries: rows.map((row) => ({
          id: row.id,
          occurredAt: row.occurred_at,
          actorName: row.actor_name,
          system: row.actor_user_id === null,
          action: row.action,
          recordType: row.record_type,
          recordId: row.record_id,
          ip: row.ip,
        })),
        total,
        page: search.page,
        pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
      };
    });
  }
}
