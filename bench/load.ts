import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** A server under load: where it listens, the path of the i-th request, and the headers to send. */
export type LoadTarget = {
  origin: string;
  path: (i: number) => string;
  headers?: Record<string, string>;
};

export type Throughput = { perSecond: number; ok: number; failed: number };

/** Keeps `connections` keep-alive requests in flight to one target for as long as asked. */
function loader(target: LoadTarget, connections: number) {
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
    async run(seconds: number): Promise<{ ok: number; failed: number; elapsed: number }> {
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
      return { ok, failed, elapsed: (performance.now() - started) / 1000 };
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
  options: { connections: number; seconds: number; warmUpSeconds?: number; slices?: number },
): Promise<[Throughput, Throughput]> {
  const loaders = targets.map((target) => loader(target, options.connections));
  const totals = loaders.map(() => ({ ok: 0, failed: 0, elapsed: 0 }));
  try {
    for (const load of loaders) {
      await load.run(options.warmUpSeconds ?? 2);
    }
    const slices = options.slices ?? 4;
    for (let slice = 0; slice < slices; slice += 1) {
      for (const [i, load] of loaders.entries()) {
        const part = await load.run(options.seconds / slices);
        const total = totals[i] as { ok: number; failed: number; elapsed: number };
        total.ok += part.ok;
        total.failed += part.failed;
        total.elapsed += part.elapsed;
      }
    }
  } finally {
    for (const load of loaders) {
      load.close();
    }
  }
  const [a, b] = totals.map((total) => ({ perSecond: total.ok / total.elapsed, ok: total.ok, failed: total.failed }));
  return [a as Throughput, b as Throughput];
}
