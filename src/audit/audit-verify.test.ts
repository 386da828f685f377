import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openPglite } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { PROJECT_ROOT } from '../web/assets.js';
import { AuditCheckpointer } from './checkpoint.js';
import { checkpointSettingsOf } from './checkpoint-file.js';
import { readDateParts, startOfLondonDay, startOfNextLondonDay } from './dates.js';
import { keysetPagination, resultCount, searchQuery } from './present.js';
import { ZAuditSearch } from './schemas.js';
import { recordAuditEvent } from './service.js';
import { organisationWithEntries, asOwnerBypassingTrigger } from '../../test/fixtures/audit-chain.js';

/* npm run audit:verify, and the audit search input. */

describe('npm run audit:verify', () => {
  // Always an embedded database in a temporary directory, whichever database the other tests use.
  const run = (dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
      delete env.DATABASE_URL;
      delete env.AUDIT_CHECKPOINT_FILE;
      delete env.AUDIT_CHECKPOINT_KEY;
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: PROJECT_ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it(
    'reports an intact log and its unsealed entries, refuses while the database is open elsewhere, and names a tampered entry and a removed one',
    { timeout: 120_000 },
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-audit-verify-'));
      try {
        let handle = await openPglite(dataDir);
        await migrateToLatest(handle.db);
        const { organisationId, ids } = await organisationWithEntries(handle.db, 3);
        // One more, committed but not yet sealed (as when the process was killed before its chainer ran).
        await handle.db
          .transaction()
          .execute((trx) => recordAuditEvent(trx, { organisationId, actorUserId: null, action: 'admin.team_created' }));
        await handle.close();

        const intact = await run(dataDir);
        expect(intact.stdout).toContain('Audit log intact: 3 entries in 1 chains');
        expect(intact.stdout).toContain('(and 1 entry not yet sealed into a chain, checked once sealed)');
        // No server has run here, so there is no checkpoint yet: said, but not a failure.
        expect(intact.stderr).toContain('Warning: there is no audit checkpoint at');
        expect(intact.code).toBe(0);

        handle = await openPglite(dataDir);
        const locked = await run(dataDir);
        expect(locked.code).toBe(2);
        expect(locked.stderr).toContain('is in use by another Parallel process');
        const tampered = ids[2] ?? '';
        await asOwnerBypassingTrigger(handle.db, (trx) =>
          sql`UPDATE audit_events SET ip = '198.51.100.7' WHERE id = ${tampered}`.execute(trx),
        );
        await handle.close();

        const broken = await run(dataDir);
        expect(broken.stdout).toContain(`Audit log BROKEN at entry ${tampered} (organisation ${organisationId}):`);
        expect(broken.stdout).toContain('changed');
        expect(broken.code).toBe(1);

        // Put the changed entry back and remove the one before it instead: the entry after the gap is named.
        handle = await openPglite(dataDir);
        await asOwnerBypassingTrigger(handle.db, async (trx) => {
          await sql`UPDATE audit_events SET ip = '192.0.2.10' WHERE id = ${tampered}`.execute(trx);
          await sql`DELETE FROM audit_events WHERE id = ${ids[1]}`.execute(trx);
        });
        await handle.close();
        const removed = await run(dataDir);
        expect(removed.stdout).toContain(`Audit log BROKEN at entry ${tampered} (organisation ${organisationId}):`);
        expect(removed.stdout).toContain('removed');
        expect(removed.code).toBe(1);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it(
    'exits 1 when the last 10 entries were deleted, and when the table was emptied, past the checkpoint of the log’s end',
    { timeout: 120_000 },
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-audit-verify-'));
      try {
        let handle = await openPglite(dataDir);
        await migrateToLatest(handle.db);
        const { organisationId } = await organisationWithEntries(handle.db, 15);
        // As the server's chainer writes it after sealing, where the command looks for it.
        const settings = checkpointSettingsOf(loadConfig({ DATA_DIR: dataDir }));
        await new AuditCheckpointer(handle.db, settings, () => undefined).update(new Date('2026-12-07T10:02:00Z'));
        await asOwnerBypassingTrigger(handle.db, (trx) =>
          sql`DELETE FROM audit_events WHERE organisation_id = ${organisationId} AND chain_seq > 5`.execute(trx),
        );
        await handle.close();

        const cut = await run(dataDir);
        expect(cut.stdout).toBe(
          `Audit log BROKEN: The audit log of organisation ${organisationId} ends at entry 5 but the checkpoint of ` +
            '2026-12-07 10:02 records 15 entries: the last 10 entries have been removed.\n',
        );
        expect(cut.code).toBe(1);

        handle = await openPglite(dataDir);
        await expect(sql`TRUNCATE audit_events`.execute(handle.db)).rejects.toThrow(/cannot be truncated/);
        await sql`DROP TRIGGER audit_events_no_truncate ON audit_events`.execute(handle.db);
        await sql`TRUNCATE audit_events`.execute(handle.db);
        await handle.close();
        const emptied = await run(dataDir);
        expect(emptied.stdout).toBe(
          'Audit log BROKEN: The audit log is empty but the checkpoint of 2026-12-07 10:02 records 15 entries: ' +
            'the table has been emptied (truncated).\n',
        );
        expect(emptied.code).toBe(1);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('refuses politely when there is no database to check', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-audit-verify-'));
    try {
      const result = await run(dataDir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('There is no Parallel database');
      expect(fs.existsSync(path.join(dataDir, 'pgdata'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('audit search input', () => {
  it('reads London dates, across the change to and from summer time', () => {
    expect(startOfLondonDay({ year: 2026, month: 1, day: 15 }).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(startOfLondonDay({ year: 2026, month: 7, day: 1 }).toISOString()).toBe('2026-06-30T23:00:00.000Z');
    // Clocks go forward on 29 March 2026 and back on 25 October 2026.
    expect(startOfLondonDay({ year: 2026, month: 3, day: 29 }).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfNextLondonDay({ year: 2026, month: 3, day: 29 }).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(startOfLondonDay({ year: 2026, month: 10, day: 25 }).toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(startOfNextLondonDay({ year: 2026, month: 12, day: 31 }).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it.each([
    [{ day: '', month: '', year: '' }, undefined],
    [{ day: '31', month: '2', year: '2026' }, 'Date from must be a real date'],
    [{ day: '1', month: '', year: '2026' }, 'Date from must include a month'],
    [{ day: '', month: '', year: '2026' }, 'Date from must include a day and month'],
    [{ day: 'x', month: '2', year: '2026' }, 'Date from must be a real date'],
    [{ day: '1', month: '2', year: '26' }, 'Year must include 4 numbers'],
  ])('checks the date %o', (parts, problem) => {
    expect(readDateParts(parts, 'Date from').problem).toBe(problem);
  });

  it('turns a valid search into filters, and refuses a "to" date before the "from" date', () => {
    const parsed = ZAuditSearch.safeParse({
      actor: '',
      action: 'identity.signed_in',
      'from-day': '1',
      'from-month': '3',
      'from-year': '2026',
      after: '2',
    });
    expect(parsed.success && parsed.data).toEqual({
      actorUserId: undefined,
      action: 'identity.signed_in',
      recordType: undefined,
      recordId: undefined,
      reference: undefined,
      side: undefined,
      order: 'newest',
      fromDate: { year: 2026, month: 3, day: 1 },
      toDate: undefined,
      cursor: { direction: 'after', id: '2' },
    });
    const backwards = ZAuditSearch.safeParse({
      'from-day': '2',
      'from-month': '3',
      'from-year': '2026',
      'to-day': '1',
      'to-month': '3',
      'to-year': '2026',
    });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['to']);
    expect(ZAuditSearch.safeParse({ recordId: 'Jane Smith' }).success).toBe(false);
  });

  it('reads a page link, and takes a malformed one as the first page rather than an error', () => {
    expect(ZAuditSearch.parse({ before: '120' }).cursor).toEqual({ direction: 'before', id: '120' });
    for (const bad of [
      { after: 'abc' },
      { after: '-1' },
      { after: '0' },
      { before: '99999999999999999999' },
      { after: ['1', '2'] },
      { after: '1', before: '2' },
    ]) {
      const parsed = ZAuditSearch.safeParse(bad);
      expect(parsed.success, JSON.stringify(bad)).toBe(true);
      expect(parsed.data?.cursor, JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('pages by previous and next links that keep the filters, with no links for a single page', () => {
    const query = { action: 'identity.signed_in', after: '900', page: '3', recordId: '' };
    expect(keysetPagination(query, { previous: null, next: null })).toBeNull();
    expect(keysetPagination(query, { previous: 'first-page', next: { after: '750' } })).toEqual({
      previous: { href: '/audit?action=identity.signed_in' },
      next: { href: '/audit?action=identity.signed_in&after=750' },
    });
    expect(keysetPagination(query, { previous: { before: '700' }, next: null })).toEqual({
      previous: { href: '/audit?action=identity.signed_in&before=700' },
    });
    expect(searchQuery({}, {})).toBe('/audit');
  });

  it('counts results up to the cap, and says "more than" past it', () => {
    expect(resultCount({ shown: 0, matching: 0, firstPosition: null }, 1000)).toBe('No entries match this search.');
    expect(resultCount({ shown: 20, matching: 120, firstPosition: 101 }, 1000)).toBe('Showing 101 to 120 of 120 entries');
    expect(resultCount({ shown: 50, matching: 1001, firstPosition: 951 }, 1000)).toBe(
      'Showing 951 to 1,000 of more than 1,000 entries',
    );
    expect(resultCount({ shown: 50, matching: 1001, firstPosition: null }, 1000)).toBe('Showing 50 of more than 1,000 entries');
  });
});
