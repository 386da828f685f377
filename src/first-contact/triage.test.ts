import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORK_SCOPES } from '../access/work-scope.js';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { addTriageWork, triageCounts, type TriageWork } from '../../test/fixtures/triage.js';

/*
 * The dashboard's triage: a count of each kind of work waiting, most urgent first, for the scope
 * asked for (mine by default, my team, all), each card linking to its list filtered to exactly
 * what it counted. The wall's side of it (his side sees no partner-side count) is in
 * test/wall-dashboard.test.ts.
 */

let t: TestApp;
let org: TestOrganisation;
let work: TriageWork;
const clients: Partial<Record<'partner' | 'perpetrator' | 'management', TestClient>> = {};

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Ashcombe');
  work = await addTriageWork(t.database.db, org);
  for (const side of ['partner', 'perpetrator', 'management'] as const) {
    const client = t.client();
    await client.signIn(org.users[side].email, org.users[side].password);
    clients[side] = client;
  }
});
afterAll(async () => t?.close());

const as = (side: 'partner' | 'perpetrator' | 'management'): TestClient => {
  const client = clients[side];
  if (!client) {
    throw new Error(`not signed in as ${side}`);
  }
  return client;
};

describe('the dashboard counts what is waiting, per scope', () => {
  for (const side of ['partner', 'perpetrator', 'management'] as const) {
    for (const scope of WORK_SCOPES) {
      it(`${side} side, scope=${scope}: each card shows the number of items in that scope`, async () => {
        const response = await as(side).get(`/dashboard?scope=${scope}`);
        expect(response.statusCode).toBe(200);
        expect(triageCounts(response.body)).toEqual(work.expected[side][scope]);
      });
    }
  }

  it('counts mine when no scope is given, and marks "My cases" as the current scope', async () => {
    const response = await as('partner').get('/dashboard');
    expect(triageCounts(response.body)).toEqual(work.expected.partner.mine);
    expect(response.body).toMatch(/data-qa="scope-mine" aria-current="page"/);
  });

  it('puts overdue work before work due soon', async () => {
    const body = (await as('management').get('/dashboard?scope=all')).body;
    const order = Object.keys(triageCounts(body));
    expect(order).toEqual([
      'duties-overdue',
      'marac-actions-overdue',
      'partner-first-contact-overdue',
      'participant-first-contact-overdue',
      'attendance-reviews',
      'duties-due',
      'marac-actions-due',
    ]);
  });

  it('links each count to its list filtered to the same scope', async () => {
    const body = (await as('management').get('/dashboard?scope=team')).body;
    expect(body).toContain('href="/partner-duties?scope=team&amp;overdue=1"');
    expect(body).toContain('href="/partner-duties?scope=team&amp;overdue=0"');
    expect(body).toContain('href="/partner-cases?overdue=first-contact&amp;scope=team"');
    expect(body).toContain('href="/participants?overdue=first-contact&amp;scope=team"');
    expect(body).toContain('href="/programme/reviews?scope=team"');
    expect(body).toContain('href="/marac/actions?scope=team&amp;due=overdue"');
    expect(body).toContain('href="/marac/actions?scope=team&amp;due=soon"');
  });

  it('refuses a scope it does not know with a message beside the switch, not a 500', async () => {
    const response = await as('partner').get('/dashboard?scope=everyone');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('scope must be mine, team or all');
    expect(response.body).toContain('href="#scope"');
    expect(triageCounts(response.body)).toEqual({});
  });

  it('asks the database for bounded counts: the worker-scoped first-contact count reads the worker index (migration 0032)', async () => {
    const { db } = t.database;
    const { sql } = await import('kysely');
    const plan = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT count(*) FROM (
        SELECT id FROM partner_cases
        WHERE organisation_id = ${org.id} AND allocated_worker_id = ${org.users.partner.id}
          AND first_attempt_at IS NULL AND status NOT IN ('closed', 'not_engaged') AND opened_on <= '2026-06-01'
        LIMIT 1001) listed`.execute(db);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('partner_cases_first_attempt_worker_idx');
  });
});
