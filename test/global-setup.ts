import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { TestProject } from 'vitest/node';
import { PGLITE_EXTENSIONS, openPostgres } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { databaseUrl, newDatabaseName, onServer, type TestDatabaseTemplate } from './fixtures/database.js';

/**
 * Migrates one template database per run, which every test file then copies
 * (`createTestDatabase`) instead of initialising and migrating its own: on two cores a new PGlite
 * cluster plus every migration costs seconds per file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = project.config.env.TEST_DATABASE_URL;
  const { template, remove } = serverUrl ? await postgresTemplate(serverUrl) : await pgliteTemplate();
  project.provide('testDatabaseTemplate', template);
  return remove;
}

type MadeTemplate = { template: TestDatabaseTemplate; remove: () => Promise<void> };

/**
 * Each template records the run that made it. A run stopped before its teardown (a time limit's
 * kill) leaves its template behind; a later run on this machine removes it once that process has gone.
 */
const thisRun = `${os.hostname()} ${process.pid}`;

function leftBehind(madeBy: string | null | undefined): boolean {
  const [host, pid] = (madeBy ?? '').split(' ');
  const processId = Number(pid);
  if (host !== os.hostname() || !Number.isInteger(processId) || processId <= 0) {
    return false;
  }
  try {
    process.kill(processId, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const templateDirectoryPrefix = 'parallel-test-template-';

function removePgliteTemplatesLeftBehind(): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith(templateDirectoryPrefix)) {
      continue;
    }
    const directory = path.join(os.tmpdir(), entry);
    const madeBy = fs.existsSync(path.join(directory, 'made-by'))
      ? fs.readFileSync(path.join(directory, 'made-by'), 'utf8')
      : null;
    if (leftBehind(madeBy)) {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }
}

/** PGlite: a migrated in-memory cluster, its data directory dumped to a file for the workers to load. */
async function pgliteTemplate(): Promise<MadeTemplate> {
  removePgliteTemplatesLeftBehind();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), templateDirectoryPrefix));
  fs.writeFileSync(path.join(directory, 'made-by'), thisRun);
  const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  try {
    await migrateToLatest(db);
    // Uncompressed: each file loads it, and unpacking a gzip there costs more than reading 45 MB.
    const dump = await pglite.dumpDataDir('none');
    const dumpPath = path.join(directory, 'migrated.tar');
    fs.writeFileSync(dumpPath, new Uint8Array(await dump.arrayBuffer()));
    return {
      template: { kind: 'pglite', dumpPath },
      remove: async () => fs.rmSync(directory, { recursive: true, force: true }),
    };
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  } finally {
    await db.destroy();
    if (!pglite.closed) {
      await pglite.close();
    }
  }
}

/**
 * PostgreSQL: a migrated database that each file's database is created from
 * (`CREATE DATABASE ... TEMPLATE`). Nothing may stay connected to it while it is copied, so its
 * pool is closed and new connections to it refused. Roles are cluster-wide: `parallel_app`, made
 * by the first migration, exists for every copy, and the grants to it are in the copied catalog.
 */
async function postgresTemplate(serverUrl: string): Promise<MadeTemplate> {
  await removePostgresTemplatesLeftBehind(serverUrl);
  const name = newDatabaseName('parallel_template');
  const drop = () => onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await onServer(serverUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.query(`COMMENT ON DATABASE ${name} IS '${thisRun.replace(/'/g, "''")}'`);
  });
  try {
    const handle = await openPostgres(databaseUrl(serverUrl, name));
    try {
      await migrateToLatest(handle.db);
    } finally {
      await handle.close();
    }
    await onServer(serverUrl, (admin) => admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`));
  } catch (error) {
    await drop();
    throw error;
  }
  return { template: { kind: 'postgres', name }, remove: async () => void (await drop()) };
}

async function removePostgresTemplatesLeftBehind(serverUrl: string): Promise<void> {
  await onServer(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ name: string; madeBy: string | null }>(
      `SELECT datname AS name, shobj_description(oid, 'pg_database') AS "madeBy"
         FROM pg_database WHERE datname LIKE 'parallel\\_template\\_%'`,
    );
    for (const { name, madeBy } of rows) {
      // Only names this file makes reach DROP DATABASE.
      if (/^parallel_template_[0-9a-f]{12}$/.test(name) && leftBehind(madeBy)) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  });
}
