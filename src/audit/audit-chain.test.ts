import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import type { Actor } from '../access/index.js';
import { withActor, type DatabaseHandle } from '../db/database.js';
import { GENESIS_HASH, hashEntry } from './chain.js';
import { verifyAuditChains } from './verify.js';
import { organisationWithEntries, asOwnerBypassingTrigger } from '../../test/fixtures/audit-chain.js';

/* The audit hash chain, and tampering with it detected. */

describe('the audit hash chain', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('chains each entry to the one before, per organisation', async () => {
    const { organisationId } = await organisationWithEntries(database.db, 3);
    const rows = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    rows.forEach((row, index) => {
      if (index > 0) {
        expect(row.prev_hash).toBe(rows[index - 1]?.hash);
      }
      expect(row.hash).toBe(
        hashEntry(row.prev_hash ?? '', {
          organisationId: row.organisation_id,
          occurredAt: row.occurred_at,
          actorUserId: row.actor_user_id,
          action: row.action,
          recordType: row.record_type,
          recordId: row.record_id,
          ip: row.ip,
          details: row.details,
        }),
      );
    });
    // A second organisation starts its own chain.
    const second = await organisationWithEntries(database.db, 1);
    const first = await database.db
      .selectFrom('audit_events')
      .select('prev_hash')
      .where('organisation_id', '=', second.organisationId)
      .executeTakeFirstOrThrow();
    expect(first.prev_hash).toBe(GENESIS_HASH);
  });

  it('verifies an intact log', async () => {
    const result = await verifyAuditChains(database.db);
    expect(result.firstBreak).toBeNull();
    expect(result.checked).toBe(4);
    expect(result.chains).toBe(2);
    expect(result.pending).toBe(0);
  });

  it('does not let the application role change or remove an entry', async () => {
    const { organisationId, ids } = await organisationWithEntries(database.db, 1);
    const actor: Actor = { userId: '00000000-0000-4000-8000-000000000001', organisationId, displayName: 'x', sides: new Set() };
    await expect(
      withActor(database.db, actor, (trx) =>
        sql`UPDATE audit_events SET action = 'identity.signed_in' WHERE id = ${ids[0]}`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withActor(database.db, actor, (trx) => sql`DELETE FROM audit_events WHERE id = ${ids[0]}`.execute(trx)),
    ).rejects.toThrow(/permission denied/);
    // Nor can the owner without deliberately switching the trigger off.
    await expect(sql`DELETE FROM audit_events WHERE id = ${ids[0]}`.execute(database.db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChains(database.db)).firstBreak).toBeNull();
  });
});

describe('tampering', () => {
  it('detects an entry whose details were changed, naming it', async () => {
    const database = await createTestDatabase();
    try {
      const { organisationId, ids } = await organisationWithEntries(database.db, 3);
      const tampered = ids[1] ?? '';
      await asOwnerBypassingTrigger(database.db, (trx) =>
        sql`UPDATE audit_events SET details = '{"side": "perpetrator", "sequence": 1}'::jsonb WHERE id = ${tampered}`.execute(
          trx,
        ),
      );
      const result = await verifyAuditChains(database.db);
      expect(result.firstBreak).toEqual({ id: tampered, organisationId, reason: expect.stringContaining('changed') });
    } finally {
      await database.close();
    }
  });

  it('detects an entry removed from the middle of a chain, naming the entry after the gap', async () => {
    const database = await createTestDatabase();
    try {
      const { organisationId, ids } = await organisationWithEntries(database.db, 3);
      await asOwnerBypassingTrigger(database.db, (trx) => sql`DELETE FROM audit_events WHERE id = ${ids[1]}`.execute(trx));
      const result = await verifyAuditChains(database.db);
      expect(result.firstBreak).toEqual({ id: ids[2], organisationId, reason: expect.stringContaining('removed') });
    } finally {
      await database.close();
    }
  });
});
