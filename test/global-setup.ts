import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/db/database.js';
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

/** PGlite: a migrated in-memory cluster, its data directory dumped to a file for the workers to load. */
async function pgliteTemplate(): Promise<MadeTemplate> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-test-template-'));
  const pglite = new PGlite();
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
  const name = newDatabaseName('parallel_template');
  const drop = () => onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await onServer(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
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
