// The tables `npm run bench` prints: latency against the floor, throughput, list query plans, the commit cost on disk, start and memory, and the targets missed.
import type { CommitCost } from './durability.js';
import type { Row } from './latency.js';
import type { ExplainResult, StartResult } from './optional-measures.js';
import type { Missed } from './results.js';

type Throughput = { perSecond: number; failed: number; cpuPerRequest: { processMs: number; postgresMs: number | null } };

/** What one run measured, at what size and load, for the report. */
export type BenchReport = {
  kind: 'pglite' | 'postgres';
  size: number;
  rounds: number;
  connections: number;
  seconds: number;
  rows: Row[];
  throughput: { parallelCases: Throughput; floorCases: Throughput; parallelHealth: Throughput; floorHealth: Throughput };
  explain: ExplainResult[] | null;
  start: StartResult | null;
  commitCost: CommitCost | null;
};

export const write = (line = '') => process.stdout.write(`${line}\n`);

const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, width = 9) => (Number.isNaN(value) ? '-' : value.toFixed(1)).padStart(width);

/** Writes the report, adding to `missed` the targets it finds missed (list plans, start and memory). */
export function writeReport(report: BenchReport, missed: Missed): void {
  const {
    kind,
    size: SIZE,
    rounds: ROUNDS,
    connections: CONNECTIONS,
    seconds: SECONDS,
    rows,
    throughput,
    explain,
    start,
    commitCost,
  } = report;
  write();
  write(
    `Parallel against the floor: ${kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${SIZE.toLocaleString('en-GB')} participants, ${ROUNDS} rounds (ms)`,
  );
  write(
    `${pad('scenario', 28)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'floor p50'.padStart(9)} ${'floor p95'.padStart(9)} ${'p95 ratio'.padStart(9)} ${'rounds'.padStart(6)}`,
  );
  for (const row of rows) {
    write(
      `${pad(row.name, 28)} ${num(row.parallel.p50)} ${num(row.parallel.p95)} ${num(row.floor.p50)} ${num(row.floor.p95)} ${Number.isNaN(row.floor.p95) ? '        -' : `${(row.parallel.p95 / Math.max(row.floor.p95, 0.001)).toFixed(2).padStart(8)}x`} ${String(row.rounds).padStart(6)}`,
    );
  }
  write();
  write(`Throughput at ${CONNECTIONS} connections, ${SECONDS} s each (responses 200 per second; failures in brackets)`);
  const line = (name: string, a: { perSecond: number; failed: number }, b: { perSecond: number; failed: number }) =>
    write(
      `${pad(name, 28)} ${num(a.perSecond)} (${a.failed}) ${num(b.perSecond)} (${b.failed}) ${(a.perSecond / Math.max(b.perSecond, 0.001)).toFixed(2).padStart(8)}x`,
    );
  write(`${pad('', 28)} ${'Parallel'.padStart(9)}     ${'floor'.padStart(9)}     ${'ratio'.padStart(8)}`);
  line('case pages (signed in)', throughput.parallelCases, throughput.floorCases);
  line('/health', throughput.parallelHealth, throughput.floorHealth);
  const cpu = (side: Throughput) =>
    `${side.cpuPerRequest.processMs.toFixed(2)} ms here${side.cpuPerRequest.postgresMs === null ? '' : ` + ${side.cpuPerRequest.postgresMs.toFixed(2)} ms PostgreSQL`}`;
  write(
    `CPU per case page (this process holds both servers and the load; ${kind === 'pglite' ? 'and the database' : 'PostgreSQL when it is on this machine'}): Parallel ${cpu(throughput.parallelCases)}, floor ${cpu(throughput.floorCases)}`,
  );
  write();
  if (explain) {
    write('List query plans');
    for (const result of explain) {
      const scans = result.sequentialScans.length
        ? `sequential scan of ${result.sequentialScans.join(', ')}`
        : 'no sequential scan';
      write(`  ${pad(result.list, 26)} ${scans}`);
      // On small tables a sequential scan is the planner's right choice; the target is set for the
      // caseloads at 100,000 and up (the bench writes no referrals, so their table is empty).
      const caseload = /^(participants|partner-cases)\b/.test(result.list);
      if (result.sequentialScans.length && caseload && kind === 'postgres' && SIZE >= 100_000) {
        missed.push(`${result.list}: ${scans}`);
        write(result.plan.replace(/^/gm, '      '));
      }
    }
  } else {
    write('List query plans: not measured (bench/explain-lists.ts with explainListQueries is not there yet)');
  }
  if (commitCost) {
    write(
      `Embedded commits on disk (${commitCost.commits} single-row commits): ${commitCost.durableMs.toFixed(2)} ms each synced to disk as Parallel opens it, ${commitCost.unsyncedMs.toFixed(2)} ms with PGlite's defaults (fsync off): ${(commitCost.durableMs - commitCost.unsyncedMs).toFixed(2)} ms more per commit, which each page view pays once`,
    );
  }
  if (process.env.BENCH_START === '1') {
    if (kind !== 'pglite') {
      write('Start and memory: measured on PGlite only (run without BENCH_DATABASE_URL)');
    } else if (!start) {
      write('Start and memory: not measured (bench/start.ts with measureStart is not there yet)');
    } else {
      write(
        `Start ${start.startMs.toFixed(0)} ms; memory ${start.idleRssMb.toFixed(0)} MB idle, ${start.afterViewsRssMb.toFixed(0)} MB after 1,000 page views`,
      );
      if (start.startMs >= 3000) {
        missed.push('embedded start: 3 s or more');
      }
      if (start.idleRssMb >= 350 || start.afterViewsRssMb >= 450) {
        missed.push('memory: 350 MB idle or 450 MB after 1,000 page views reached');
      }
    }
  }
  write();
  if (missed.length) {
    write('Targets missed:');
    for (const miss of missed) {
      write(`  ${miss}`);
    }
  } else {
    write('Every target that applies at this size was met.');
  }
}
