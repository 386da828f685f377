import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asOwnerBypassingTrigger, organisationWithEntries } from '../../test/fixtures/audit-chain.js';
import { createTestDatabase } from '../../test/fixtures/database.js';
import type { DatabaseHandle, Db } from '../db/database.js';
import { startAuditChainer } from './chainer.js';
import { AuditCheckpointError, AuditCheckpointer } from './checkpoint.js';
import type { CheckpointSettings } from './checkpoint-file.js';
import { recordAuditEvent } from './service.js';
import { verifyAuditLog } from './verify.js';

/*
 * The end of the audit log, anchored outside the database: deleting the newest entries or
 * emptying the table (as the database owner could, past the triggers) fails `npm run audit:verify`
 * (`verifyAuditLog` is what the command runs once the database is open), and TRUNCATE is refused.
 */

// 10:02 in London on 7 December 2026 (GMT).
const CHECKPOINTED_AT = new Date('2026-12-07T10:02:00Z');

let database: DatabaseHandle;
let db: Db;
let folder: string;
let settings: CheckpointSettings;
let problems: AuditCheckpointError[];

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-audit-anchor-'));
  settings = {
    file: path.join(folder, 'audit-checkpoint.json'),
    key: undefined,
    keyFile: path.join(folder, 'audit-checkpoint.key'),
  };
  problems = [];
});
afterEach(async () => {
  await database?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** Fifteen sealed entries of one organisation, and the checkpoint written as the chainer writes it. */
async function checkpointedLog(): Promise<string> {
  const { organisationId } = await organisationWithEntries(db, 15);
  await new AuditCheckpointer(db, settings, (problem) => problems.push(problem)).update(CHECKPOINTED_AT);
  return organisationId;
}

async function recordEntries(organisationId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await db
      .transaction()
      .execute((trx) => recordAuditEvent(trx, { organisationId, actorUserId: null, action: 'admin.team_created' }));
  }
}

describe('the checkpoint of the audit log’s end', () => {
  it('verifies an intact log with 0, and records each chain’s head in a signed file beside a key only its owner reads', async () => {
    const organisationId = await checkpointedLog();

    const report = await verifyAuditLog(db, settings);
    expect(report).toEqual({
      exitCode: 0,
      lines: ['Audit log intact: 15 entries in 1 chains; its end matches the checkpoint of 2026-12-07 10:02'],
      warnings: [],
    });
    const written = JSON.parse(fs.readFileSync(settings.file, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({
      writtenAt: '2026-12-07T10:02:00.000Z',
      entries: 15,
      chains: [{ organisationId, lastSeq: 15, entries: 15 }],
    });
    expect(written.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(fs.statSync(settings.keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(folder).sort()).toEqual(['audit-checkpoint.json', 'audit-checkpoint.key']);
    expect(problems).toEqual([]);
  });

  it('fails with 1 when the last 10 entries are deleted by the owner past the trigger, and keeps its anchor as new entries are sealed', async () => {
    const organisationId = await checkpointedLog();
    const deleteNewest = (executor: Db): Promise<unknown> =>
      sql`DELETE FROM audit_events WHERE organisation_id = ${organisationId} AND chain_seq > 5`.execute(executor);
    await expect(deleteNewest(db)).rejects.toThrow(/append-only/);

    await asOwnerBypassingTrigger(db, deleteNewest);
    const cut = await verifyAuditLog(db, settings);
    expect(cut.exitCode).toBe(1);
    expect(cut.lines).toEqual([
      `Audit log BROKEN: The audit log of organisation ${organisationId} ends at entry 5 but the checkpoint of ` +
        '2026-12-07 10:02 records 15 entries: the last 10 entries have been removed.',
    ]);

    // The application goes on: entries sealed onto what is left do not move the anchor, and the cut is reported once.
    const stop = startAuditChainer(db, (error) => problems.push(error as AuditCheckpointError), settings);
    await recordEntries(organisationId, 11);
    await stop();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBeInstanceOf(AuditCheckpointError);
    expect(problems[0]?.message).toContain(`The audit log of organisation ${organisationId} now ends at entry 5`);
    const regrown = await verifyAuditLog(db, settings);
    expect(regrown.exitCode).toBe(1);
    expect(regrown.lines).toEqual([
      `Audit log BROKEN: The audit log of organisation ${organisationId}: its entry 15 is not the one the checkpoint of ` +
        '2026-12-07 10:02 records: the entries up to there have been replaced.',
    ]);
  });

  it('refuses TRUNCATE by a trigger, and with the trigger dropped, an emptied table fails with 1', async () => {
    await checkpointedLog();
    await expect(sql`TRUNCATE audit_events`.execute(db)).rejects.toThrow(/cannot be truncated/);
    expect((await verifyAuditLog(db, settings)).exitCode).toBe(0);

    await sql`DROP TRIGGER audit_events_no_truncate ON audit_events`.execute(db);
    await sql`TRUNCATE audit_events`.execute(db);
    const emptied = await verifyAuditLog(db, settings);
    expect(emptied).toEqual({
      exitCode: 1,
      lines: [
        'Audit log BROKEN: The audit log is empty but the checkpoint of 2026-12-07 10:02 records 15 entries: ' +
          'the table has been emptied (truncated).',
      ],
      warnings: [],
    });
  });

  it('fails with 1 when the checkpoint was changed or signed with another key, and the chainer never writes over it', async () => {
    await checkpointedLog();
    const signed = fs.readFileSync(settings.file, 'utf8');
    const rolledBack = JSON.parse(signed) as { chains: Array<Record<string, unknown>> };
    rolledBack.chains[0] = { ...rolledBack.chains[0], lastSeq: 5, entries: 5 };
    fs.writeFileSync(settings.file, JSON.stringify(rolledBack));

    const changed = await verifyAuditLog(db, settings);
    expect(changed.exitCode).toBe(1);
    expect(changed.lines).toEqual([
      `Audit log NOT VERIFIED: the checkpoint signature does not match (${settings.file}): ` +
        'the checkpoint was changed, or signed with another key.',
    ]);
    fs.writeFileSync(settings.file, signed);
    const otherKey = { ...settings, key: 'another key of at least thirty-two characters' };
    expect((await verifyAuditLog(db, otherKey)).lines[0]).toContain('the checkpoint signature does not match');

    await startAuditChainer(db, (error) => problems.push(error as AuditCheckpointError), otherKey)();
    expect(fs.readFileSync(settings.file, 'utf8')).toBe(signed);
    expect(problems.map((problem) => problem.message)).toEqual([
      `The audit checkpoint ${settings.file} cannot be trusted (the checkpoint signature does not match), so it is kept ` +
        'as it is and no new checkpoint is written: run `npm run audit:verify`, then move the file away to start anchoring again',
    ]);
  });

  it('warns, without failing, when there is no checkpoint yet; the chainer writes one at start and after sealing', async () => {
    const { organisationId } = await organisationWithEntries(db, 2);
    const unanchored = await verifyAuditLog(db, settings);
    expect(unanchored.exitCode).toBe(0);
    expect(unanchored.lines).toEqual(['Audit log intact: 2 entries in 1 chains']);
    expect(unanchored.warnings).toEqual([
      `Warning: there is no audit checkpoint at ${settings.file}, so whether entries were removed from the end of the log ` +
        'was not checked. A new installation has none until the server first runs; otherwise restore it from its off-host copy.',
    ]);

    const stop = startAuditChainer(db, (error) => problems.push(error as AuditCheckpointError), settings);
    await recordEntries(organisationId, 3);
    await stop();
    expect(problems).toEqual([]);
    const written = JSON.parse(fs.readFileSync(settings.file, 'utf8')) as { chains: Array<{ lastSeq: number }> };
    expect(written.chains).toEqual([expect.objectContaining({ organisationId, lastSeq: 5 })]);
    expect((await verifyAuditLog(db, settings)).exitCode).toBe(0);
  });
});
