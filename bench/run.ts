import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { testConfig } from '../src/config.js';
import { openPglite, openPostgres } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createApp } from '../src/web/app.js';
import { TestClient } from '../test/fixtures/http.js';
import { createTestOrganisation } from '../test/fixtures/organisation.js';
import { generateCaseload } from './synthetic.js';

/*
 * `npm run bench`: the pages staff open all day, timed over a synthetic caseload.
 * BENCH_CASES (default 2000 participants, each with one or two partners), BENCH_ROUNDS (default 50),
 * BENCH_DATABASE_URL to run against PostgreSQL instead of in-memory PGlite.
 * Targets (p95, this 2-core machine, PGlite): lists under 150 ms, case pages under 100 ms.
 */
const CASES = Number(process.env.BENCH_CASES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const TARGETS: Record<string, number> = {
  'participant list': 150,
  'partner case list': 150,
  'participant case page': 100,
  'partner case page': 100,
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<number> {
  const database = process.env.BENCH_DATABASE_URL
    ? await openPostgres(process.env.BENCH_DATABASE_URL)
    : await openPglite(undefined);
  await migrateToLatest(database.db);
  const org = await createTestOrganisation(database.db, 'Benchmark');
  const started = performance.now();
  const { participantIds, partnerCaseIds } = await generateCaseload(database.db, org, CASES);
  // What the server's maintenance does on PGlite (which has no autovacuum): fresh planner statistics.
  await sql`ANALYZE`.execute(database.db);
  process.stdout.write(
    `Generated ${participantIds.length} participants and ${partnerCaseIds.length} partner cases in ${Math.round(performance.now() - started)} ms\n`,
  );

  const app = await createApp({ config: testConfig(), db: database.db });
  await app.ready();
  const client = new TestClient(app);
  await client.signIn(org.users.management.email, org.users.management.password);

  const scenarios: Array<[string, (i: number) => string]> = [
    ['participant list', (i) => `/participants?page=${(i % 20) + 1}`],
    ['partner case list', (i) => `/partner-cases?page=${(i % 20) + 1}`],
    ['participant case page', (i) => `/participants/${participantIds[(i * 37) % participantIds.length]}`],
    ['partner case page', (i) => `/partner-cases/${partnerCaseIds[(i * 41) % partnerCaseIds.length]}`],
  ];
  let missed = 0;
  process.stdout.write(`\n${'scenario'.padEnd(24)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'target'.padStart(8)}\n`);
  for (const [name, url] of scenarios) {
    await client.get(url(0));
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const t0 = performance.now();
      const response = await client.get(url(i));
      times.push(performance.now() - t0);
      if (response.statusCode !== 200) {
        throw new Error(`${name}: status ${response.statusCode}`);
      }
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    const target = TARGETS[name] ?? Infinity;
    missed += p95 > target ? 1 : 0;
    process.stdout.write(
      `${name.padEnd(24)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${String(target).padStart(8)}${p95 > target ? '  MISSED' : ''}\n`,
    );
  }
  process.stdout.write(`\nResident memory: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB\n`);
  await app.close();
  await database.close();
  return missed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
