import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';
import { canonicalJson } from './chain.js';

/*
 * The signed checkpoint of the audit log's end, kept outside the database.
 *
 * The hash chains show an entry changed or removed in the middle, but not the newest entries
 * removed, nor the whole table emptied: what is left is still a valid chain. So each time the
 * chainer seals, the head of every chain (its last place and hash) is written to a file, signed
 * with an HMAC key that the database never holds, and `npm run audit:verify` checks that the table
 * still reaches every head the checkpoint records. Someone with the database owner's rights can
 * drop the triggers and cut the log, but cannot rewrite this file without the key.
 */

/** One chain's head as checkpointed: its organisation (null: the system events' chain), last place and hash. */
export type ChainAnchor = { organisationId: string | null; lastSeq: number; lastHash: string };

export type AuditCheckpoint = { writtenAt: Date; chains: ChainAnchor[] };

/** Where the checkpoint lives and what signs it: a key from the environment, or else the key file. */
export type CheckpointSettings = { file: string; key: string | undefined; keyFile: string };

export function checkpointSettingsOf(config: Config): CheckpointSettings {
  return { file: config.auditCheckpointFile, key: config.auditCheckpointKey, keyFile: config.auditCheckpointKeyFile };
}

const FORMAT = 'parallel-audit-checkpoint/1';

const ZCheckpointFile = z.object({
  format: z.literal(FORMAT),
  writtenAt: z.iso.datetime(),
  entries: z.number().int().min(0),
  chains: z.array(
    z.object({
      organisationId: z.string().min(1).nullable(),
      lastSeq: z.number().int().min(1),
      lastHash: z.string().regex(/^[0-9a-f]{64}$/),
      entries: z.number().int().min(1),
    }),
  ),
  signature: z.string(),
});

export type CheckpointRead =
  | { kind: 'missing' }
  | { kind: 'no-key' }
  | { kind: 'not-signed'; reason: string }
  | { kind: 'signed'; checkpoint: AuditCheckpoint };

async function readKeyFile(keyFile: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(keyFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  if (text.trim().length < 32) {
    throw new Error(`the audit checkpoint key file ${keyFile} holds no key`);
  }
  return Buffer.from(text.trim(), 'utf8');
}

/** The key as bytes: from the environment, or read from the key file (made first when `create`). */
async function signingKey(settings: CheckpointSettings, create: boolean): Promise<Buffer | undefined> {
  if (settings.key) {
    return Buffer.from(settings.key, 'utf8');
  }
  const existing = await readKeyFile(settings.keyFile);
  if (existing || !create) {
    return existing;
  }
  await fs.promises.mkdir(path.dirname(settings.keyFile), { recursive: true });
  try {
    // Created only if absent ('wx'), readable by its owner only: of two nodes starting at once, the first one's key is kept.
    const handle = await fs.promises.open(settings.keyFile, 'wx', 0o600);
    try {
      await handle.writeFile(`${randomBytes(32).toString('hex')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }
  return readKeyFile(settings.keyFile);
}

function sign(key: Buffer, content: unknown): string {
  return `hmac-sha256:${createHmac('sha256', key).update(canonicalJson(content)).digest('hex')}`;
}

function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Reads and checks the checkpoint; never creates a key (verification only reads). */
export async function readCheckpoint(settings: CheckpointSettings): Promise<CheckpointRead> {
  let text: string;
  try {
    text = await fs.promises.readFile(settings.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'missing' };
    }
    throw error;
  }
  const key = await signingKey(settings, false);
  if (!key) {
    return { kind: 'no-key' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'not-signed', reason: 'the file is not a checkpoint (not JSON)' };
  }
  const parsed = ZCheckpointFile.safeParse(json);
  if (!parsed.success) {
    return { kind: 'not-signed', reason: 'the file is not a checkpoint in the expected form' };
  }
  const { signature, ...content } = parsed.data;
  if (!sameSignature(signature, sign(key, content))) {
    return { kind: 'not-signed', reason: 'the checkpoint signature does not match' };
  }
  return {
    kind: 'signed',
    checkpoint: {
      writtenAt: new Date(content.writtenAt),
      chains: content.chains.map(({ organisationId, lastSeq, lastHash }) => ({ organisationId, lastSeq, lastHash })),
    },
  };
}

/**
 * Signs and writes the checkpoint atomically: a temporary file written and flushed to disk, then
 * renamed over the old one, and the folder flushed, so a crash leaves the old checkpoint or the
 * new one, never half of one. Makes the key file first if there is no key yet.
 */
export async function writeCheckpoint(settings: CheckpointSettings, checkpoint: AuditCheckpoint): Promise<void> {
  const key = await signingKey(settings, true);
  if (!key) {
    throw new Error('there is no key to sign the audit checkpoint');
  }
  const chains = [...checkpoint.chains]
    .sort((a, b) => (a.organisationId ?? '').localeCompare(b.organisationId ?? ''))
    .map((chain) => ({ ...chain, entries: chain.lastSeq }));
  const content = {
    format: FORMAT,
    writtenAt: checkpoint.writtenAt.toISOString(),
    entries: chains.reduce((sum, chain) => sum + chain.entries, 0),
    chains,
  };
  const text = `${JSON.stringify({ ...content, signature: sign(key, content) }, null, 2)}\n`;
  const folder = path.dirname(settings.file);
  await fs.promises.mkdir(folder, { recursive: true });
  const temporary = path.join(folder, `.${path.basename(settings.file)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const handle = await fs.promises.open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.promises.rename(temporary, settings.file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  const folderHandle = await fs.promises.open(folder, 'r');
  try {
    await folderHandle.sync();
  } finally {
    await folderHandle.close();
  }
}
