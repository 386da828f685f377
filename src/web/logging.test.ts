import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { createTestDatabase } from '../../test/fixtures/database.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { createApp } from '../app/app.js';
import type { FastifyInstance } from 'fastify';

/* Logs carry ids, never personal data: not hers, not his, not the staff's passwords. */
let database: DatabaseHandle;
let app: FastifyInstance;
let org: TestOrganisation;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createApp({
    config: testConfig({ logLevel: 'debug' }),
    db: database.db,
    logStream: { write: (line) => lines.push(line) },
  });
  await app.ready();
  org = await createTestOrganisation(database.db, 'Lowfield');
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('logging', () => {
  it('logs requests by id and path, with no names, contact details, notes, passwords or query strings', async () => {
    const c = await createCaseWithPartners(database.db, org, 'L');
    const client = new TestClient(app);
    await client.signIn(org.users.partner.email, org.users.partner.password);
    await client.get(`/partner-cases/${c.currentCaseId}`);
    await client.get(`/partner-cases?page=1&q=${encodeURIComponent('RosalindL')}`);
    await client.submit(`/participants/${c.participantId}/partners/new`, {
      givenName: 'Ottilie',
      familyName: 'Brackenbury',
      relationship: 'new',
      phone: '07700 900555',
      postcode: 'not a postcode',
      codeWord: 'marigold',
    });
    await client.request('POST', '/api/v1/participants', { json: { givenName: 'Ottilie', familyName: '' } });
    await client.request('POST', '/api/v1/participants', { headers: { 'content-type': 'application/json' } });
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain(c.currentCaseId);
    for (const secret of [
      ...c.personal,
      'Ottilie',
      'Brackenbury',
      '07700 900555',
      'marigold',
      org.users.partner.password,
      org.users.partner.email,
    ]) {
      expect(log, secret).not.toContain(secret);
    }
    expect(log).not.toContain('parallel_session=');
  });

  it('never logs the secret of a one-time sign-in link', async () => {
    lines.length = 0;
    const secret = 'one-time-secret-that-must-not-be-logged';
    await new TestClient(app).get(`/account/activate/${secret}`);
    const log = lines.join('\n');
    expect(log).toContain('/account/activate/[redacted]');
    expect(log).not.toContain(secret);
  });

  it('never logs the secret address of a calendar feed', async () => {
    lines.length = 0;
    const secret = 'calendar-feed-secret-that-must-not-be-logged';
    await new TestClient(app).get(`/feeds/calendar/${secret}`);
    const log = lines.join('\n');
    expect(log).toContain('/feeds/calendar/[redacted]');
    expect(log).not.toContain(secret);
  });
});
