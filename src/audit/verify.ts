import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import type { AuditEvent } from '../db/schema.js';
import { GENESIS_HASH, chainedFieldsOf, hashEntry } from './chain.js';
import { readCheckpoint, type AuditCheckpoint, type CheckpointSettings } from './checkpoint-file.js';
import {
  chainHead,
  countUnsealed,
  hasAnyAuditEntry,
  sealedChains,
  sealedEntriesAfter,
  sealedHashAt,
} from './sealing-repository.js';

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

const formatCount = (n: number): string => n.toLocaleString('en-GB');
const entries = (n: number): string => `${formatCount(n)} ${n === 1 ? 'entry' : 'entries'}`;
const logOf = (organisationId: string | null): string =>
  organisationId ? `The audit log of organisation ${organisationId}` : 'The audit log of system events';

/** The checkpoint's time as London reads it, to the minute. */
function checkpointTime(checkpoint: AuditCheckpoint): string {
  return DateTime.fromJSDate(checkpoint.writtenAt, { zone: 'Europe/London' }).toFormat('yyyy-MM-dd HH:mm');
}

/**
 * Whether the table still reaches the head of every chain the checkpoint records: each anchored
 * entry is there with the hash it had. Answers what is wrong, in words, or nothing when all is well.
 * (Everything before an anchor is the chain walk's to check.)
 */
export async function compareWithCheckpoint(db: Db, checkpoint: AuditCheckpoint): Promise<string[]> {
  const of = `the checkpoint of ${checkpointTime(checkpoint)}`;
  if (checkpoint.chains.length > 0 && !(await hasAnyAuditEntry(db))) {
    const total = checkpoint.chains.reduce((sum, chain) => sum + chain.lastSeq, 0);
    return [`The audit log is empty but ${of} records ${entries(total)}: the table has been emptied (truncated).`];
  }
  const problems: string[] = [];
  for (const anchor of checkpoint.chains) {
    const hash = await sealedHashAt(db, anchor.organisationId, anchor.lastSeq);
    if (hash === anchor.lastHash) {
      continue;
    }
    const log = logOf(anchor.organisationId);
    const place = `entry ${formatCount(anchor.lastSeq)}`;
    if (hash !== undefined) {
      problems.push(`${log}: its ${place} is not the one ${of} records: the entries up to there have been replaced.`);
      continue;
    }
    const head = await chainHead(db, anchor.organisationId);
    if (!head) {
      problems.push(`${log} has no entries but ${of} records ${entries(anchor.lastSeq)}: they have been removed.`);
    } else if (head.chainSeq < anchor.lastSeq) {
      const removed = anchor.lastSeq - head.chainSeq;
      problems.push(
        `${log} ends at entry ${formatCount(head.chainSeq)} but ${of} records ${entries(anchor.lastSeq)}: ` +
          `the last ${removed === 1 ? 'entry has' : `${formatCount(removed)} entries have`} been removed.`,
      );
    } else {
      problems.push(`${log} has no ${place}, which ${of} records: it has been removed.`);
    }
  }
  return problems;
}

export type AuditLogReport = {
  /** 0 intact, 1 changed, removed or cut short, 2 not checked. */
  exitCode: 0 | 1 | 2;
  /** What was found, for standard output. */
  lines: string[];
  /** Warnings, for standard error. */
  warnings: string[];
};

/**
 * `npm run audit:verify` once the database is open: walks every chain, then compares the table
 * with the signed checkpoint of its end. No checkpoint is a warning (a new installation has none
 * until the server first seals), not a failure.
 */
export async function verifyAuditLog(db: Db, settings: CheckpointSettings): Promise<AuditLogReport> {
  const lines: string[] = [];
  const warnings: string[] = [];
  let exitCode: AuditLogReport['exitCode'] = 0;
  const result = await verifyAuditChains(db);
  if (result.firstBreak) {
    const { id, organisationId, reason } = result.firstBreak;
    lines.push(`Audit log BROKEN at entry ${id} (organisation ${organisationId ?? 'none: system events'}): ${reason}`);
    exitCode = 1;
  }
  const read = await readCheckpoint(settings);
  let anchored = '';
  if (read.kind === 'missing') {
    warnings.push(
      `Warning: there is no audit checkpoint at ${settings.file}, so whether entries were removed from the end of the log ` +
        'was not checked. A new installation has none until the server first runs; otherwise restore it from its off-host copy.',
    );
  } else if (read.kind === 'no-key') {
    warnings.push(
      `The audit checkpoint at ${settings.file} was not checked: there is no key (AUDIT_CHECKPOINT_KEY, or the key file ${settings.keyFile}).`,
    );
    exitCode = exitCode === 1 ? 1 : 2;
  } else if (read.kind === 'not-signed') {
    lines.push(
      `Audit log NOT VERIFIED: ${read.reason} (${settings.file}): the checkpoint was changed, or signed with another key.`,
    );
    exitCode = 1;
  } else {
    const problems = await compareWithCheckpoint(db, read.checkpoint);
    lines.push(...problems.map((problem) => `Audit log BROKEN: ${problem}`));
    if (problems.length > 0) {
      exitCode = 1;
    }
    anchored = `; its end matches the checkpoint of ${checkpointTime(read.checkpoint)}`;
  }
  if (exitCode === 0) {
    const pending =
      result.pending > 0
        ? ` (and ${result.pending} ${result.pending === 1 ? 'entry' : 'entries'} not yet sealed into a chain, checked once sealed)`
        : '';
    lines.push(`Audit log intact: ${result.checked} entries in ${result.chains} chains${pending}${anchored}`);
  }
  return { exitCode, lines, warnings };
}
