import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import { createTestDatabase } from '../../test/fixtures/database.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { statementsDuring } from '../../test/fixtures/statements.js';
import { withActor, type DatabaseHandle } from './database.js';
import { insertAuditRows, type NewAuditRow } from '../audit/repository.js';
import { insertAtCommit } from './actor-settings.js';
import { openingReadName, preparedStatementPool, statementName, withValuesWritten, writingAtCommit } from './prepared-pool.js';
import { compiledQuery, type Placeholders } from './compiled-query.js';
import { UnitOfWork } from './unit-of-work.js';
import type { Database } from './schema.js';

/*
 * PostgreSQL only. The application's statements run as named prepared statements, planned once
 * per connection: row-level security must still answer for whoever runs the cached plan, and a
 * connection that has prepared its share is replaced.
 */

let database: DatabaseHandle;
let org: TestOrganisation;
let herCaseId: string;
/** One connection, so that every call below reuses the same prepared statements and plans. */
let single: Kysely<Database>;
/** One connection that keeps its prepared statements (no limit reached here). */
let roomy: Kysely<Database>;

beforeAll(async () => {
  database = await createTestDatabase();
  org = await createTestOrganisation(database.db, 'Prepared');
  herCaseId = (await createCaseWithPartners(database.db, org)).currentCaseId;
  const name = (await sql<{ name: string }>`select current_database() as name`.execute(database.db)).rows[0]?.name ?? '';
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = `/${name}`;
  single = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: preparedStatementPool(new pg.Pool({ connectionString: url.href, max: 1 }), 3) }),
  });
  roomy = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: preparedStatementPool(new pg.Pool({ connectionString: url.href, max: 1 })) }),
  });
});
afterAll(async () => {
  await single?.destroy();
  await roomy?.destroy();
  await database?.close();
});

const readHerCase = (db: Kysely<Database>, side: 'partner' | 'perpetrator') =>
  withActor(db, actorOf(org, side), (trx) =>
    trx.selectFrom('partner_cases').select(['id', 'reference']).where('id', '=', herCaseId).execute(),
  );

describe('prepared statements', () => {
  it('prepares each statement by a name made from its text, on the connection that ran it', async () => {
    const text = single.selectFrom('organisations').select('name').where('id', '=', org.id).compile().sql;
    const prepared = await single.connection().execute(async (connection) => {
      await connection.selectFrom('organisations').select('name').where('id', '=', org.id).execute();
      return sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(connection);
    });
    expect(prepared.rows).toContainEqual({ name: statementName(text), statement: text });
  });

  it('keeps the wall: a plan cached for her worker returns nothing to his side on the same connection', async () => {
    // More than five runs, so PostgreSQL settles on its generic plan for the statement.
    for (let run = 0; run < 8; run += 1) {
      expect(await readHerCase(single, 'partner')).toHaveLength(1);
    }
    expect(await readHerCase(single, 'perpetrator')).toEqual([]);
    expect(await readHerCase(single, 'partner')).toHaveLength(1);
  });

  it('replaces a connection once it has prepared its share of statements', async () => {
    const backend = () => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(single);
    const first = (await backend()).rows[0]?.pid;
    for (let n = 0; n < 3; n += 1) {
      await sql`select ${n}::int + ${sql.lit(n)} as value`.execute(single);
    }
    const after = (await backend()).rows[0]?.pid;
    expect(first).toBeDefined();
    expect(after).not.toBe(first);
  });

  it("sends a transaction's begin with its settings preamble, in one round trip, and it is still one transaction", async () => {
    const actor = actorOf(org, 'partner');
    let inside: string | undefined;
    const statements = await statementsDuring(() =>
      withActor(single, actor, async (trx) => {
        inside = (await sql<{ user: string }>`select current_setting('app.user_id', true) as user`.execute(trx)).rows[0]?.user;
      }),
    );
    expect(statements[0]).toMatch(/^begin; SELECT set_config\('role', 'parallel_app', true\)/);
    expect(statements.filter((text) => /^\s*begin\s*$/i.test(text))).toEqual([]);
    expect(inside).toBe(actor.userId);
    // The settings were local to that transaction: it was one, and it has ended.
    const after = await sql<{ user: string | null }>`select current_setting('app.user_id', true) as user`.execute(single);
    expect(after.rows[0]?.user ?? '').toBe('');
  });

  it('sends a held begin first when the next statement is anything else, and keeps its rollback', async () => {
    const statements = await statementsDuring(() =>
      single
        .transaction()
        .execute(async (trx) => {
          await sql`select set_config('app.user_id', ${org.users.partner.id}, true)`.execute(trx);
          throw new Error('undo');
        })
        .catch(() => undefined),
    );
    expect(statements.slice(0, 2).map((text) => text.trim().split(/\s+/)[0]?.toLowerCase())).toEqual(['begin', 'select']);
    expect(statements.at(-1)?.trim().toLowerCase()).toBe('rollback');
    const after = await sql<{ user: string | null }>`select current_setting('app.user_id', true) as user`.execute(single);
    expect(after.rows[0]?.user ?? '').toBe('');
  });

  /** A read that opens a transaction (as the session lookup does), with a literal of its own holding "$1". */
  const openingRead = compiledQuery(
    (db, p: Placeholders<{ id: string }>) =>
      db
        .selectFrom('partner_cases')
        .select(['id', sql<string>`'it''s $1 still'`.as('literal'), sql<string>`current_setting('app.user_id', true)`.as('user')])
        .where('id', '=', p.id),
    { opensTransaction: true },
  );

  it("sends a transaction's opening read with its begin and settings, in one round trip, prepared once and then executed with its values written in", async () => {
    const partner = actorOf(org, 'partner');
    const run = async () => {
      let rows: unknown[] = [];
      const statements = await statementsDuring(() =>
        withActor(roomy, partner, async (trx) => {
          rows = await openingRead.all(trx, { id: herCaseId });
        }),
      );
      expect(statements).toHaveLength(2);
      expect(statements[1]?.trim().toLowerCase()).toBe('commit');
      expect(rows).toEqual([{ id: herCaseId, literal: "it's $1 still", user: partner.userId }]);
      return statements[0] ?? '';
    };
    // The first on this connection: the read is prepared (with its own "$1" literal and its parameter kept), then executed.
    const first = await run();
    expect(first).toMatch(/^begin; SELECT set_config\('role', 'parallel_app', true\)[^;]*; prepare o_[0-9a-f]{40} as select /s);
    expect(first).toContain(`'it''s $1 still'`);
    const name = /prepare (o_[0-9a-f]{40}) as /.exec(first)?.[1] ?? 'none';
    expect(first).toMatch(new RegExp(`= \\$1; execute ${name}\\('[0-9a-f-]{36}'\\)$`));
    expect(name).toBe(openingReadName(first.slice(first.indexOf(' as ') + 4, first.indexOf('; execute '))));
    // The same connection again: executed from the statement it prepared, nothing prepared twice.
    const second = await run();
    expect(second).toMatch(
      new RegExp(`^begin; SELECT set_config\\('role', 'parallel_app', true\\)[^;]*; execute ${name}\\('[0-9a-f-]{36}'\\)$`, 's'),
    );
    // Row-level security answers the read sent that way exactly as it answers a prepared one.
    expect(await withActor(roomy, actorOf(org, 'perpetrator'), (trx) => openingRead.all(trx, { id: herCaseId }))).toEqual([]);
  });

  it('does not reuse a connection whose opening read failed, so the next prepares it afresh', async () => {
    const backend = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(roomy)).rows[0]?.pid;
    await withActor(roomy, actorOf(org, 'partner'), (trx) => openingRead.all(trx, { id: herCaseId }));
    const before = await backend();
    await expect(withActor(roomy, actorOf(org, 'partner'), (trx) => openingRead.all(trx, { id: 'not a uuid' }))).rejects.toThrow(
      /uuid/,
    );
    expect(await backend()).not.toBe(before);
    const rows = await withActor(roomy, actorOf(org, 'partner'), (trx) => openingRead.all(trx, { id: herCaseId }));
    expect(rows).toHaveLength(1);
  });

  it('sends a held begin and settings on their own before any other read, and nothing for a transaction that read nothing', async () => {
    const statements = await statementsDuring(async () => {
      await withActor(single, actorOf(org, 'partner'), async () => undefined);
      await readHerCase(single, 'partner');
    });
    expect(statements[0]).toMatch(/^begin; SELECT set_config\('role', 'parallel_app', true\)[^;]*$/s);
    expect(statements[1]).toMatch(/^select "id", "reference" from "partner_cases"/);
    expect(statements).toHaveLength(3);
  });

  it("writes values in only outside the text's own quoted literals", () => {
    expect(withValuesWritten(`select '$1', $1, 'a''$2', $2`, ["O'Brien", null])).toBe(`select '$1', 'O''Brien', 'a''$2', NULL`);
  });

  const auditRow = (action: string, details: string, recordId: string | null = null) => ({
    organisation_id: org.id,
    occurred_at: new Date('2026-12-07T15:04:05.678Z'),
    actor_user_id: org.users.partner.id,
    action,
    record_type: 'partner_case',
    record_id: recordId,
    ip: null,
    details,
  });
  const entries = (action: string) =>
    database.db
      .selectFrom('audit_events')
      .select(['occurred_at', 'actor_user_id', 'record_id', 'ip', 'details'])
      .where('action', '=', action)
      .execute();

  const contextOf = (side: 'partner') => ({ ...actorOf(org, side), publicReferralOrganisationId: '' });
  /** A request's unit of work on the one connection: rows appended by its call, written as it commits. */
  const finishWith = async (rows: NewAuditRow[]) => {
    const unit = new UnitOfWork(single, true);
    await unit.run(contextOf('partner'), async (trx) => {
      for (const row of rows) {
        await insertAtCommit(trx, 'audit_events', row, insertAuditRows);
      }
    });
    return unit.finish('commit');
  };

  it("sends a request's audit entries with its commit, in one round trip, written as the parameters would have been", async () => {
    const awkward = JSON.stringify({ note: 'O\'Brien said \\ "no" — شكرا', n: 1, $1: '$2' });
    const statements = await statementsDuring(() =>
      finishWith([auditRow('pool.with_commit', awkward, "it's $1"), auditRow('pool.with_commit', '{}')]),
    );
    expect(statements.at(-1)).toMatch(/^insert into "audit_events" .*; commit$/s);
    expect(statements.filter((text) => /^\s*commit\s*$/i.test(text))).toEqual([]);
    const rows = await entries('pool.with_commit');
    expect(rows).toHaveLength(2);
    expect(rows).toContainEqual({
      occurred_at: new Date('2026-12-07T15:04:05.678Z'),
      actor_user_id: org.users.partner.id,
      record_id: "it's $1",
      ip: null,
      details: JSON.parse(awkward),
    });
  });

  it('keeps nothing of the request when its audit entries fail with its commit', async () => {
    await expect(finishWith([auditRow('pool.failure', '{}'), auditRow('pool.failure', 'not json')])).rejects.toThrow(/json/i);
    expect(await entries('pool.failure')).toEqual([]);
    // The connection is clean for the next request.
    await finishWith([auditRow('pool.after_failure', '{}')]);
    expect(await entries('pool.after_failure')).toHaveLength(1);
  });

  it('sends an insert held for the commit first, on its own, when anything else follows it', async () => {
    const seen = await withActor(single, actorOf(org, 'partner'), async (trx) => {
      await writingAtCommit.run(true, () => insertAuditRows(trx, [auditRow('pool.then_read', '{}')]));
      return trx.selectFrom('audit_events').select('action').where('action', '=', 'pool.then_read').execute();
    });
    expect(seen).toEqual([{ action: 'pool.then_read' }]);
    expect(await entries('pool.then_read')).toHaveLength(1);
  });

  it('holds nothing back outside a request finishing: an entry written in a transaction is sent at once', async () => {
    const statements = await statementsDuring(() =>
      withActor(single, actorOf(org, 'partner'), (trx) => insertAuditRows(trx, [auditRow('pool.at_once', '{}')])),
    );
    expect(statements.filter((text) => /^insert into "audit_events"/.test(text)).every((text) => !/commit/i.test(text))).toBe(
      true,
    );
    expect(statements.at(-1)?.trim().toLowerCase()).toBe('commit');
  });
});
