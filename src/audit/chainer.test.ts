import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';
import type { Actor } from '../access/index.js';
import { withActor, type DatabaseHandle, type Db } from '../db/database.js';
import type { AuditEvent } from '../db/schema.js';
import { GENESIS_HASH, chainedFieldsOf, hashEntry } from './chain.js';
import { AuditSealingError, sealPendingAuditEntries, startAuditChainer } from './chainer.js';
import { recordAuditEvent } from './service.js';
import { verifyAuditChains } from './verify.js';

let database: DatabaseHandle;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());

async function newOrganisation(name: string): Promise<string> {
  const row = await db.insertInto('organisations').values({ name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** One audited action in a transaction of its own, as a request makes it; answers the entry's id. */
async function record(organisationId: string | null, sequence: number): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await recordAuditEvent(trx, {
      organisationId,
      actorUserId: null,
      action: 'admin.team_created',
      recordType: 'team',
      ip: '192.0.2.20',
      details: { sequence },
    });
    const row = await trx.selectFrom('audit_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    return row.id;
  });
}

async function chainOf(organisationId: string | null): Promise<AuditEvent[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .$call((q) => (organisationId ? q.where('organisation_id', '=', organisationId) : q.where('organisation_id', 'is', null)))
    .where('chain_seq', 'is not', null)
    .orderBy('chain_seq')
    .execute();
}

/** Each entry takes the next place and links to the one before, from the genesis hash. */
function expectLinked(chain: AuditEvent[]): void {
  let prev = GENESIS_HASH;
  chain.forEach((row, index) => {
    expect(row.chain_seq).toBe(String(index + 1));
    expect(row.prev_hash).toBe(prev);
    expect(row.hash).toBe(hashEntry(prev, chainedFieldsOf(row)));
    prev = row.hash ?? '';
  });
}

/** As the database owner, past the append-only trigger: what an attacker with the owner's password could do. */
async function asOwnerBypassingTrigger(statement: (trx: Db) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await statement(trx);
  });
}

describe('sealing the audit log', () => {
  it('appends an entry unsealed, then seals each organisation’s chain in order, in batches', async () => {
    // Whatever earlier tests left: sealed first, so this test's chains are its own.
    await sealPendingAuditEntries(db);
    const riverside = await newOrganisation('Riverside DVPP');
    const hillside = await newOrganisation('Hillside DVPP');
    const written: Array<{ organisationId: string | null; id: string }> = [];
    for (const [i, organisationId] of [riverside, hillside, riverside, null, riverside, hillside, riverside].entries()) {
      written.push({ organisationId, id: await record(organisationId, i) });
    }
    const unsealed = await db
      .selectFrom('audit_events')
      .selectAll()
      .where(
        'id',
        'in',
        written.map((w) => w.id),
      )
      .execute();
    expect(unsealed.map((row) => [row.prev_hash, row.hash, row.chain_seq])).toEqual(unsealed.map(() => [null, null, null]));
    expect((await verifyAuditChains(db)).pending).toBe(7);

    expect(await sealPendingAuditEntries(db, 2)).toBe(7);
    expect((await verifyAuditChains(db)).pending).toBe(0);
    for (const organisationId of [riverside, hillside]) {
      const chain = await chainOf(organisationId);
      expect(chain.map((row) => row.id)).toEqual(written.filter((w) => w.organisationId === organisationId).map((w) => w.id));
      expectLinked(chain);
    }
    expect((await chainOf(null)).map((row) => row.id)).toContain(written[3]?.id);

    // Later entries continue the chain from its last sealed entry.
    const later = [await record(riverside, 7), await record(riverside, 8)];
    expect(await sealPendingAuditEntries(db)).toBe(2);
    const chain = await chainOf(riverside);
    expect(chain.map((row) => row.id).slice(-2)).toEqual(later);
    expect(chain).toHaveLength(6);
    expectLinked(chain);
    expect(await sealPendingAuditEntries(db)).toBe(0);
    expect(await verifyAuditChains(db)).toMatchObject({ firstBreak: null, pending: 0 });
  });

  it('lets concurrent sealers seal each entry once', async () => {
    const organisationId = await newOrganisation('Brookside DVPP');
    for (let i = 0; i < 30; i += 1) {
      await record(organisationId, i);
    }
    const sealed = await Promise.all([1, 2, 3, 4].map(() => sealPendingAuditEntries(db, 5)));
    expect(sealed.reduce((sum, n) => sum + n, 0)).toBe(30);
    const chain = await chainOf(organisationId);
    expect(chain).toHaveLength(30);
    expectLinked(chain);
    expect(await verifyAuditChains(db)).toMatchObject({ firstBreak: null, pending: 0 });
  });

  it('lets the owner only seal an unsealed entry, and the application role neither seal nor forge one', async () => {
    const organisationId = await newOrganisation('Eastside DVPP');
    const sealedId = await record(organisationId, 1);
    await sealPendingAuditEntries(db);
    const pendingId = await record(organisationId, 2);
    const appActor: Actor = {
      userId: '00000000-0000-4000-8000-000000000001',
      organisationId,
      displayName: 'x',
      sides: new Set(),
    };

    // The owner cannot change an entry's content before it is sealed, reseal one, or remove one.
    await expect(
      sql`UPDATE audit_events SET ip = '198.51.100.1', hash = 'x', prev_hash = 'y', chain_seq = 99 WHERE id = ${pendingId}`.execute(
        db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_events SET hash = 'x' WHERE id = ${sealedId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events WHERE id = ${pendingId}`.execute(db)).rejects.toThrow(/append-only/);
    // The application role cannot seal, nor insert an entry already sealed.
    await expect(
      withActor(db, appActor, (trx) =>
        sql`UPDATE audit_events SET hash = 'x', prev_hash = 'y', chain_seq = 99 WHERE id = ${pendingId}`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withActor(db, appActor, (trx) =>
        sql`INSERT INTO audit_events (organisation_id, occurred_at, action, prev_hash, hash, chain_seq)
            VALUES (${organisationId}, now(), 'admin.team_created', ${GENESIS_HASH}, 'forged', 1)`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/);
    // Its ordinary append still works.
    await withActor(db, appActor, (trx) =>
      recordAuditEvent(trx, { organisationId, actorUserId: appActor.userId, action: 'participant.viewed' }),
    );
    expect(await sealPendingAuditEntries(db)).toBe(2);
    expect(await verifyAuditChains(db)).toMatchObject({ firstBreak: null, pending: 0 });
  });

  it('names an entry moved to another place in its chain', async () => {
    const organisationId = await newOrganisation('Westside DVPP');
    await record(organisationId, 1);
    await record(organisationId, 2);
    await sealPendingAuditEntries(db);
    const [first, second] = await chainOf(organisationId);
    await asOwnerBypassingTrigger(async (trx) => {
      await sql`UPDATE audit_events SET chain_seq = 1000 WHERE id = ${first?.id}`.execute(trx);
      await sql`UPDATE audit_events SET chain_seq = 1 WHERE id = ${second?.id}`.execute(trx);
      await sql`UPDATE audit_events SET chain_seq = 2 WHERE id = ${first?.id}`.execute(trx);
    });
    const result = await verifyAuditChains(db);
    expect(result.firstBreak).toEqual({
      id: second?.id,
      organisationId,
      reason: expect.stringContaining('removed or reordered'),
    });
  });
});

describe('the chainer as the server runs it', () => {
  it('seals on its timer and once more when stopped', async () => {
    const handle = await createTestDatabase();
    try {
      const errors: unknown[] = [];
      const stop = startAuditChainer(handle.db, (error) => errors.push(error));
      const organisation = await handle.db
        .insertInto('organisations')
        .values({ name: 'Northgate DVPP' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const write = (): Promise<void> =>
        handle.db
          .transaction()
          .execute((trx) =>
            recordAuditEvent(trx, { organisationId: organisation.id, actorUserId: null, action: 'admin.team_created' }),
          );
      const unsealed = async (): Promise<number> =>
        Number(
          (
            await handle.db
              .selectFrom('audit_events')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('hash', 'is', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      await write();
      const deadline = Date.now() + 10_000;
      while ((await unsealed()) > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await unsealed()).toBe(0);
      await write();
      await stop();
      expect(await unsealed()).toBe(0);
      expect(errors).toEqual([]);
      expect(await verifyAuditChains(handle.db)).toMatchObject({ checked: 2, firstBreak: null, pending: 0 });
    } finally {
      await handle.close();
    }
  });

  it('reports a failure to seal without any row content', async () => {
    // A database error can quote the row it refused; none of it may reach the logs.
    const refusal = Object.assign(new Error('new row violates check constraint: Failing row contains (192.0.2.20)'), {
      code: '23514',
      detail: 'Failing row contains (192.0.2.20, {"sequence": 1})',
    });
    const failing = { transaction: () => ({ execute: () => Promise.reject(refusal) }) } as unknown as Db;
    const errors: unknown[] = [];
    await startAuditChainer(failing, (error) => errors.push(error))();
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AuditSealingError);
      expect(Object.keys(error as object)).toEqual(['name']);
      expect(JSON.stringify(error)).not.toContain('192.0.2.20');
      expect((error as Error).message).toBe('Sealing the audit log failed: database error 23514');
    }
  });
});
