import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAuditEvent } from '../audit/service.js';
import { withActor } from '../db/actor-settings.js';
import type { Trx } from '../db/database.js';
import { UnitOfWork, runInUnitOfWork } from '../db/unit-of-work.js';
import { statementsDuring } from '../../test/fixtures/statements.js';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * One unit of work per request: every service a request calls joins one transaction, each record
 * a page shows is read once, and a call that fails leaves nothing half-written. The statements
 * are counted where they leave for the database (PGlite's or pg's query), so nothing of the
 * request path is mocked.
 */

let t: TestApp;
let org: TestOrganisation;
let fixture: Awaited<ReturnType<typeof createCaseWithPartners>>;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrganisation(t.database.db);
  fixture = await createCaseWithPartners(t.database.db, org);
  await sql`CREATE TABLE uow_probe (id text PRIMARY KEY)`.execute(t.database.db);
  await sql`GRANT SELECT, INSERT ON uow_probe TO parallel_app`.execute(t.database.db);
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const transactionsIn = (statements: string[]) => statements.filter((s) => /^\s*(begin|start transaction)/i.test(s)).length;
/** Statements that read `table` by its id, whichever parameter carries the id. */
const readsOf = (statements: string[], table: string, idColumn: string) =>
  statements.filter(
    (s) => /^\s*select/i.test(s) && s.includes(`from "${table}"`) && new RegExp(`"${table}"\\."${idColumn}" = \\$\\d+`).test(s),
  ).length;

describe('a page is one unit of work', () => {
  it('his case page runs in one transaction and reads his record once', async () => {
    const client = t.client();
    await client.signIn(org.users.management.email, org.users.management.password);
    const url = `/participants/${fixture.participantId}`;
    expect((await client.get(url)).statusCode).toBe(200);
    let status = 0;
    const statements = await statementsDuring(async () => {
      status = (await client.get(url)).statusCode;
    });
    expect(status).toBe(200);
    expect(transactionsIn(statements)).toBe(1);
    expect(readsOf(statements, 'participants', 'id')).toBe(1);
    // The role and the actor's settings are set once, after the session is known.
    expect(statements.filter((s) => s.includes("set_config('role', 'parallel_app', true)")).length).toBeLessThanOrEqual(2);
  });

  it('her case page runs in one transaction and reads her case once', async () => {
    const client = t.client();
    await client.signIn(org.users.partner.email, org.users.partner.password);
    const url = `/partner-cases/${fixture.currentCaseId}`;
    expect((await client.get(url)).statusCode).toBe(200);
    let status = 0;
    const statements = await statementsDuring(async () => {
      status = (await client.get(url)).statusCode;
    });
    expect(status).toBe(200);
    expect(transactionsIn(statements)).toBe(1);
    expect(readsOf(statements, 'partner_cases', 'id')).toBe(1);
  });

  it("her case page's audit entries are written together in one statement before it commits", async () => {
    const client = t.client();
    await client.signIn(org.users.partner.email, org.users.partner.password);
    const url = `/partner-cases/${fixture.currentCaseId}`;
    const count = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT count(*)::text AS n FROM audit_events WHERE actor_user_id = ${org.users.partner.id}`.execute(t.database.db)
        ).rows[0]?.n,
      );
    const before = await count();
    const statements = await statementsDuring(async () => {
      expect((await client.get(url)).statusCode).toBe(200);
    });
    const written = (await count()) - before;
    // Her case, her alerts, her duties... each read is audited: several entries, one statement.
    expect(written).toBeGreaterThanOrEqual(2);
    expect(statements.filter((s) => /^\s*insert into "audit_events"/i.test(s))).toHaveLength(1);
    const actions = await sql<{ action: string }>`SELECT action FROM audit_events
      WHERE actor_user_id = ${org.users.partner.id} AND record_id = ${fixture.currentCaseId} ORDER BY id DESC LIMIT ${written}`.execute(
      t.database.db,
    );
    expect(actions.rows.map((r) => r.action)).toContain('partner_case.viewed');
  });

  it('the health check opens no transaction', async () => {
    const statements = await statementsDuring(async () => {
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    });
    expect(transactionsIn(statements)).toBe(0);
  });

  it('the wall holds inside the shared transaction: his side is told her case is not found', async () => {
    const client = t.client();
    await client.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
    const his = await client.get(`/participants/${fixture.participantId}`);
    expect(his.statusCode).toBe(200);
    const hers = await client.get(`/partner-cases/${fixture.currentCaseId}`);
    expect(hers.statusCode).toBe(404);
    for (const secret of fixture.secrets) {
      expect(hers.body).not.toContain(secret);
    }
  });
});

describe('UnitOfWork', () => {
  const actor = () => ({ userId: org.users.management.id, organisationId: org.id });
  const insert = (trx: Trx, id: string) => sql`INSERT INTO uow_probe (id) VALUES (${id})`.execute(trx);
  const probeIds = async () =>
    (await sql<{ id: string }>`SELECT id FROM uow_probe ORDER BY id`.execute(t.database.db)).rows.map((r) => r.id);

  it('a failed call of a form post is undone alone; the calls before and after it commit together', async () => {
    const unit = new UnitOfWork(t.database.db, false);
    await runInUnitOfWork(unit, async () => {
      await withActor(t.database.db, actor(), (trx) => insert(trx, 'post-1'));
      await expect(
        withActor(t.database.db, actor(), async (trx) => {
          await insert(trx, 'post-2-half-written');
          throw new Error('refused by a rule');
        }),
      ).rejects.toThrow('refused by a rule');
      // A database error too: the transaction carries on after it.
      await expect(withActor(t.database.db, actor(), (trx) => insert(trx, 'post-1'))).rejects.toThrow();
      await withActor(t.database.db, actor(), (trx) => insert(trx, 'post-3'));
    });
    await unit.finish('commit');
    const ids = await probeIds();
    expect(ids).toEqual(expect.arrayContaining(['post-1', 'post-3']));
    expect(ids).not.toContain('post-2-half-written');
  });

  it("a refused call's audit entry goes with it; the others are written at commit", async () => {
    const unit = new UnitOfWork(t.database.db, false);
    const audit = (trx: Trx, recordId: string) =>
      recordAuditEvent(trx, {
        organisationId: org.id,
        actorUserId: org.users.management.id,
        action: 'participant.viewed',
        recordType: 'participant',
        recordId,
      });
    const kept = randomUUID();
    const refused = randomUUID();
    await runInUnitOfWork(unit, async () => {
      await withActor(t.database.db, actor(), (trx) => audit(trx, kept));
      await expect(
        withActor(t.database.db, actor(), async (trx) => {
          await audit(trx, refused);
          throw new Error('refused by a rule');
        }),
      ).rejects.toThrow('refused by a rule');
    });
    await unit.finish('commit');
    const ids = await sql<{
      record_id: string;
    }>`SELECT record_id FROM audit_events WHERE record_id IN (${kept}, ${refused})`.execute(t.database.db);
    expect(ids.rows.map((r) => r.record_id)).toEqual([kept]);
  });

  it('rolling back a unit (a server error) leaves none of its calls', async () => {
    const unit = new UnitOfWork(t.database.db, false);
    await runInUnitOfWork(unit, () => withActor(t.database.db, actor(), (trx) => insert(trx, 'rolled-back')));
    await unit.finish('rollback');
    expect(await probeIds()).not.toContain('rolled-back');
  });

  it('calls made at the same time run one after another, and a call inside a call joins it', async () => {
    const unit = new UnitOfWork(t.database.db, false);
    const order: string[] = [];
    await runInUnitOfWork(unit, () =>
      Promise.all(
        ['a', 'b', 'c'].map((name) =>
          withActor(t.database.db, actor(), async (trx) => {
            order.push(`${name} start`);
            await insert(trx, `concurrent-${name}`);
            await withActor(t.database.db, actor(), (inner) => insert(inner, `concurrent-${name}-inner`));
            order.push(`${name} end`);
          }),
        ),
      ),
    );
    await unit.finish('commit');
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(await probeIds()).toEqual(expect.arrayContaining(['concurrent-a', 'concurrent-b-inner', 'concurrent-c']));
  });

  it('each call sees its own actor: row-level security follows the caller within one transaction', async () => {
    const unit = new UnitOfWork(t.database.db, true);
    const seen = await runInUnitOfWork(unit, async () => {
      const asNobody = await withActor(
        t.database.db,
        null,
        async (trx) => (await sql<{ n: string }>`SELECT count(*)::text AS n FROM partner_cases`.execute(trx)).rows[0]?.n,
      );
      const asHisSide = await withActor(
        t.database.db,
        { userId: org.users.perpetrator.id, organisationId: org.id },
        async (trx) => (await sql<{ n: string }>`SELECT count(*)::text AS n FROM partner_cases`.execute(trx)).rows[0]?.n,
      );
      const asManager = await withActor(
        t.database.db,
        actor(),
        async (trx) => (await sql<{ n: string }>`SELECT count(*)::text AS n FROM partner_cases`.execute(trx)).rows[0]?.n,
      );
      return { asNobody, asHisSide, asManager };
    });
    await unit.finish('commit');
    expect(seen.asNobody).toBe('0');
    expect(seen.asHisSide).toBe('0');
    expect(Number(seen.asManager)).toBeGreaterThanOrEqual(2);
  });

  it('after the unit is finished, a late call runs in a transaction of its own and is kept', async () => {
    const unit = new UnitOfWork(t.database.db, false);
    await unit.finish('commit');
    await runInUnitOfWork(unit, () => withActor(t.database.db, actor(), (trx) => insert(trx, 'late-call')));
    expect(await probeIds()).toContain('late-call');
  });
});
