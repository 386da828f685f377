import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type DatabaseHandle } from '../src/db/database.js';

/*
 * The benchmark's database: in-memory PGlite by default; with BENCH_DATABASE_URL a database of its
 * own on that server. A fresh one (parallel_bench_<size>_<random>) is dropped at the end. With
 * BENCH_REUSE=1 or BENCH_KEEP=1 it is parallel_bench_<size>, kept, so a million participants are
 * generated once and benched many times (BENCH_REUSE=1 skips generation when it is complete).
 */
export type BenchDatabase = { handle: DatabaseHandle; name: string; kept: boolean; existed: boolean; drop: () => Promise<void> };

async function withServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(options: {
  serverUrl: string | undefined;
  size: number;
  reuse: boolean;
  keep: boolean;
}): Promise<BenchDatabase> {
  if (!options.serverUrl) {
    const handle = await openPglite(undefined);
    return { handle, name: 'PGlite (in memory)', kept: false, existed: false, drop: () => handle.close() };
  }
  const serverUrl = options.serverUrl;
  const kept = options.reuse || options.keep;
  const name = kept ? `parallel_bench_${options.size}` : `parallel_bench_${options.size}_${randomBytes(4).toString('hex')}`;
  const existed = await withServer(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) {
      if (!options.reuse) {
        throw new Error(`The database ${name} already exists: set BENCH_REUSE=1 to bench it, or drop it first.`);
      }
      return true;
    }
    await client.query(`CREATE DATABASE ${name}`);
    return false;
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString());
  return {
    handle,
    name,
    kept,
    existed,
    drop: async () => {
      await handle.close();
      if (!kept) {
        await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      }
    },
  };
}
