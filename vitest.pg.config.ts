import { defineConfig } from 'vitest/config';

/**
 * `npm run test:pg`: the same database-backed tests against PostgreSQL. Each test file creates
 * (and drops) its own database on the server named by TEST_DATABASE_URL, copied from one template
 * database that the global setup migrates once per run (and drops at the end).
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
