import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { TestClient } from '../test/fixtures/http.js';

/* The timing of each scenario, Parallel and the floor interleaved, as `npm run bench` (bench/run.ts) reports it. */

export type Scenario = {
  name: string;
  kind: 'case' | 'list' | 'other';
  parallel: (i: number) => string;
  /** The floor's address for the same rows; none for a search, timed against its target alone. */
  floor?: (i: number) => string;
  as: 'management' | 'dpo';
};
export type Timing = { p50: number; p95: number };
export type Row = { name: string; kind: Scenario['kind']; rounds: number; parallel: Timing; floor: Timing; error?: string };

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function time(run: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/** The address of the page `steps` "next" links on from `first`, or null when the list is shorter. */
export async function followNext(get: (url: string) => Promise<string>, first: string, steps: number): Promise<string | null> {
  let url = first;
  for (let step = 0; step < steps; step += 1) {
    const match = /govuk-pagination__next[\s\S]*?href="([^"]+)"/.exec(await get(url));
    if (!match?.[1]) {
      return null;
    }
    url = match[1].replace(/&amp;/g, '&');
  }
  return url;
}

export async function injectGet(app: FastifyInstance, url: string): Promise<{ status: number; body: string }> {
  const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  return { status: response.statusCode, body: response.body };
}

export async function latency(
  scenarios: Scenario[],
  clients: Record<Scenario['as'], TestClient>,
  floor: FastifyInstance,
  budget: { rounds: number; seconds: number; minRounds: number },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const client = clients[scenario.as];
    const parallelTimes: number[] = [];
    const floorTimes: number[] = [];
    const parallelGet = async (i: number) => {
      const response = await client.get(scenario.parallel(i));
      if (response.statusCode !== 200) {
        const message = /govuk-error-summary[\s\S]{0,600}/.exec(response.body)?.[0] ?? response.body.slice(0, 300);
        throw new Error(`${scenario.name}: Parallel answered ${response.statusCode} for ${scenario.parallel(i)}: ${message}`);
      }
    };
    const floorOf = scenario.floor;
    const floorGet = async (i: number) => {
      if (!floorOf) {
        return;
      }
      const response = await injectGet(floor, floorOf(i));
      if (response.status !== 200) {
        throw new Error(`${scenario.name}: the floor answered ${response.status}: ${response.body.slice(0, 300)}`);
      }
    };
    try {
      // One round to warm up; a page slower than the whole budget is shown by that one round alone.
      const warmParallel = await time(() => parallelGet(0));
      const warmFloor = await time(() => floorGet(0));
      if (warmParallel > budget.seconds * 1000) {
        parallelTimes.push(warmParallel);
        floorTimes.push(warmFloor);
      } else {
        // Interleaved, so that whatever else the machine is doing weighs on both alike.
        const deadline = performance.now() + budget.seconds * 1000;
        for (let i = 1; i <= budget.rounds && (i <= budget.minRounds || performance.now() < deadline); i += 1) {
          parallelTimes.push(await time(() => parallelGet(i)));
          if (floorOf) {
            floorTimes.push(await time(() => floorGet(i)));
          }
        }
      }
    } catch (error) {
      // One page failing is reported (and fails the run) without hiding the others' figures.
      const none = { p50: Number.NaN, p95: Number.NaN };
      rows.push({ name: scenario.name, kind: scenario.kind, rounds: 0, parallel: none, floor: none, error: String(error) });
      continue;
    }
    const summary = (times: number[]): Timing => {
      if (times.length === 0) {
        return { p50: Number.NaN, p95: Number.NaN };
      }
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p95: percentile(times, 95) };
    };
    rows.push({
      name: scenario.name,
      kind: scenario.kind,
      rounds: parallelTimes.length,
      parallel: summary(parallelTimes),
      floor: summary(floorTimes),
    });
  }
  return rows;
}
