import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addReferrals, linkedIds, pageLinks } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let newestFirst: string[];

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Larkhollow');
  const [him] = await addParticipants(t.database.db, org.id, [{ givenName: 'Caspian', familyName: 'Harrowgate' }]);
  // Most received on the same day: the order within a day is when each was recorded, then its id.
  const days = [...Array.from({ length: 28 }, () => '2026-03-02'), '2026-03-05', '2026-02-27', '2026-03-01'];
  await addReferrals(t.database.db, org.id, him?.participantId ?? '', days);
  const rows = await t.database.db
    .selectFrom('referrals')
    .select('id')
    .where('organisation_id', '=', org.id)
    .orderBy('received_on', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  newestFirst = rows.map((r) => r.id);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
});
afterAll(async () => t?.close());

describe('the referrals list pages by cursor, newest received first', () => {
  it('pages forward and back, every referral once', async () => {
    const first = await manager.get('/referrals');
    expect(first.body).toContain('31 referrals');
    expect(linkedIds(first.body, '/referrals')).toEqual(newestFirst.slice(0, 25));
    const second = await manager.get(pageLinks(first.body).next ?? '');
    expect(linkedIds(second.body, '/referrals')).toEqual(newestFirst.slice(25));
    expect(pageLinks(second.body).next).toBeNull();
    const back = await manager.get(pageLinks(second.body).previous ?? '');
    expect(linkedIds(back.body, '/referrals')).toEqual(newestFirst.slice(0, 25));
    expect(pageLinks(back.body).previous).toBeNull();
  });

  it('the API pages with the same cursors; a malformed one is a 400, on the page the first page', async () => {
    const first = (await manager.request('GET', '/api/v1/referrals')).json<{ items: Array<{ id: string }>; next: string }>();
    const rest = (await manager.request('GET', `/api/v1/referrals?after=${first.next}`)).json<{
      items: Array<{ id: string }>;
      next: string | null;
    }>();
    expect([...first.items, ...rest.items].map((r) => r.id)).toEqual(newestFirst);
    expect(rest.next).toBeNull();
    expect((await manager.request('GET', '/api/v1/referrals?before=%25%25')).statusCode).toBe(400);
    const page = await manager.get('/referrals?after=%25%25');
    expect(page.statusCode).toBe(200);
    expect(linkedIds(page.body, '/referrals')).toEqual(newestFirst.slice(0, 25));
  });
});
