import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from './latency.js';

/* The figures `npm run bench` keeps in bench/results, and issue 11's acceptance targets checked against them. */

export type Missed = string[];

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const write = (line = '') => process.stdout.write(`${line}\n`);

export function recordedFigures(kind: string, size: number): Record<string, number> | null {
  const file = path.join(RESULTS, `${kind}-${size}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : null;
}

export function record(kind: string, size: number, rows: Row[]): void {
  fs.mkdirSync(RESULTS, { recursive: true });
  const figures = Object.fromEntries(rows.map((r) => [r.name, Math.round(r.parallel.p95 * 10) / 10]));
  fs.writeFileSync(path.join(RESULTS, `${kind}-${size}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

/** Issue 11's acceptance targets, each checked only at the size and on the database it is set for. */
export function checkTargets(kind: string, size: number, rows: Row[], missed: Missed): void {
  const onPostgres = kind === 'postgres';
  for (const row of rows) {
    const ratio = row.parallel.p95 / Math.max(row.floor.p95, 0.001);
    if (row.kind === 'case' && onPostgres && size === 100_000 && ratio > 2) {
      missed.push(`${row.name}: p95 ${ratio.toFixed(2)}x the floor at 100,000 (target at most 2x)`);
    }
    if (row.kind === 'list' && onPostgres && size === 100_000 && row.parallel.p95 >= 50) {
      missed.push(`${row.name}: p95 ${row.parallel.p95.toFixed(1)} ms at 100,000 (target under 50 ms)`);
    }
  }
  if (onPostgres && size === 1_000_000) {
    const at10k = recordedFigures(kind, 10_000);
    const at100k = recordedFigures(kind, 100_000);
    for (const row of rows) {
      const base = row.kind === 'case' ? at10k : row.kind === 'list' ? at100k : null;
      const limit = row.kind === 'case' ? 1.2 : 1.5;
      if (row.kind === 'other') {
        continue;
      }
      const before = base?.[row.name];
      if (before === undefined) {
        write(`Not checked: ${row.name} against its ${row.kind === 'case' ? '10,000' : '100,000'} figure (run that size first)`);
      } else if (row.parallel.p95 > before * limit) {
        missed.push(
          `${row.name}: p95 ${row.parallel.p95.toFixed(1)} ms at 1,000,000 against ${before} ms (target within ${limit}x)`,
        );
      }
    }
  }
}
