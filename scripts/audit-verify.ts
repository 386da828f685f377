/*
 * `npm run audit:verify`: checks every organisation's audit hash chain, from the first entry to
 * the last, against the database named by the configuration (DATABASE_URL, or the embedded
 * database in DATA_DIR). Exits 0 when intact, 1 when an entry was changed or removed (naming the
 * first such entry), and 2 when the check could not run.
 *
 * It only reads. Requests append audit entries unsealed and the running application's chainer
 * seals them within a second or so (and once more when it shuts down), so entries not yet sealed
 * are reported as such, not sealed here: a check that never writes can run against a read replica
 * or a copy of the data without changing what it checks, and while the application runs, sealing
 * stays with its one chainer. An embedded database left with unsealed entries (the process was
 * killed) has them sealed at the next start, and checked on the next run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { verifyAuditChains } from '../src/audit/verify.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { DataDirectoryInUseError, openDatabase } from '../src/db/database.js';

const EXIT_INTACT = 0;
const EXIT_BROKEN = 1;
const EXIT_NOT_CHECKED = 2;

class NothingToCheckError extends Error {}

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pgdata'))) {
    // Opening an empty directory would create a new database: refuse rather than write anything.
    throw new NothingToCheckError(`There is no Parallel database in ${config.dataDir}. Set DATA_DIR or DATABASE_URL.`);
  }
  const database = await openDatabase(config);
  try {
    const result = await verifyAuditChains(database.db);
    if (result.firstBreak) {
      const { id, organisationId, reason } = result.firstBreak;
      process.stdout.write(
        `Audit log BROKEN at entry ${id} (organisation ${organisationId ?? 'none: system events'}): ${reason}\n`,
      );
      return EXIT_BROKEN;
    }
    const pending =
      result.pending > 0
        ? ` (and ${result.pending} ${result.pending === 1 ? 'entry' : 'entries'} not yet sealed into a chain, checked once sealed)`
        : '';
    process.stdout.write(`Audit log intact: ${result.checked} entries in ${result.chains} chains${pending}\n`);
    return EXIT_INTACT;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirectoryInUseError || error instanceof NothingToCheckError) {
      process.stderr.write(`The audit log was not checked. ${error.message}\n`);
    } else {
      process.stderr.write(`The audit log could not be checked: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(EXIT_NOT_CHECKED);
  },
);
