import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/fixtures/database.js';

// PostgreSQL only (*.pg.test.ts): run by `npm run test:pg`, left out of the PGlite suite.
describe('the PostgreSQL connection pool', () => {
  // Without an 'error' listener on the pool, an idle connection ended by the server is an
  // uncaught exception: the server process would die, and vitest fails the run.
  it('survives the server ending its idle connections, and the next query still works', async () => {
    const handle = await createTestDatabase();
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.02)`.execute(handle.db)));
      const { rows: named } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
      const { rows } = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1',
        [named[0]?.name],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.ended)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await sql<{ answer: number }>`select 42 as answer`.execute(handle.db);
      expect(after.rows).toEqual([{ answer: 42 }]);
    } finally {
      await admin.end();
      await handle.close();
    }
  });
});
