import type { Db, Trx } from '../db/database.js';
import { GENESIS_HASH, chainedFieldsOf, hashEntry } from './chain.js';
import { AuditCheckpointer, checkpointFailure } from './checkpoint.js';
import type { CheckpointSettings } from './checkpoint-file.js';
import { applySeals, chainHead, tryLockChainer, unsealedEntries, type Seal } from './sealing-repository.js';

/*
 * The audit chainer: the only writer of the hash chains.
 *
 * A request appends its audit entry with a plain INSERT, durable when the request commits. The
 * chainer, like a transparency log's sequencer, later takes the committed entries that are not yet
 * sealed, oldest id first, and gives each its place in its organisation's chain (chain_seq) and
 * the hash linking it to the entry before. The place is given when sealing, in the order the
 * chainer finds entries committed, not by id: a transaction that commits late may hold a lower id,
 * and it is then sealed after entries with higher ids, never skipped.
 *
 * It runs in its own transactions as the table owner (the application role may not update the
 * log at all), one batch per transaction, and only one chainer works at a time across every app
 * node: each batch first takes a transaction-scoped advisory lock, and a chainer that cannot get it
 * leaves the work to the one that has it.
 */

export const SEAL_BATCH_SIZE = 500;
const CHAINER_INTERVAL_MS = 1000;

type ChainPosition = { hash: string; chainSeq: number };

/** Seals one batch; null when another chainer is at work. */
async function sealBatch(trx: Trx, batchSize: number): Promise<{ found: number; sealed: number } | null> {
  if (!(await tryLockChainer(trx))) {
    return null;
  }
  const entries = await unsealedEntries(trx, batchSize);
  const heads = new Map<string | null, ChainPosition>();
  const seals: Seal[] = [];
  for (const entry of entries) {
    const chain = entry.organisation_id;
    let head = heads.get(chain);
    if (!head) {
      head = (await chainHead(trx, chain)) ?? { hash: GENESIS_HASH, chainSeq: 0 };
    }
    const hash = hashEntry(head.hash, chainedFieldsOf(entry));
    const next = { hash, chainSeq: head.chainSeq + 1 };
    seals.push({ id: entry.id, prevHash: head.hash, hash, chainSeq: next.chainSeq });
    heads.set(chain, next);
  }
  const sealed = await applySeals(trx, seals);
  if (sealed !== seals.length) {
    // Only possible if something else sealed these entries meanwhile: undo the whole batch.
    throw new AuditSealingError(`sealed ${sealed} of ${seals.length} entries`);
  }
  return { found: entries.length, sealed };
}

/**
 * Seals every committed entry not yet sealed, in batches, and answers how many it sealed (0 when
 * another chainer holds the lock: that one seals them).
 */
export async function sealPendingAuditEntries(db: Db, batchSize = SEAL_BATCH_SIZE): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await db.transaction().execute((trx) => sealBatch(trx, batchSize));
    if (!batch) {
      return total;
    }
    total += batch.sealed;
    if (batch.found < batchSize) {
      return total;
    }
  }
}

/** A failure to seal, carrying no row content: database errors can quote the values of a row. */
export class AuditSealingError extends Error {
  constructor(what: string) {
    super(`Sealing the audit log failed: ${what}`);
    this.name = 'AuditSealingError';
  }
}

function withoutRowContent(error: unknown): AuditSealingError {
  if (error instanceof AuditSealingError) {
    return error;
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  return new AuditSealingError(code && /^[0-9A-Z]{5}$/.test(code) ? `database error ${code}` : 'unexpected error');
}

/**
 * Runs the chainer now and then every second or so (the timer never keeps the process alive).
 * Given checkpoint settings, it also writes the signed checkpoint of every chain's head outside the
 * database: once at start and after each run that sealed something (see `AuditCheckpointer`).
 * Errors go to `onError` without any row content. The returned stop function waits for a run in
 * progress, then seals once more, so entries of requests finished before shutdown are sealed.
 */
export function startAuditChainer(
  db: Db,
  onError: (error: unknown) => void,
  checkpoint?: CheckpointSettings,
): () => Promise<void> {
  const checkpointer = checkpoint && new AuditCheckpointer(db, checkpoint, onError);
  let started = false;
  let running: Promise<void> | null = null;
  const sealAndCheckpoint = async (): Promise<void> => {
    let sealed = 0;
    try {
      sealed = await sealPendingAuditEntries(db);
    } catch (error) {
      onError(withoutRowContent(error));
    }
    if (checkpointer && (sealed > 0 || !started)) {
      try {
        await checkpointer.update();
        started = true;
      } catch (error) {
        onError(checkpointFailure(error));
      }
    }
  };
  const run = (): Promise<void> => {
    running ??= sealAndCheckpoint().finally(() => {
      running = null;
    });
    return running;
  };
  void run();
  const timer = setInterval(() => void run(), CHAINER_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await run();
  };
}
