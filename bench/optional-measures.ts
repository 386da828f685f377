import type { Db } from '../src/db/database.js';
import type { BenchDataset } from './generate.js';

/* Measures `npm run bench` adds when their modules are there: the list queries' plans, and start time and memory. */

export type ExplainResult = { list: string; plan: string; sequentialScans: string[] };

/** bench/explain-lists.ts (written alongside): the list queries' plans, or null while it is missing. */
export async function explainLists(db: Db, dataset: BenchDataset): Promise<ExplainResult[] | null> {
  const modulePath = './explain-lists.js';
  let module: unknown;
  try {
    module = await import(modulePath);
  } catch {
    return null;
  }
  const explain = (module as { explainListQueries?: unknown }).explainListQueries;
  if (typeof explain !== 'function') {
    return null;
  }
  const manager = dataset.organisation.users.management;
  const actor = {
    userId: manager.id,
    organisationId: dataset.organisation.id,
    displayName: 'Bench manager',
    sides: new Set(['management']),
  };
  return (await (explain as (db: Db, actor: unknown) => Promise<ExplainResult[]>)(db, actor)) ?? null;
}

export type StartResult = { startMs: number; idleRssMb: number; afterViewsRssMb: number };

/** bench/start.ts (written alongside): start time and memory of `npm start` on PGlite, or null while it is missing. */
export async function measureStartIfAvailable(): Promise<StartResult | null> {
  const modulePath = './start.js';
  let module: unknown;
  try {
    module = await import(modulePath);
  } catch {
    return null;
  }
  const measure = (module as { measureStart?: unknown }).measureStart;
  if (typeof measure !== 'function') {
    return null;
  }
  return (measure as (options: { dataDir: string; pageViews: number }) => Promise<StartResult>)({
    dataDir: process.env.BENCH_DATA_DIR ?? '/tmp/start-demo',
    pageViews: 1000,
  });
}
