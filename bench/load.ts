import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Pages per second over `connections` keep-alive connections for `seconds`, by real loopback HTTP,
 * after `warmUpSeconds` (default 2) of the same load that is not counted: every database
 * connection has prepared and planned its statements and every socket is open, so the figure is
 * the steady state a running server gives, for Parallel and the floor alike.
 */
export async function measureThroughput(options: {
  origin: string;
  connections: number;
  seconds: number;
  warmUpSeconds?: number;
  path: (i: number) => string;
  headers?: Record<string, string>;
}): Promise<{ perSecond: number; ok: number; failed: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  let ok = 0;
  let failed = 0;
  let next = 0;
  const get = (path: string) =>
    new Promise<number>((resolve) => {
      const request = http.get(`${options.origin}${path}`, { agent, headers: options.headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      });
      request.on('error', () => resolve(0));
    });
  const warmUpUntil = performance.now() + (options.warmUpSeconds ?? 2) * 1000;
  const warmUp = async () => {
    while (performance.now() < warmUpUntil) {
      await get(options.path(next++));
    }
  };
  await Promise.all(Array.from({ length: options.connections }, warmUp));
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const status = await get(options.path(next++));
      if (status === 200) {
        ok += 1;
      } else {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: ok / elapsed, ok, failed };
}
