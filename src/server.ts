import { startAuditChainer } from './audit/chainer.js';
import { checkpointSettingsOf } from './audit/checkpoint-file.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirectoryInUseError, openDatabase, scheduleMaintenance } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureFirstAdministrator } from './identity/bootstrap.js';
import { createApp } from './app/app.js';

/** Composition root: config -> database -> migrations -> app -> listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const firstStart = await ensureFirstAdministrator(database.db, config);
  const app = await createApp({ config, db: database.db });
  const stopMaintenance = scheduleMaintenance(database, (error) => app.log.error({ err: error }, 'database maintenance failed'));
  const stopAuditChainer = startAuditChainer(
    database.db,
    (error) => app.log.error({ err: error }, 'the audit log needs attention'),
    checkpointSettingsOf(config),
  );

  const shutdown = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'shutting down');
    stopMaintenance();
    await app.close();
    await stopAuditChainer();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
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

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryInUseError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Parallel could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
