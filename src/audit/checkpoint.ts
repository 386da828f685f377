import type { Db } from '../db/database.js';
import { readCheckpoint, writeCheckpoint, type ChainAnchor, type CheckpointSettings } from './checkpoint-file.js';
import { chainHeads, sealedHashAt } from './sealing-repository.js';

/** A problem with the checkpoint of the audit log's end; its message names no row content. */
export class AuditCheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditCheckpointError';
  }
}

/** Any failure while checkpointing, as an error naming no row content (database errors can quote a row's values). */
export function checkpointFailure(error: unknown): AuditCheckpointError {
  if (error instanceof AuditCheckpointError) {
    return error;
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  return new AuditCheckpointError(
    `Checkpointing the audit log failed${code && /^[0-9A-Z]{5}$|^E[A-Z]+$/.test(code) ? ` (${code})` : ''}: its end is not anchored until it succeeds`,
  );
}

const chainKey = (organisationId: string | null): string => organisationId ?? 'system';
const chainName = (organisationId: string | null): string =>
  organisationId ? `organisation ${organisationId}` : 'the system events';

/**
 * Keeps the checkpoint of the audit log's end up to date, for the chainer (one per process): after
 * each sealing, every chain's head is written to the signed checkpoint file.
 *
 * A chain's anchor only moves forward, and only when the table still holds the anchored entry
 * unchanged. A log cut back below its checkpoint keeps its old anchor (and is reported once), so
 * `npm run audit:verify` goes on showing the cut even after new entries are sealed onto what is
 * left. A checkpoint that cannot be trusted (changed, or signed with another key) is never
 * written over: it is the evidence, until someone moves it away.
 */
export class AuditCheckpointer {
  private anchors: Map<string, ChainAnchor> | undefined;
  /** Whether the file on disk holds these anchors (else it is written even if no chain moved). */
  private written = false;
  private refused = false;
  private readonly reported = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly settings: CheckpointSettings,
    private readonly onProblem: (error: AuditCheckpointError) => void,
  ) {}

  /** Compares the chains' heads with the checkpoint, and writes a new checkpoint if any moved on. */
  async update(now: Date = new Date()): Promise<void> {
    if (this.refused) {
      return;
    }
    const anchors = this.anchors ?? (await this.load());
    if (!anchors) {
      return;
    }
    const next = new Map(anchors);
    let changed = !this.written;
    const heads = await chainHeads(this.db);
    for (const head of heads) {
      const key = chainKey(head.organisationId);
      const anchor = anchors.get(key);
      const moved = { organisationId: head.organisationId, lastSeq: head.chainSeq, lastHash: head.hash };
      if (!anchor) {
        next.set(key, moved);
        changed = true;
      } else if (head.chainSeq === anchor.lastSeq && head.hash === anchor.lastHash) {
        continue;
      } else if (
        head.chainSeq > anchor.lastSeq &&
        (await sealedHashAt(this.db, anchor.organisationId, anchor.lastSeq)) === anchor.lastHash
      ) {
        next.set(key, moved);
        changed = true;
      } else {
        this.reportCut(anchor, `now ends at entry ${head.chainSeq}`);
      }
    }
    const present = new Set(heads.map((head) => chainKey(head.organisationId)));
    for (const [key, anchor] of anchors) {
      if (!present.has(key)) {
        this.reportCut(anchor, 'now has no sealed entries');
      }
    }
    if (!changed) {
      return;
    }
    await writeCheckpoint(this.settings, { writtenAt: now, chains: [...next.values()] });
    this.anchors = next;
    this.written = true;
  }

  /** The anchors of the checkpoint on disk, an empty set when there is none, or nothing when it cannot be trusted. */
  private async load(): Promise<Map<string, ChainAnchor> | undefined> {
    const read = await readCheckpoint(this.settings);
    if (read.kind === 'signed') {
      this.written = true;
      this.anchors = new Map(read.checkpoint.chains.map((chain) => [chainKey(chain.organisationId), chain]));
      return this.anchors;
    }
    if (read.kind === 'missing') {
      // A new installation, or the first start since checkpoints began: the log is anchored as it stands.
      this.anchors = new Map();
      return this.anchors;
    }
    this.refused = true;
    const why = read.kind === 'no-key' ? 'there is no key to check it with' : read.reason;
    this.onProblem(
      new AuditCheckpointError(
        `The audit checkpoint ${this.settings.file} cannot be trusted (${why}), so it is kept as it is and no new ` +
          'checkpoint is written: run `npm run audit:verify`, then move the file away to start anchoring again',
      ),
    );
    return undefined;
  }

  private reportCut(anchor: ChainAnchor, now: string): void {
    const key = `${chainKey(anchor.organisationId)} ${anchor.lastSeq}`;
    if (this.reported.has(key)) {
      return;
    }
    this.reported.add(key);
    this.onProblem(
      new AuditCheckpointError(
        `The audit log of ${chainName(anchor.organisationId)} ${now}, but its checkpoint records entry ${anchor.lastSeq} ` +
          'and it is no longer there as it was: entries were removed or replaced. The checkpoint keeps that entry; ' +
          'run `npm run audit:verify`',
      ),
    );
  }
}
