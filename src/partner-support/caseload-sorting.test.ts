import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases, linkedIds, pageLinks, type ListedPartner } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { statementsDuring } from '../../test/fixtures/statements.js';

/*
 * Her caseload's sortable columns (issue 12): by her case's reference, its status (then when it
 * last changed) and its last change, either way, paged by keyset with every case once; the page's
 * headings carry the order; and a name search runs its function once for the page and the count.
 */

type ListJson = { items: Array<{ id: string }>; total: number; next: string | null };

let t: TestApp;
let org: TestOrganisation;
let partnerWorker: TestClient;
let cases: Array<ListedPartner & { reference: string; status: string; updatedAt: string }>;

const STATUSES = ['open', 'contacting', 'engaged', 'not_engaged', 'closed'] as const;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function allPages(query: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const response = await partnerWorker.request('GET', `/api/v1/partner-cases?${query}${after ? `&after=${after}` : ''}`);
    expect(response.statusCode, query).toBe(200);
    const body = response.json<ListJson>();
    ids.push(...body.items.map((i) => i.id));
    after = body.next;
    if (!after) {
      break;
    }
  }
  return ids;
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Hollowmere');
  const db = t.database.db;
  const [him] = await addParticipants(db, org.id, [{ givenName: 'Osric', familyName: 'Penhallow' }]);
  const listed = await addPartnerCases(
    db,
    org.id,
    him?.participantId ?? '',
    Array.from({ length: 30 }, (_, i) => ({ givenName: `Elowen${String(i).padStart(2, '0')}`, familyName: 'Tresidder' })),
  );
  cases = [];
  for (const [i, listedCase] of listed.entries()) {
    const reference = `PS-${80000 + ((i * 7) % 30)}`;
    const status = STATUSES[i % STATUSES.length] ?? 'open';
    const updatedAt = `2026-0${1 + (i % 3)}-0${1 + (i % 5)}T09:30:00.000Z`;
    await db
      .updateTable('partner_cases')
      .set({ reference, status, updated_at: new Date(updatedAt) })
      .where('id', '=', listedCase.caseId)
      .execute();
    cases.push({ ...listedCase, reference, status, updatedAt });
  }
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
});
afterAll(async () => t?.close());

describe('her caseload’s sortable columns', () => {
  it('sorts by reference, status and last change, either way, every case once across the pages', async () => {
    const orders = {
      reference: [...cases].sort((a, b) => compare(a.reference, b.reference)),
      status: [...cases].sort(
        (a, b) => compare(a.status, b.status) || compare(a.updatedAt, b.updatedAt) || compare(a.caseId, b.caseId),
      ),
      updated: [...cases].sort((a, b) => compare(a.updatedAt, b.updatedAt) || compare(a.caseId, b.caseId)),
    };
    for (const [sort, expected] of Object.entries(orders)) {
      const ids = expected.map((c) => c.caseId);
      expect(await allPages(`sort=${sort}&dir=asc`), `${sort} asc`).toEqual(ids);
      expect(await allPages(`sort=${sort}&dir=desc`), `${sort} desc`).toEqual([...ids].reverse());
    }
  });

  it('the page marks the sorted heading and keeps the order on its next page', async () => {
    const first = await partnerWorker.get('/partner-cases?scope=all&sort=status&dir=asc');
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatch(
      /aria-sort="ascending"[^>]*>\s*<a[^>]*href="\/partner-cases\?scope=all&amp;sort=status&amp;dir=desc"/,
    );
    const next = pageLinks(first.body).next ?? '';
    expect(next).toMatch(/^\/partner-cases\?scope=all&sort=status&dir=asc&after=/);
    const shown = [
      ...linkedIds(first.body, '/partner-cases'),
      ...linkedIds((await partnerWorker.get(next)).body, '/partner-cases'),
    ];
    expect(new Set(shown).size).toBe(cases.length);
  });

  it('runs a name search’s function once, for its page and its count alike', async () => {
    const statements = await statementsDuring(async () => {
      const body = (await partnerWorker.request('GET', '/api/v1/partner-cases?q=Tresider')).json<ListJson>();
      expect(body.total).toBe(cases.length);
    });
    expect(statements.filter((s) => s.includes('app_partners_named'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('unnest'))).toHaveLength(2);
  });
});
