import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { cpuMeter } from './cpu.js';

/** A server under load: where it listens, the path of the i-th request, and the headers to send. */
export type LoadTarget = {
  origin: string;
  path: (i: number) => string;
  headers?: Record<string, string>;
};

export type Throughput = {
  perSecond: number;
  ok: number;
  failed: number;
  /** CPU milliseconds per answered request: this process, and PostgreSQL's processes when on this machine. */
  cpuPerRequest: { processMs: number; postgresMs: number | null };
};

type Totals = { ok: number; failed: number; elapsed: number; processMs: number; postgresMs: number | null };

/** Keeps `connections` keep-alive requests in flight to one target for as long as asked. */
function loader(target: LoadTarget, connections: number, postgres: boolean) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  const get = (path: string) =>
    new Promise<number>((resolve) => {
      const request = http.get(`${target.origin}${path}`, { agent, headers: target.headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      });
      request.on('error', () => resolve(0));
    });
  return {
    /** Runs for `seconds`; counts answered requests (200) and the others. */
    async run(seconds: number): Promise<Totals> {
      const spent = cpuMeter(postgres);
      let ok = 0;
      let failed = 0;
      const started = performance.now();
      const deadline = started + seconds * 1000;
      const worker = async () => {
        while (performance.now() < deadline) {
          const status = await get(target.path(next++));
          if (status === 200) {
            ok += 1;
          } else {
            failed += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: connections }, worker));
      const cpu = spent();
      return { ok, failed, elapsed: (performance.now() - started) / 1000, processMs: cpu.processMs, postgresMs: cpu.postgresMs };
    },
    close: () => agent.destroy(),
  };
}

/**
 * Pages per second of two servers (Parallel and its floor) over `connections` keep-alive
 * connections each, by real loopback HTTP. Each is first given `warmUpSeconds` (default 2) of the
 * same load, not counted, so every database connection has prepared and planned its statements
 * and every socket is open. Then the two take turns, `slices` (default 4) turns each of
 * `seconds / slices`: whatever else the machine is doing weighs on both alike, as the latency
 * rounds alternate their requests, so the ratio of the two is steadier than the figures.
 */
export async function compareThroughput(
  targets: readonly [LoadTarget, LoadTarget],
  options: {
    connections: number;
    seconds: number;
    warmUpSeconds?: number;
    slices?: number;
    /** Count PostgreSQL's processes on this machine too (a run on PostgreSQL). */
    postgres?: boolean;
  },
): Promise<[Throughput, Throughput]> {
  const loaders = targets.map((target) => loader(target, options.connections, options.postgres ?? false));
  const totals: Totals[] = loaders.map(() => ({ ok: 0, failed: 0, elapsed: 0, processMs: 0, postgresMs: 0 }));
  try {
    for (const load of loaders) {
      await load.run(options.warmUpSeconds ?? 2);
    }
    const slices = options.slices ?? 4;
    for (let slice = 0; slice < slices; slice += 1) {
      for (const [i, load] of loaders.entries()) {
        const part = await load.run(options.seconds / slices);
        const total = totals[i] as Totals;
        total.ok += part.ok;
        total.failed += part.failed;
        total.elapsed += part.elapsed;
        total.processMs += part.processMs;
        total.postgresMs = total.postgresMs === null || part.postgresMs === null ? null : total.postgresMs + part.postgresMs;
      }
    }
  } finally {
    for (const load of loaders) {
      load.close();
    }
  }
  const [a, b] = totals.map((total) => ({
    perSecond: total.ok / total.elapsed,
    ok: total.ok,
    failed: total.failed,
    cpuPerRequest: {
      processMs: total.processMs / Math.max(total.ok, 1),
      postgresMs: total.postgresMs === null ? null : total.postgresMs / Math.max(total.ok, 1),
    },
  }));
  return [a as Throughput, b as Throughput];
}
