import type { FastifyInstance } from 'fastify';
import { startAuditChainer } from './audit/chainer.js';
import { checkpointSettingsOf } from './audit/checkpoint-file.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirectoryInUseError, openDatabase, type DatabaseHandle } from './db/database.js';
import { scheduleMaintenance } from './db/housekeeping.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureFirstAdministrator } from './identity/bootstrap.js';
import { createApp } from './app/app.js';
import { Lifecycle } from './app/lifecycle.js';

/*
 * Composition root: config -> database -> migrations -> app -> listen, and the way back.
 *
 * A stop (SIGTERM from an orchestrator or `docker stop`, SIGINT from Ctrl-C) stops accepting
 * connections, lets the requests under way finish (for SHUTDOWN_GRACE_SECONDS, then closes what is
 * left), stops the background jobs, seals the audit entries of the last requests, closes the
 * database (which releases the data folder) and exits 0. `npm start` execs this process, so npm
 * forwards the signal to it and waits for it. A signal during the start stops it at its next step.
 */

/** What the start has opened so far, which a stop closes. */
type Running = {
  config?: Config;
  database?: DatabaseHandle;
  app?: FastifyInstance;
  stopMaintenance?: () => void;
  stopAuditChainer?: () => Promise<void>;
};

/** A stop asked for while starting: the start ends at its next step and the stop runs. */
class StopRequested extends Error {}

/** After the grace period, the stop itself may take this long before the process exits anyway. */
const LAST_RESORT_MS = 10_000;

const lifecycle = new Lifecycle();
const running: Running = {};
let stopSignal: NodeJS.Signals | null = null;
let started = false;

function onSignal(signal: NodeJS.Signals): void {
  if (stopSignal) {
    // Ctrl-C reaches both npm and this process, and npm forwards it: one stop is enough.
    return;
  }
  stopSignal = signal;
  if (started) {
    void stop(signal);
  }
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

function stopIfAsked(): void {
  if (stopSignal) {
    throw new StopRequested();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  running.config = config;
  const database = await openDatabase(config);
  running.database = database;
  stopIfAsked();
  await migrateToLatest(database.db);
  stopIfAsked();
  const firstStart = await ensureFirstAdministrator(database.db, config);
  stopIfAsked();
  const app = await createApp({ config, db: database.db, lifecycle });
  running.app = app;
  running.stopMaintenance = scheduleMaintenance(database, (error) =>
    app.log.error({ err: error }, 'database maintenance failed'),
  );
  running.stopAuditChainer = startAuditChainer(
    database.db,
    (error) => app.log.error({ err: error }, 'the audit log needs attention'),
    checkpointSettingsOf(config),
  );

  await app.listen({ port: config.port, host: config.host });
  stopIfAsked();
  started = true;
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  process.stdout.write(`\nParallel is running at ${config.publicUrl} (${where}).\n`);
  if (!firstStart.activationUrl) {
    process.stdout.write(`Sign in at ${config.publicUrl}/sign-in. An administrator can invite new users and reset accounts.\n\n`);
  }
  if (firstStart.activationUrl) {
    process.stdout.write(
      `\n${firstStart.created ? 'A new organisation has been created.' : 'Nobody has signed in yet.'}\n` +
        `Sign in for the first time as the administrator (admin@parallel.local) by opening this one-time link\n` +
        `and choosing a password. It works once, for ${config.invitationValidHours} hours; restart Parallel for a new one.\n\n` +
        `    ${firstStart.activationUrl}\n\n`,
    );
  }
}

function say(message: string, details: Record<string, unknown> = {}): void {
  if (running.app) {
    running.app.log.info(details, message);
  } else {
    process.stderr.write(`${message}\n`);
  }
}

/** Closes what is open, newest first, and exits: 0 when everything closed cleanly. */
async function stop(signal: NodeJS.Signals): Promise<void> {
  lifecycle.beginShutdown();
  const graceMs = (running.config?.shutdownGraceSeconds ?? 25) * 1000;
  say('shutting down', { signal, graceSeconds: graceMs / 1000 });
  const lastResort = setTimeout(() => {
    process.stderr.write('Parallel did not stop in time and is ending without closing the database.\n');
    process.exit(1);
  }, graceMs + LAST_RESORT_MS);
  lastResort.unref();

  let clean = true;
  const attempt = async (what: string, work: () => Promise<void> | void): Promise<void> => {
    try {
      await work();
    } catch (error) {
      clean = false;
      process.stderr.write(`Stopping: ${what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };

  running.stopMaintenance?.();
  const app = running.app;
  if (app) {
    await attempt('finishing the requests under way', () => closeApp(app, graceMs));
  }
  // After the last requests: their audit entries are sealed before the database closes.
  await attempt('sealing the audit log', () => running.stopAuditChainer?.());
  await attempt('closing the database', () => running.database?.close());
  say(clean ? 'stopped' : 'stopped, not cleanly');
  process.exit(clean ? 0 : 1);
}

/**
 * Stops accepting connections and waits for the requests under way (Fastify's close: idle
 * keep-alive connections are closed at once, a request arriving on a busy one gets 503, and every
 * answer written from now on closes its connection). Connections still open after the grace
 * period are closed, cutting off their requests.
 */
async function closeApp(app: FastifyInstance, graceMs: number): Promise<void> {
  const overdue = setTimeout(() => {
    app.log.warn({ graceSeconds: graceMs / 1000 }, 'requests still under way after the grace period: closing their connections');
    app.server.closeAllConnections();
  }, graceMs);
  overdue.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(overdue);
  }
}

// Once started, a signal stops the server directly (onSignal); before, the start ends at its next step.
main().then(
  () => undefined,
  (error: unknown) => {
    if (error instanceof StopRequested && stopSignal) {
      return stop(stopSignal);
    }
    if (error instanceof ConfigError || error instanceof DataDirectoryInUseError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(
        `Parallel could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    // What the start had opened is closed, so that the data folder is not left locked.
    void Promise.resolve(running.database?.close())
      .catch(() => undefined)
      .finally(() => process.exit(1));
    return undefined;
  },
);
