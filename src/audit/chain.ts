import { createHash } from 'node:crypto';
import type { AuditEvent } from '../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit entry's hash covers, in a fixed order. */
export type ChainedFields = {
  organisationId: string | null;
  occurredAt: Date;
  actorUserId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

/** JSON with object keys sorted at every depth, so jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function hashEntry(prevHash: string, entry: ChainedFields): string {
  const payload = canonicalJson([
    prevHash,
    entry.organisationId,
    entry.occurredAt.toISOString(),
    entry.actorUserId,
    entry.action,
    entry.recordType,
    entry.recordId,
    entry.ip,
    entry.details,
  ]);
  return createHash('sha256').update(payload).digest('hex');
}

/** The hashed fields of a stored entry, as the chainer seals it and the verifier checks it. */
export function chainedFieldsOf(row: AuditEvent): ChainedFields {
  return {
    organisationId: row.organisation_id,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    ip: row.ip,
    details: row.details,
  };
}
