import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './fixtures/app.js';
import type { TestClient } from './fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from './fixtures/organisation.js';
import { addTriageWork, type TriageWork } from './fixtures/triage.js';

/*
 * The lists the dashboard's counts link to take the same filters, in the page and the API: the
 * duties to inform a partner (scope, overdue) and the attendance reviews (scope). Each shows
 * exactly as many items as the dashboard counted for the same filters (src/first-contact/triage.test.ts),
 * and a value it does not know is refused with a message naming the parameter: beside the filter
 * in the page, a 400 in the API. His side is told "not found" for her list whatever it sends.
 */

let t: TestApp;
let org: TestOrganisation;
let work: TriageWork;
let partnerWorker: TestClient;
let facilitator: TestClient;
let manager: TestClient;

const dutyRows = (body: string) => [...body.matchAll(/data-qa="duty-link"/g)].length;
const reviewRows = (body: string) => [...body.matchAll(/data-qa="review"/g)].length;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Wexcombe');
  work = await addTriageWork(t.database.db, org);
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
});
afterAll(async () => t?.close());

describe('duties to inform a partner: scope and overdue', () => {
  for (const scope of ['mine', 'team', 'all'] as const) {
    it(`scope=${scope}: the page and the API list exactly what the dashboard counted, overdue and not yet`, async () => {
      const expected = work.expected.partner[scope];
      for (const [overdue, key] of [
        ['1', 'duties-overdue'],
        ['0', 'duties-due'],
      ] as const) {
        const page = await partnerWorker.get(`/partner-duties?scope=${scope}&overdue=${overdue}`);
        expect(page.statusCode).toBe(200);
        expect(dutyRows(page.body)).toBe(expected[key]);
        const api = await partnerWorker.get(`/api/v1/partner-duties?scope=${scope}&overdue=${overdue}`);
        expect(api.statusCode).toBe(200);
        const body = api.json<{ items: Array<{ overdue: boolean }>; total: number }>();
        expect(body.items).toHaveLength(expected[key] ?? -1);
        expect(body.total).toBe(expected[key]);
        expect(body.items.every((d) => d.overdue === (overdue === '1'))).toBe(true);
      }
    });
  }

  it('keeps the filters in the form, and without them lists as before (her own cases; every case for a manager)', async () => {
    const filtered = await partnerWorker.get('/partner-duties?scope=team&overdue=1');
    expect(filtered.body).toMatch(/<option value="team" selected>/);
    expect(filtered.body).toMatch(/<option value="1" selected>/);
    expect(dutyRows((await partnerWorker.get('/partner-duties')).body)).toBe(3);
    expect(dutyRows((await manager.get('/partner-duties')).body)).toBe(6);
  });

  it('refuses a value it does not know: beside the filter in the page, a 400 naming it in the API', async () => {
    const page = await partnerWorker.get('/partner-duties?scope=everyone&overdue=maybe');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('scope must be mine, team or all');
    expect(page.body).toContain('overdue must be 1 (overdue only) or 0 (not yet overdue)');
    expect(page.body).toContain('href="#scope"');
    expect(dutyRows(page.body)).toBe(0);
    for (const [query, field] of [
      ['scope=everyone', 'scope'],
      ['overdue=yes', 'overdue'],
    ] as const) {
      const api = await partnerWorker.get(`/api/v1/partner-duties?${query}`);
      expect(api.statusCode).toBe(400);
      expect(Object.keys(api.json<{ error: { fields: Record<string, string> } }>().error.fields)).toEqual([field]);
    }
  });

  it('answers his side "not found" whatever the filters, good or bad', async () => {
    for (const query of ['scope=all&overdue=1', 'scope=everyone']) {
      expect((await facilitator.get(`/partner-duties?${query}`)).statusCode).toBe(404);
      expect((await facilitator.get(`/api/v1/partner-duties?${query}`)).statusCode).toBe(404);
    }
  });
});

describe('attendance reviews: scope', () => {
  for (const scope of ['mine', 'team', 'all'] as const) {
    it(`scope=${scope}: the page and the API list exactly what the dashboard counted`, async () => {
      const expected = work.expected.perpetrator[scope]['attendance-reviews'];
      const page = await facilitator.get(`/programme/reviews?scope=${scope}`);
      expect(page.statusCode).toBe(200);
      expect(reviewRows(page.body)).toBe(expected);
      const api = await facilitator.get(`/api/v1/programme/reviews?scope=${scope}`);
      expect(api.statusCode).toBe(200);
      expect(api.json<unknown[]>()).toHaveLength(expected ?? -1);
    });
  }

  it('lists every open review without a scope, as before', async () => {
    expect(reviewRows((await facilitator.get('/programme/reviews')).body)).toBe(3);
  });

  it('refuses a scope it does not know: beside the filter in the page, a 400 naming it in the API', async () => {
    const page = await facilitator.get('/programme/reviews?scope=everyone');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('scope must be mine, team or all');
    expect(reviewRows(page.body)).toBe(0);
    const api = await facilitator.get('/api/v1/programme/reviews?scope=everyone');
    expect(api.statusCode).toBe(400);
    expect(Object.keys(api.json<{ error: { fields: Record<string, string> } }>().error.fields)).toEqual(['scope']);
  });

  it('refuses her side before reading the filter', async () => {
    const api = await partnerWorker.get('/api/v1/programme/reviews?scope=everyone');
    expect([403, 404]).toContain(api.statusCode);
  });
});

describe('the caseloads the first-contact counts link to (built with their search and filters)', () => {
  for (const scope of ['mine', 'team', 'all'] as const) {
    it(`scope=${scope}: her caseload and his list as many overdue first contacts as the dashboard counted`, async () => {
      for (const [client, side, path, key] of [
        [partnerWorker, 'partner', 'partner-cases', 'partner-first-contact-overdue'],
        [facilitator, 'perpetrator', 'participants', 'participant-first-contact-overdue'],
        [manager, 'management', 'partner-cases', 'partner-first-contact-overdue'],
        [manager, 'management', 'participants', 'participant-first-contact-overdue'],
      ] as const) {
        const api = await client.get(`/api/v1/${path}?overdue=first-contact&scope=${scope}`);
        expect(api.statusCode).toBe(200);
        expect(api.json<{ total: number }>().total, `${side} ${path} ${scope}`).toBe(work.expected[side][scope][key]);
      }
    });
  }
});
