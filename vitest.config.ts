import { defineConfig } from 'vitest/config';

/**
 * `npm test`: every unit and HTTP test, each test file on its own in-memory PGlite database, loaded
 * from one migrated template that the global setup dumps once per run.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', '**/*.pg.test.ts'],
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TEST_DATABASE_URL: '' },
  },
});
