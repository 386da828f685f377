import { performance } from 'node:perf_hooks';
import { migrateToLatest } from '../src/db/migrate.js';
import { openBenchDatabase } from './bench-database.js';
import { findBenchData, generateBenchData } from './generate.js';

/*
 * `npm run bench:generate`: writes parallel_bench_<BENCH_CASES> on the PostgreSQL server named by
 * BENCH_DATABASE_URL and keeps it, so that `BENCH_REUSE=1 npm run bench` can time it again and again
 * (a million participants take minutes to generate). Does nothing when it is already complete.
 */
const SIZE = Number(process.env.BENCH_CASES ?? 1_000_000);

async function main(): Promise<void> {
  if (!process.env.BENCH_DATABASE_URL) {
    throw new Error('Set BENCH_DATABASE_URL to the PostgreSQL server to generate on');
  }
  const database = await openBenchDatabase({ serverUrl: process.env.BENCH_DATABASE_URL, size: SIZE, reuse: true, keep: true });
  try {
    await migrateToLatest(database.handle.db);
    const existing = database.existed ? await findBenchData(database.handle.db, SIZE) : null;
    if (existing) {
      process.stdout.write(`${database.name} is already complete: ${existing.counts.events.toLocaleString('en-GB')} events\n`);
      return;
    }
    const started = performance.now();
    const dataset = await generateBenchData(database.handle.db, SIZE, {
      progress: (line) => process.stdout.write(`${line}\n`),
      analyse: 'vacuum',
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `Generated ${dataset.counts.participants.toLocaleString('en-GB')} participants, ${dataset.counts.partnerCases.toLocaleString('en-GB')} partner cases and ${dataset.counts.events.toLocaleString('en-GB')} events in ${database.name} in ${(seconds / 60).toFixed(1)} minutes\n`,
    );
  } finally {
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Generation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
