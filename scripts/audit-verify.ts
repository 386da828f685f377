/*
 * `npm run audit:verify`: checks every organisation's audit hash chain, from the first entry to
 * the last, against the database named by the configuration (DATABASE_URL, or the embedded
 * database in DATA_DIR), then that the log still reaches the end recorded by the signed checkpoint
 * (AUDIT_CHECKPOINT_FILE, by default DATA_DIR/audit-checkpoint.json). Exits 0 when intact, 1 when
 * an entry was changed or removed (naming the first such entry), the newest entries were removed
 * or the table emptied, or the checkpoint's signature does not match; 2 when the check could not run.
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
import { checkpointSettingsOf } from '../src/audit/checkpoint-file.js';
import { verifyAuditLog } from '../src/audit/verify.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { DataDirectoryInUseError, openDatabase } from '../src/db/database.js';

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
    const report = await verifyAuditLog(database.db, checkpointSettingsOf(config));
    for (const warning of report.warnings) {
      process.stderr.write(`${warning}\n`);
    }
    for (const line of report.lines) {
      process.stdout.write(`${line}\n`);
    }
    return report.exitCode;
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
