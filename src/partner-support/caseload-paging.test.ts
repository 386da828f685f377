import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases, linkedIds, pageLinks, type ListedPartner } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

let t: TestApp;
let org: TestOrganisation;
let expected: ListedPartner[];
let partnerWorker: TestClient;

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Kestrelford');
  const [him] = await addParticipants(t.database.db, org.id, [{ givenName: 'Osric', familyName: 'Penhallow' }]);
  // Thirty partners of the same name (fictional, for the tie across the page break) and five more.
  const names = [
    ...Array.from({ length: 30 }, () => ({ givenName: 'Elowen', familyName: 'Tresidder' })),
    ...Array.from({ length: 5 }, () => ({ givenName: 'Briony', familyName: 'Carew' })),
  ];
  const listed = await addPartnerCases(t.database.db, org.id, him?.participantId ?? '', names);
  const byId = (a: ListedPartner, b: ListedPartner) => (a.partnerId < b.partnerId ? -1 : 1);
  // Carew before Tresidder; within a name, by her id.
  expected = [...listed.slice(30).sort(byId), ...listed.slice(0, 30).sort(byId)];
  partnerWorker = await signedIn(org.users.partner);
});
afterAll(async () => t?.close());

describe('her caseload pages by cursor', () => {
  it('pages forward and back over names that tie, every case once, and says how many', async () => {
    const first = await partnerWorker.get('/partner-cases');
    expect(first.body).toContain('35 partner cases');
    expect(linkedIds(first.body, '/partner-cases')).toEqual(expected.slice(0, 25).map((p) => p.caseId));
    const { next, previous } = pageLinks(first.body);
    expect(previous).toBeNull();
    expect(next).toMatch(/^\/partner-cases\?after=[A-Za-z0-9_-]+$/);
    const second = await partnerWorker.get(next ?? '');
    expect(linkedIds(second.body, '/partner-cases')).toEqual(expected.slice(25).map((p) => p.caseId));
    expect(pageLinks(second.body).next).toBeNull();
    const back = await partnerWorker.get(pageLinks(second.body).previous ?? '');
    expect(linkedIds(back.body, '/partner-cases')).toEqual(expected.slice(0, 25).map((p) => p.caseId));
    // Her name never travels in the address, which reaches browser history and request logs.
    const cursor = new URLSearchParams((next ?? '').split('?')[1]).get('after') ?? '';
    expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toMatch(/Tresidder|Elowen|Carew|Briony/);
  });

  it('a malformed cursor shows the first page on the page and is a 400 in the API', async () => {
    const page = await partnerWorker.get('/partner-cases?before=%F0%9F%92%A5');
    expect(page.statusCode).toBe(200);
    expect(linkedIds(page.body, '/partner-cases')).toEqual(expected.slice(0, 25).map((p) => p.caseId));
    const api = await partnerWorker.request('GET', '/api/v1/partner-cases?after=%7Bnope');
    expect(api.statusCode).toBe(400);
    const listed = await partnerWorker.request('GET', '/api/v1/partner-cases');
    const body = listed.json<{ items: Array<{ id: string }>; next: string; total: number }>();
    expect(body.total).toBe(35);
    const rest = await partnerWorker.request('GET', `/api/v1/partner-cases?after=${body.next}`);
    expect(rest.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toEqual(expected.slice(25).map((p) => p.caseId));
  });

  it('keeps the wall: his side and other organisations learn nothing, with or without a cursor', async () => {
    const next = pageLinks((await partnerWorker.get('/partner-cases')).body).next ?? '';
    const after = next.split('?')[1] ?? '';
    for (const user of [org.users.perpetrator, org.users.admin, org.users.dpo]) {
      const client = await signedIn(user);
      for (const url of ['/partner-cases', next, '/api/v1/partner-cases', `/api/v1/partner-cases?${after}`]) {
        const response = await client.get(url);
        expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(response.body).not.toMatch(/Tresidder|Carew/);
      }
    }
    const stranger = await signedIn((await createTestOrganisation(t.database.db, 'Wrenmouth')).users.partner);
    const theirs = await stranger.get(next);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toMatch(/Tresidder|Carew/);
  });
});
