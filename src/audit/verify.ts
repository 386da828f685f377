import type { Db } from '../db/database.js';
import { GENESIS_HASH, hashEntry } from './chain.js';

export type ChainBreak = { id: string; organisationId: string | null; reason: string };
export type VerifyResult = { checked: number; chains: number; firstBreak: ChainBreak | null };

const PAGE = 1000;

/**
 * Walks every organisation's chain in id order, recomputing each hash from the stored fields and
 * checking that each entry points at the one before. Reports the first broken link.
 */
export async function verifyAuditChains(db: Db): Promise<VerifyResult> {
  const organisations = await db.selectFrom('audit_events').select('organisation_id').distinct().execute();
  let checked = 0;
  for (const { organisation_id: organisationId } of organisations) {
    let expectedPrev = GENESIS_HASH;
    let afterId = '0';
    for (;;) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .$call((q) => (organisationId ? q.where('organisation_id', '=', organisationId) : q.where('organisation_id', 'is', null)))
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      for (const row of rows) {
        checked += 1;
        if (row.prev_hash !== expectedPrev) {
          return {
            checked,
            chains: organisations.length,
            firstBreak: {
              id: row.id,
              organisationId,
              reason: 'does not follow the entry before it (an entry was removed or reordered)',
            },
          };
        }
        const recomputed = hashEntry(row.prev_hash, {
          organisationId: row.organisation_id,
          occurredAt: row.occurred_at,
          actorUserId: row.actor_user_id,
          action: row.action,
          recordType: row.record_type,
          recordId: row.record_id,
          ip: row.ip,
          details: row.details,
        });
        if (recomputed !== row.hash) {
          return {
            checked,
            chains: organisations.length,
            firstBreak: { id: row.id, organisationId, reason: 'its content does not match its hash (the entry was changed)' },
          };
        }
        expectedPrev = row.hash;
        afterId = row.id;
      }
      if (rows.length < PAGE) {
        break;
      }
    }
  }
  return { checked, chains: organisations.length, firstBreak: null };
}
