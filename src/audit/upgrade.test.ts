import fs from 'node:fs';
import path from 'node:path';
import { Migrator, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { GENESIS_HASH, canonicalJson, hashEntry } from './chain.js';
import { sealPendingAuditEntries } from './chainer.js';
import { recordAuditEvent } from './service.js';
import { verifyAuditChains } from './verify.js';

const MIGRATIONS = path.resolve(import.meta.dirname, '../db/migrations');
const BEFORE_SEQUENCING = '0018_disclosure_alerts_for_her_side';

/** The landed migrations, to bring a database to the schema before audit sequencing. */
async function landedMigrations(): Promise<Record<string, Migration>> {
  const migrations: Record<string, Migration> = {};
  for (const file of fs.readdirSync(MIGRATIONS).filter((name) => /^\d{4}_.*\.ts$/.test(name))) {
    migrations[file.replace(/\.ts$/, '')] = (await import(path.join(MIGRATIONS, file))) as Migration;
  }
  return migrations;
}

describe('upgrading a database whose audit log was chained under the old lock', () => {
  it('keeps its chains verifiable, and new entries continue them', { timeout: 120_000 }, async () => {
    const handle = await openPglite(undefined);
    try {
      const migrations = await landedMigrations();
      const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
      const { error } = await migrator.migrateTo(BEFORE_SEQUENCING);
      expect(error).toBeUndefined();
      const organisation = await handle.db
        .insertInto('organisations')
        .values({ name: 'Northgate DVPP' })
        .returning('id')
        .executeTakeFirstOrThrow();

      // Entries as the old code wrote them: each hashed onto the one before, in id order.
      let prevHash = GENESIS_HASH;
      for (let i = 0; i < 3; i += 1) {
        const fields = {
          organisationId: organisation.id,
          occurredAt: new Date(Date.UTC(2026, 0, 5, 9, i)),
          actorUserId: null,
          action: 'admin.team_created',
          recordType: 'team',
          recordId: null,
          ip: '192.0.2.40',
          details: { sequence: i },
        };
        const hash = hashEntry(prevHash, fields);
        await sql`INSERT INTO audit_events (organisation_id, occurred_at, action, record_type, ip, details, prev_hash, hash)
          VALUES (${organisation.id}, ${fields.occurredAt}, ${fields.action}, ${fields.recordType}, ${fields.ip},
                  ${canonicalJson(fields.details)}::jsonb, ${prevHash}, ${hash})`.execute(handle.db);
        prevHash = hash;
      }

      await migrateToLatest(handle.db);
      expect(await verifyAuditChains(handle.db)).toEqual({ checked: 3, chains: 1, pending: 0, firstBreak: null });

      await handle.db
        .transaction()
        .execute((trx) =>
          recordAuditEvent(trx, { organisationId: organisation.id, actorUserId: null, action: 'admin.team_created' }),
        );
      expect(await sealPendingAuditEntries(handle.db)).toBe(1);
      const newest = await handle.db
        .selectFrom('audit_events')
        .select(['chain_seq', 'prev_hash'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(newest).toEqual({ chain_seq: '4', prev_hash: prevHash });
      expect(await verifyAuditChains(handle.db)).toEqual({ checked: 4, chains: 1, pending: 0, firstBreak: null });
    } finally {
      await handle.close();
    }
  });
});
