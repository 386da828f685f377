import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, linkedIds, pageLinks, type ListedParticipant } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { statementsDuring } from '../../test/fixtures/statements.js';

/*
 * His caseload's sortable columns (issue 12): ?sort=name|reference|status|updated&dir=asc|desc on
 * the page and in the API, each order paged by keyset forwards and back with every case once; a
 * sort it does not know refused beside the table (page) or with a 400 naming it (API). And what a
 * request costs: a name search runs its search function once however many pages and counts it
 * needs, and the page's filter choices and "any cases of mine?" are one statement.
 */

type ListJson = { items: Array<{ id: string }>; total: number; next: string | null; previous: string | null };
type ErrorJson = { error: { code: string; fields: Record<string, string> } };

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let men: Array<ListedParticipant & { reference: string; status: string; updatedAt: string }>;

const STATUSES = ['referred', 'assessment', 'waiting', 'active', 'completed'] as const;

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

/** Every participant id the API lists in this order, following its next cursors to the end. */
async function allPages(query: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const response = await facilitator.request('GET', `/api/v1/participants?${query}${after ? `&after=${after}` : ''}`);
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

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Larkspur Vale');
  const db = t.database.db;
  // Thirty-two men, so every order needs two pages; several share a status and some a moment of change.
  const listed = await addParticipants(
    db,
    org.id,
    Array.from({ length: 32 }, (_, i) => ({
      givenName: `Tamsin${String(i).padStart(2, '0')}`,
      familyName: i % 3 === 0 ? 'Wolstenholme' : 'Ravensworth',
    })),
  );
  men = [];
  for (const [i, man] of listed.entries()) {
    // References out of step with names: PA-70031 for the first, PA-70000 for the last.
    const reference = `PA-${70000 + (listed.length - 1 - i)}`;
    const status = STATUSES[i % STATUSES.length] ?? 'active';
    const updatedAt = `2026-0${1 + (i % 4)}-1${i % 7}T10:00:00.000Z`;
    await db.updateTable('participants').set({ reference }).where('id', '=', man.participantId).execute();
    await db
      .updateTable('perpetrator_cases')
      .set({ status, updated_at: new Date(updatedAt) })
      .where('id', '=', man.caseId)
      .execute();
    men.push({ ...man, reference, status, updatedAt });
  }
  await sql`ANALYZE`.execute(db);
  facilitator = await signedIn(org.users.perpetrator);
});
afterAll(async () => t?.close());

describe('his caseload’s sortable columns', () => {
  it('sorts by reference, status and last change, either way, and pages each order with every case once', async () => {
    const byReference = [...men].sort((a, b) => compare(a.reference, b.reference));
    const byStatus = [...men].sort(
      (a, b) => compare(a.status, b.status) || compare(a.updatedAt, b.updatedAt) || compare(a.caseId, b.caseId),
    );
    const byUpdated = [...men].sort((a, b) => compare(a.updatedAt, b.updatedAt) || compare(a.caseId, b.caseId));
    const byName = [...men].sort(
      (a, b) =>
        compare(a.familyName, b.familyName) || compare(a.givenName, b.givenName) || compare(a.participantId, b.participantId),
    );
    for (const [sort, expected] of [
      ['reference', byReference],
      ['status', byStatus],
      ['updated', byUpdated],
      ['name', byName],
    ] as const) {
      const ids = expected.map((m) => m.participantId);
      expect(await allPages(`scope=all&sort=${sort}&dir=asc`), `${sort} asc`).toEqual(ids);
      expect(await allPages(`scope=all&sort=${sort}&dir=desc`), `${sort} desc`).toEqual([...ids].reverse());
    }
  });

  it('a sorted page links its headings, keeps the order across its pages, and goes back to the same first page', async () => {
    const first = await facilitator.get('/participants?scope=all&sort=reference&dir=desc');
    expect(first.statusCode).toBe(200);
    const descending = [...men].sort((a, b) => compare(b.reference, a.reference)).map((m) => m.participantId);
    expect(linkedIds(first.body, '/participants')).toEqual(descending.slice(0, 25));
    // The sorted column says so; its link turns it round, another column's sorts it A to Z.
    expect(first.body).toMatch(
      /aria-sort="descending"[^>]*>\s*<a[^>]*href="\/participants\?scope=all&amp;sort=reference&amp;dir=asc"/,
    );
    expect(first.body).toMatch(/aria-sort="none"[^>]*>\s*<a[^>]*href="\/participants\?scope=all&amp;sort=status&amp;dir=asc"/);
    const next = pageLinks(first.body).next ?? '';
    expect(next).toMatch(/^\/participants\?scope=all&sort=reference&dir=desc&after=[A-Za-z0-9_-]+$/);
    const second = await facilitator.get(next);
    expect(linkedIds(second.body, '/participants')).toEqual(descending.slice(25));
    const back = await facilitator.get(pageLinks(second.body).previous ?? '');
    expect(linkedIds(back.body, '/participants')).toEqual(descending.slice(0, 25));
    // A cursor made in another order shows that order's first page (page) or is refused (API).
    const cursor = new URLSearchParams(next.split('?')[1]).get('after') ?? '';
    const other = await facilitator.get(`/participants?scope=all&sort=reference&dir=asc&after=${cursor}`);
    expect(linkedIds(other.body, '/participants')).toEqual([...descending].reverse().slice(0, 25));
    const refused = await facilitator.request('GET', `/api/v1/participants?sort=status&after=${cursor}`);
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json<ErrorJson>().error.fields)).toEqual(['cursor']);
  });

  it('refuses a sort or direction it does not know: a 400 naming it (API), a message above the table (page)', async () => {
    for (const [query, field] of [
      ['sort=age', 'sort'],
      ['sort=name&dir=up', 'dir'],
      ['sort=reference&sort=status', 'sort'],
    ] as const) {
      const response = await facilitator.request('GET', `/api/v1/participants?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(Object.keys(response.json<ErrorJson>().error.fields), query).toEqual([field]);
      const page = await facilitator.get(`/participants?scope=all&${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(page.body, query).toContain(`href="#${field}"`);
      expect(page.body, query).toContain(`id="${field}"`);
      // The list still shows, in its own order.
      expect(linkedIds(page.body, '/participants'), query).toHaveLength(25);
    }
  });
});

describe('what his caseload costs a request', () => {
  it('runs a name search’s function once, for its page and its count alike', async () => {
    // Every man is a "Tamsin": a misspelt name finds a page and more, so it is counted too.
    const statements = await statementsDuring(async () => {
      const response = await facilitator.request('GET', '/api/v1/participants?q=Tamsni');
      expect(response.statusCode).toBe(200);
      const body = response.json<ListJson>();
      expect(body.total).toBe(men.length);
      expect(body.next).not.toBeNull();
    });
    expect(statements.filter((s) => s.includes('app_participants_named'))).toHaveLength(1);
    // The page and the count each read the ids it found, and nothing sets the trigram threshold on the way.
    expect(statements.filter((s) => s.includes('unnest'))).toHaveLength(2);
    expect(statements.filter((s) => s.includes('word_similarity_threshold'))).toHaveLength(0);
  });

  it('a search that finds nobody reads no page and no count', async () => {
    const statements = await statementsDuring(async () => {
      const response = await facilitator.request('GET', '/api/v1/participants?q=Zephyrine');
      expect(response.json<ListJson>().items).toEqual([]);
    });
    expect(statements.filter((s) => s.includes('app_participants_named'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('perpetrator_cases'))).toHaveLength(0);
  });

  it('reads the page’s filter choices and whether the viewer has cases in one statement', async () => {
    const statements = await statementsDuring(async () => {
      expect((await facilitator.get('/participants')).statusCode).toBe(200);
    });
    const choices = statements.filter((s) => s.includes('"programme_groups"') || s.includes('"teams"'));
    expect(choices).toHaveLength(1);
    expect(choices[0]).toContain('"users"');
    expect(choices[0]).toMatch(/EXISTS \(SELECT 1 FROM "perpetrator_cases"/);
    // No other statement asks whether any case is allocated to the viewer.
    expect(statements.filter((s) => /allocated_worker_id" = \$\d+\s*limit/i.test(s))).toHaveLength(0);
  });
});
