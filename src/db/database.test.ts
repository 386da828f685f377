import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import { createTestOrganisation } from '../../test/fixtures/organisation.js';
import { parseLock } from './data-directory-lock.js';
import { DataDirectoryInUseError, openPglite, withActor, type DatabaseHandle } from './database.js';
import { runHousekeeping, scheduleMaintenance } from './housekeeping.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('database', () => {
  it('keeps dates as ISO strings and bigint ids as strings, the same on PGlite and PostgreSQL', async () => {
    const org = await createTestOrganisation(database.db, 'Types');
    const row = await database.db
      .insertInto('participants')
      .values({
        organisation_id: org.id,
        reference: 'T-1',
        given_name: 'Ansel',
        family_name: 'Worrow',
        date_of_birth: '1980-02-29',
      })
      .returning('date_of_birth')
      .executeTakeFirstOrThrow();
    expect(row.date_of_birth).toBe('1980-02-29');
    const audit = await database.db.selectFrom('audit_events').select('id').limit(1).execute();
    expect(audit.every((a) => typeof a.id === 'string')).toBe(true);
  });

  it('schedules housekeeping minutes after start, not at start, and then hourly', async () => {
    const org = await createTestOrganisation(database.db, 'Housekeeping schedule');
    const user = org.users.perpetrator;
    const expired = () => database.db.selectFrom('sessions').select('id').where('id', '=', 'expired-at-start').execute();
    await database.db
      .insertInto('sessions')
      .values({
        id: 'expired-at-start',
        user_id: user.id,
        organisation_id: org.id,
        expires_at: new Date(Date.now() - 1000),
        last_seen_at: new Date(),
      })
      .execute();
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const failures: unknown[] = [];
    const stop = scheduleMaintenance(database, (error) => failures.push(error), 1000);
    try {
      await vi.advanceTimersByTimeAsync(999);
      expect(await expired()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      vi.useRealTimers();
      await vi.waitFor(async () => expect(await expired()).toHaveLength(0));
      expect(failures).toEqual([]);
    } finally {
      stop();
      vi.useRealTimers();
    }
  });

  it('housekeeping deletes sessions and the answers kept for retries past their expiry, and keeps live ones', async () => {
    const org = await createTestOrganisation(database.db, 'Sessions');
    const user = org.users.perpetrator;
    await database.db
      .insertInto('sessions')
      .values([
        {
          id: 'expired-session',
          user_id: user.id,
          organisation_id: org.id,
          expires_at: new Date(Date.now() - 1000),
          last_seen_at: new Date(),
        },
        {
          id: 'live-session',
          user_id: user.id,
          organisation_id: org.id,
          expires_at: new Date(Date.now() + 3_600_000),
          last_seen_at: new Date(),
        },
      ])
      .execute();
    const kept = (key: string, expiresAt: Date) => ({
      organisation_id: org.id,
      user_id: user.id,
      key,
      request_target: 'POST /api/v1/participants',
      fingerprint: '0'.repeat(64),
      sides: ['perpetrator' as const],
      status_code: 201,
      body: Buffer.from('{}'),
      expires_at: expiresAt,
    });
    await database.db
      .insertInto('idempotency_keys')
      .values([kept('expired-key', new Date(Date.now() - 1000)), kept('live-key', new Date(Date.now() + 3_600_000))])
      .execute();
    await runHousekeeping(database);
    const left = await database.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(left.map((s) => s.id)).toEqual(['live-session']);
    // The answers kept for retried requests go when their key expires.
    await withActor(database.db, { userId: user.id, organisationId: org.id }, async (trx) => {
      const keys = await trx.selectFrom('idempotency_keys').select('key').execute();
      expect(keys.map((k) => k.key)).toEqual(['live-key']);
    });
  });

  it('runs request work as the non-superuser application role', async () => {
    const role = await withActor(database.db, null, async (trx) => {
      const { rows } = await (
        await import('kysely')
      ).sql<{ role: string; superuser: string }>`
        SELECT current_user AS role, current_setting('is_superuser') AS superuser`.execute(trx);
      return rows[0];
    });
    expect(role).toEqual({ role: 'parallel_app', superuser: 'off' });
  });
});

describe('the embedded database directory', () => {
  it('refuses a second process on the same data directory with a clear message, and takes over a stale lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-lock-'));
    fs.mkdirSync(dir, { recursive: true });
    // A lock held by a live process that is not us (our parent, the test runner's own parent).
    fs.writeFileSync(path.join(dir, 'parallel.lock'), String(process.ppid));
    await expect(openPglite(dir)).rejects.toThrow(DataDirectoryInUseError);
    await expect(openPglite(dir)).rejects.toThrow(/in use by another Parallel process/);
    // A lock left by a process that has gone is taken over.
    fs.writeFileSync(path.join(dir, 'parallel.lock'), '999999999');
    const handle = await openPglite(dir);
    expect(parseLock(fs.readFileSync(path.join(dir, 'parallel.lock'), 'utf8'))?.pid).toBe(process.pid);
    await handle.close();
    expect(fs.existsSync(path.join(dir, 'parallel.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
