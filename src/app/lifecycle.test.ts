import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { createTestDatabase } from '../../test/fixtures/database.js';
import { createApp } from './app.js';
import { Lifecycle } from './lifecycle.js';

/*
 * What an orchestrator asks: is the process alive (/health/live), may it be sent requests
 * (/health/ready). Unauthenticated, with nothing personal in them, and not logged.
 */
let database: DatabaseHandle;
let app: FastifyInstance;
let lifecycle: Lifecycle;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  lifecycle = new Lifecycle();
  app = await createApp({
    config: testConfig({ logLevel: 'debug' }),
    db: database.db,
    lifecycle,
    logStream: { write: (line) => lines.push(line) },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('health checks', () => {
  it('answers liveness and readiness without a session, and logs neither', async () => {
    lines.length = 0;
    const live = await get('/health/live');
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    expect(live.headers['cache-control']).toBe('no-store');

    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'reachable', migrations: 'complete', accepting: true });
    expect(ready.headers['set-cookie']).toBeUndefined();

    expect((await get('/health')).statusCode).toBe(200);
    expect(lines.filter((line) => line.includes('/health'))).toEqual([]);
  });

  it('is not ready while a migration this version lists has not run', async () => {
    const pending = await createTestDatabase();
    const other = await createApp({ config: testConfig(), db: pending.db });
    try {
      await sql`DELETE FROM kysely_migration WHERE name = (SELECT max(name) FROM kysely_migration)`.execute(pending.db);
      const response = await other.inject({ method: 'GET', url: '/health/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'not ready', database: 'reachable', migrations: 'pending' });
      expect((await other.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await other.close();
      await pending.close();
    }
  });

  it('is not ready once the database is gone', async () => {
    const closing = await createTestDatabase();
    const other = await createApp({ config: testConfig(), db: closing.db });
    try {
      await closing.close();
      const response = await other.inject({ method: 'GET', url: '/health/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'not ready', database: 'unreachable' });
    } finally {
      await other.close();
    }
  });

  it('is not ready once the server begins to stop, and closes each connection after its answer', async () => {
    const before = await get('/sign-in');
    expect(before.headers.connection).not.toBe('close');
    lifecycle.beginShutdown();
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not ready', database: 'reachable', migrations: 'complete', accepting: false });
    const page = await get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.headers.connection).toBe('close');
  });
});
