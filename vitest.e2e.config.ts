import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: browser journeys. Each journey file starts the real app on its own embedded
 * database and drives Debian's Chromium; files run one after another (two cores, one browser at a time).
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TEST_DATABASE_URL: '' },
  },
});
