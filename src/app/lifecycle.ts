import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { pendingMigrations } from '../db/migrate.js';

/**
 * The process's state as the app sees it: set when a stop (SIGTERM, SIGINT) begins, so that
 * readiness says "not ready" and every answer still being written closes its connection.
 */
export class Lifecycle {
  private stopping = false;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  beginShutdown(): void {
    this.stopping = true;
  }
}

/** How long readiness waits for the database before answering "not ready". */
const READY_CHECK_TIMEOUT_MS = 2000;

type HealthChecks = {
  db: Db;
  databaseReachable: () => Promise<boolean>;
  lifecycle: Lifecycle;
};

/**
 * The checks an orchestrator (Docker's HEALTHCHECK, Kubernetes' probes, a load balancer) makes.
 * They answer before, and apart from, everything a page needs (security headers, cookies,
 * sessions, the unit of work), hold no personal data, and are not logged: they may be asked many
 * times a second.
 *
 *   /health        the database answers (kept for existing monitors)
 *   /health/live   the process is up and serving: restart it only when this fails
 *   /health/ready  send it requests: the database answers, every migration has run, and it is
 *                  not stopping
 */
export function registerHealthRoutes(app: FastifyInstance, { db, databaseReachable, lifecycle }: HealthChecks): void {
  app.get('/health', { logLevel: 'silent' }, async (_request, reply) => {
    const healthy = await databaseReachable();
    return reply
      .status(healthy ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: healthy ? 'ok' : 'unavailable', database: healthy ? 'reachable' : 'unreachable' });
  });

  app.get('/health/live', { logLevel: 'silent' }, async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });

  // Migrations are never undone: once this version's have all run, they need not be asked again.
  let migrated = false;
  app.get('/health/ready', { logLevel: 'silent' }, async (_request, reply) => {
    const [database, migrations] = await Promise.all([
      withTimeout(databaseReachable(), READY_CHECK_TIMEOUT_MS, false),
      migrated ? 'complete' : withTimeout(pendingMigrations(db), READY_CHECK_TIMEOUT_MS, null).then(migrationState),
    ]);
    migrated = migrations === 'complete';
    const stopping = lifecycle.shuttingDown;
    const ready = database && migrated && !stopping;
    return reply
      .status(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: ready ? 'ready' : 'not ready',
        database: database ? 'reachable' : 'unreachable',
        migrations,
        accepting: !stopping,
      });
  });

  // A connection that finishes an answer while the server stops is closed after it, instead of
  // being kept alive for a next request that would be refused: the stop need not wait for it.
  app.addHook('onSend', async (request, reply) => {
    if (lifecycle.shuttingDown && request.raw.httpVersionMajor === 1) {
      reply.header('connection', 'close');
    }
  });
}

function migrationState(pending: string[] | null): 'complete' | 'pending' | 'unknown' {
  if (pending === null) {
    return 'unknown';
  }
  return pending.length === 0 ? 'complete' : 'pending';
}

/** `work`'s answer, or `fallback` when it takes longer than `ms` or fails. */
async function withTimeout<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}
