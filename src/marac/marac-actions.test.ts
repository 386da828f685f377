import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORK_SCOPES } from '../access/work-scope.js';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { addTriageWork, triageCounts, type TriageWork } from '../../test/fixtures/triage.js';

/*
 * The MARAC actions agreed at meetings and not yet done (issue 12, point 3): the dashboard counts
 * those overdue and those due in the next 7 days for my cases, my team's or all, and each count
 * links to /marac/actions filtered to exactly the actions it counted, in the page and the API
 * (scope, due). Done actions and actions with no due date are not counted. His side sees no card
 * and is told "not found" by the list, whatever it asks.
 */

let t: TestApp;
let org: TestOrganisation;
let work: TriageWork;
const clients: Partial<Record<'partner' | 'perpetrator' | 'management', TestClient>> = {};

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fernhollow');
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

type ActionList = { items: Array<{ action: string; dueOn: string; overdue: boolean; href: string }>; total: number };

describe('each MARAC count links to exactly the actions it counted', () => {
  for (const side of ['partner', 'management'] as const) {
    for (const scope of WORK_SCOPES) {
      it(`${side} side, scope=${scope}`, async () => {
        const dashboard = await as(side).get(`/dashboard?scope=${scope}`);
        const counts = triageCounts(dashboard.body);
        for (const [key, due] of [
          ['marac-actions-overdue', 'overdue'],
          ['marac-actions-due', 'soon'],
        ] as const) {
          const expected = work.expected[side][scope][key];
          expect(counts[key], key).toBe(expected);
          const href = `/marac/actions?scope=${scope}&due=${due}`;
          expect(dashboard.body).toContain(`href="${href.replace('&', '&amp;')}"`);
          const page = await as(side).get(href);
          expect(page.statusCode).toBe(200);
          expect([...page.body.matchAll(/data-qa="action-case-link"/g)]).toHaveLength(expected ?? -1);
          const api = await as(side).request('GET', `/api/v1${href.replace('/marac/actions', '/marac-actions')}`);
          expect(api.statusCode).toBe(200);
          const list = api.json<ActionList>();
          expect(list.total).toBe(expected);
          expect(list.items.every((a) => a.overdue === (due === 'overdue'))).toBe(true);
        }
      });
    }
  }

  it('lists every open action with a due date, earliest first, without `due`; never one done or undated', async () => {
    const list = (await as('partner').request('GET', '/api/v1/marac-actions?scope=mine')).json<ActionList>();
    expect(list.items.map((a) => a.dueOn)).toEqual([...list.items.map((a) => a.dueOn)].sort());
    // Her worker's case: overdue by 3 days, due in 2, due in 30 (the done one and the undated one left out).
    expect(list.total).toBe(3);
    expect(list.items[0]?.href).toMatch(/^\/partner-cases\/[0-9a-f-]+\/marac\/[0-9a-f-]+#actions$/);
    const page = await as('partner').get('/marac/actions');
    expect(page.body).toMatch(/data-qa="scope-mine" aria-current="page"/);
    expect(page.body).toContain('Overdue');
    expect(page.body).toContain('3 actions');
  });

  it('its links lead to the MARAC referral with the action on it', async () => {
    const list = (await as('management').request('GET', '/api/v1/marac-actions?scope=all&due=overdue')).json<ActionList>();
    const first = list.items[0];
    const referral = await as('management').get(first?.href.replace('#actions', '') ?? '');
    expect(referral.statusCode).toBe(200);
    expect(referral.body).toContain(first?.action ?? 'no action');
  });

  it('refuses a value it does not know: beside its switch on the page, a 400 naming it in the API', async () => {
    for (const [query, field] of [
      ['due=later', 'due'],
      ['scope=everyone', 'scope'],
    ] as const) {
      const page = await as('partner').get(`/marac/actions?${query}`);
      expect(page.statusCode, query).toBe(400);
      expect(page.body, query).toContain(`id="${field}-error"`);
      const api = await as('partner').request('GET', `/api/v1/marac-actions?${query}`);
      expect(api.statusCode, query).toBe(400);
      expect(Object.keys(api.json<{ error: { fields: Record<string, string> } }>().error.fields), query).toContain(field);
    }
  });

  it('his side: no MARAC card, and the list is "not found" whatever is asked', async () => {
    for (const scope of WORK_SCOPES) {
      const cards = Object.keys(triageCounts((await as('perpetrator').get(`/dashboard?scope=${scope}`)).body));
      expect(cards.filter((c) => c.startsWith('marac'))).toEqual([]);
    }
    for (const query of ['', '?scope=all&due=overdue', '?due=later', '?after=%25%25']) {
      expect((await as('perpetrator').get(`/marac/actions${query}`)).statusCode, query).toBe(404);
      expect((await as('perpetrator').request('GET', `/api/v1/marac-actions${query}`)).statusCode, query).toBe(404);
    }
  });
});
