import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { openPglite } from '../src/db/database.js';

/*
 * What the embedded database's promise costs: single-row commits on a data folder on disk, as
 * Parallel opens it (each commit returns once its write-ahead log is fsynced), against PGlite's own
 * defaults on the same disk (fsync off: a commit returns once the operating system has the bytes).
 * Every page view commits (its audit entries), so the difference is what each one pays.
 */

export type CommitCost = { commits: number; durableMs: number; unsyncedMs: number };

export async function measureCommitCost(commits = 300): Promise<CommitCost> {
  const root = fs.mkdtempSync(path.join(process.env.BENCH_DURABILITY_DIR ?? os.tmpdir(), 'parallel-bench-commits-'));
  try {
    const durable = await openPglite(path.join(root, 'durable'));
    const durableMs = await timeCommits(commits, async (statement) => {
      await sql.raw(statement).execute(durable.db);
    }).finally(() => durable.close());
    const plain = new PGlite(path.join(root, 'plain'));
    const unsyncedMs = await timeCommits(commits, async (statement) => {
      await plain.query(statement);
    }).finally(() => plain.close());
    return { commits, durableMs, unsyncedMs };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function timeCommits(commits: number, run: (statement: string) => Promise<void>): Promise<number> {
  await run('CREATE TABLE commit_cost (id integer PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())');
  // A few first, so both are timed warm.
  for (let i = 0; i < 10; i += 1) {
    await run(`INSERT INTO commit_cost (id) VALUES (${-1 - i})`);
  }
  const started = performance.now();
  for (let i = 0; i < commits; i += 1) {
    await run(`INSERT INTO commit_cost (id) VALUES (${i})`);
  }
  return (performance.now() - started) / commits;
}
