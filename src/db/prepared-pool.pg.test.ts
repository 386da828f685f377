import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import { createTestDatabase } from '../../test/fixtures/database.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { statementsDuring } from '../../test/fixtures/statements.js';
import { withActor, type DatabaseHandle } from './database.js';
import { preparedStatementPool, statementName } from './prepared-pool.js';
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
});
afterAll(async () => {
  await single?.destroy();
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
});
