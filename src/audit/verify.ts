import type { Db } from '../db/database.js';
import type { AuditEvent } from '../db/schema.js';
import { GENESIS_HASH, chainedFieldsOf, hashEntry } from './chain.js';
import { countUnsealed, sealedChains, sealedEntriesAfter } from './sealing-repository.js';

export type ChainBreak = { id: string; organisationId: string | null; reason: string };
/**
 * `checked`: sealed entries checked; `pending`: entries committed but not yet sealed by the
 * chainer, which no chain covers yet (they are checked once sealed).
 */
export type VerifyResult = { checked: number; chains: number; pending: number; firstBreak: ChainBreak | null };

const PAGE = 1000;

/**
 * Walks every organisation's chain in chain order (chain_seq 1, 2, 3...), recomputing each hash
 * from the stored fields and checking that each entry points at the one before and takes the next
 * place. Reports the first broken link: a changed entry is named itself, a removed one by the
 * entry after the gap. Only reads, so it can run against a replica.
 */
export async function verifyAuditChains(db: Db): Promise<VerifyResult> {
  const chains = await sealedChains(db);
  let checked = 0;
  for (const organisationId of chains) {
    let expectedPrev = GENESIS_HASH;
    let expectedSeq = 1;
    for (;;) {
      const rows = await sealedEntriesAfter(db, organisationId, expectedSeq - 1, PAGE);
      for (const row of rows) {
        checked += 1;
        const problem = linkProblem(row, expectedPrev, expectedSeq);
        if (problem || row.hash === null) {
          return {
            checked,
            chains: chains.length,
            pending: await countUnsealed(db),
            firstBreak: { id: row.id, organisationId, reason: problem ?? 'it has no hash' },
          };
        }
        expectedPrev = row.hash;
        expectedSeq += 1;
      }
      if (rows.length < PAGE) {
        break;
      }
    }
  }
  return { checked, chains: chains.length, pending: await countUnsealed(db), firstBreak: null };
}

/** Why an entry does not belong where it stands in its chain, or null when it does. */
function linkProblem(row: AuditEvent, expectedPrev: string, expectedSeq: number): string | null {
  if (row.prev_hash !== expectedPrev) {
    return 'does not follow the entry before it (an entry was removed or reordered)';
  }
  if (hashEntry(row.prev_hash, chainedFieldsOf(row)) !== row.hash) {
    return 'its content does not match its hash (the entry was changed)';
  }
  if (Number(row.chain_seq) !== expectedSeq) {
    return 'its place in the chain was changed (an entry was removed or reordered)';
  }
  return null;
}
