import type { Trx } from '../db/database.js';
import type { AuditAction, AuditRecordType } from './actions.js';
import { GENESIS_HASH, canonicalJson, hashEntry } from './chain.js';
import { insertAuditRow, latestHash, lockChain } from './repository.js';

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
