import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, linkedIds, pageLinks, type ListedParticipant } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { encodeCursor } from '../web/pagination.js';

type ListJson = {
  items: Array<{ id: string }>;
  total: number;
  totalIsCapped: boolean;
  next: string | null;
  previous: string | null;
};

let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let expected: ListedParticipant[];
let strangers: ListedParticipant[];

const byKey = (a: ListedParticipant, b: ListedParticipant) =>
  a.familyName.localeCompare(b.familyName, 'en') ||
  a.givenName.localeCompare(b.givenName, 'en') ||
  (a.participantId < b.participantId ? -1 : 1);

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fernbrook');
  other = await createTestOrganisation(t.database.db, 'Greyhaven');
  // Sixty men: thirty of the same name across the first page break, twenty more across the second.
  const names = [
    ...Array.from({ length: 30 }, () => ({ givenName: 'Marlowe', familyName: 'Ashdown' })),
    ...Array.from({ length: 20 }, () => ({ givenName: 'Ivo', familyName: 'Brackley' })),
    ...Array.from({ length: 10 }, () => ({ givenName: 'Aldous', familyName: 'Ashdown' })),
  ];
  expected = (await addParticipants(t.database.db, org.id, names)).sort(byKey);
  strangers = await addParticipants(t.database.db, other.id, [{ givenName: 'Marlowe', familyName: 'Ashdown' }]);
  facilitator = await signedIn(org.users.perpetrator);
  partnerWorker = await signedIn(org.users.partner);
});
afterAll(async () => t?.close());

/** Follows "Next page" from the first page, returning each page's participant ids. */
async function pagesForward(client: TestClient): Promise<{ pages: string[][]; last: string }> {
  const pages: string[][] = [];
  let url: string | null = '/participants';
  let last = url;
  while (url) {
    const response = await client.get(url);
    expect(response.statusCode).toBe(200);
    pages.push(linkedIds(response.body, '/participants'));
    last = url;
    url = pageLinks(response.body).next;
    expect(pages.length).toBeLessThan(10);
  }
  return { pages, last };
}

describe('his caseload pages by cursor', () => {
  it('pages forward through names that tie, every man once, in name order then id', async () => {
    const { pages } = await pagesForward(facilitator);
    expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
    expect(pages.flat()).toEqual(expected.map((p) => p.participantId));
    const first = await facilitator.get('/participants');
    expect(first.body).toContain('60 participants');
    expect(pageLinks(first.body).previous).toBeNull();
  });

  it('pages back from the last page to the same pages, the first with no previous link', async () => {
    const { pages, last } = await pagesForward(facilitator);
    let response = await facilitator.get(last);
    expect(pageLinks(response.body).next).toBeNull();
    for (const index of [1, 0]) {
      const previous = pageLinks(response.body).previous;
      expect(previous).toMatch(/^\/participants\?before=[A-Za-z0-9_-]+$/);
      response = await facilitator.get(previous ?? '');
      expect(linkedIds(response.body, '/participants')).toEqual(pages[index]);
    }
    expect(pageLinks(response.body).previous).toBeNull();
  });

  it('carries only ids in the address, never a name', async () => {
    const next = pageLinks((await facilitator.get('/participants')).body).next ?? '';
    const cursor = new URLSearchParams(next.split('?')[1]).get('after') ?? '';
    const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
    expect(decoded).not.toMatch(/Ashdown|Marlowe|Aldous|Brackley/);
    expect(JSON.parse(decoded)).toEqual([expected[24]?.participantId, expected[24]?.caseId]);
  });

  it('shows the first page for a malformed, tampered or foreign cursor, never an error', async () => {
    const firstPage = linkedIds((await facilitator.get('/participants')).body, '/participants');
    const foreign = strangers[0] ?? expected[0];
    for (const query of [
      'after=not-a-cursor!',
      'after=%00',
      `after=${Buffer.from('{"a":1}').toString('base64url')}`,
      `after=${Buffer.from('["Ashdown","Marlowe"]').toString('base64url')}`,
      `after=${encodeCursor(['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'])}`,
      `after=${encodeCursor([expected[3]?.participantId ?? ''])}`,
      `after=${encodeCursor([foreign?.participantId ?? '', foreign?.caseId ?? ''])}`,
      `after=${'A'.repeat(5000)}`,
      `after=x&before=y`,
      'after[]=1&after[]=2',
    ]) {
      const response = await facilitator.get(`/participants?${query}`);
      expect(response.statusCode, query).toBe(200);
      expect(linkedIds(response.body, '/participants'), query).toEqual(firstPage);
    }
  });

  it('the API returns next and previous cursors that page the same way, and 400 for a malformed one', async () => {
    const seen: string[] = [];
    let url = '/api/v1/participants';
    for (;;) {
      const response = await facilitator.request('GET', url);
      expect(response.statusCode).toBe(200);
      const page = response.json<ListJson>();
      expect(page.total).toBe(60);
      expect(page.totalIsCapped).toBe(false);
      seen.push(...page.items.map((i) => i.id));
      if (!page.next) {
        const back = await facilitator.request('GET', `/api/v1/participants?before=${page.previous ?? ''}`);
        expect(back.json<ListJson>().items.map((i) => i.id)).toEqual(expected.slice(25, 50).map((p) => p.participantId));
        break;
      }
      url = `/api/v1/participants?after=${page.next}`;
    }
    expect(seen).toEqual(expected.map((p) => p.participantId));
    for (const query of ['after=not-a-cursor!', 'before=%7B%7D', `after=${encodeCursor(['x'])}`, 'after=a&before=b']) {
      const bad = await facilitator.request('GET', `/api/v1/participants?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json<{ error: { code: string } }>().error.code).toBe('invalid');
    }
  });

  it('keeps its scope: the partner side lists the same men, another organisation none of them', async () => {
    const { pages } = await pagesForward(partnerWorker);
    expect(pages.flat()).toEqual(expected.map((p) => p.participantId));
    const stranger = await signedIn(other.users.perpetrator);
    const next = pageLinks((await facilitator.get('/participants')).body).next ?? '';
    const theirs = await stranger.get(next);
    expect(theirs.statusCode).toBe(200);
    expect(linkedIds(theirs.body, '/participants')).toEqual(strangers.map((p) => p.participantId));
    for (const client of [t.client(), await signedIn(org.users.admin)]) {
      const response = await client.get(next);
      expect(response.statusCode).not.toBe(200);
      expect(response.body).not.toContain('Ashdown');
    }
  });

  it('counts up to 1,000 and says "More than 1,000" beyond, without counting the organisation', async () => {
    const big = await createTestOrganisation(t.database.db, 'Highmoor');
    await sql`
      WITH men AS (
        INSERT INTO participants (organisation_id, reference, given_name, family_name)
        SELECT ${big.id}::uuid, 'PA-HM-' || g, 'Given', 'Family' || lpad(g::text, 4, '0')
        FROM generate_series(1, 1001) g
        RETURNING id, organisation_id)
      INSERT INTO perpetrator_cases (organisation_id, participant_id, status)
      SELECT organisation_id, id, 'active' FROM men`.execute(t.database.db);
    const manager = await signedIn(big.users.management);
    const page = await manager.get('/participants');
    expect(page.body).toContain('More than 1,000 participants');
    const json = (await manager.request('GET', '/api/v1/participants')).json<ListJson>();
    expect(json).toMatchObject({ total: 1000, totalIsCapped: true });
    expect(json.items).toHaveLength(25);
  });
});
