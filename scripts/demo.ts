import { ConfigError, loadConfig } from '../src/config.js';
import { DataDirectoryInUseError, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { DemoAlreadyLoadedError, loadDemoData } from '../src/demo/demo.js';

/** `npm run demo`: loads the fictional demo organisation into the configured database. */
async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const demo = await loadDemoData(database.db);
    process.stdout.write(
      [
        'Demo organisation loaded (all names are fictional).',
        `Every demo user's password: ${demo.password}`,
        '',
        `  Perpetrator programme facilitator: ${demo.users.facilitator}`,
        `  Partner support worker:            ${demo.users.partnerWorker}`,
        `  Case management lead:              ${demo.users.manager}`,
        `  Administrator:                     ${demo.users.admin}`,
        `  Data protection officer:           ${demo.users.dpo}`,
        '',
        'Start Parallel with `npm start` and sign in as any of them.',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirectoryInUseError || error instanceof DemoAlreadyLoadedError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`The demo data could not be loaded: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(1);
  },
);
