import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { linkedIds, pageLinks } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * The MARAC meetings list pages by cursor in area then date order (then id): most meetings share
 * an area, so the order within an area is where paging breaks if it breaks. The area filter,
 * matched whatever the case, pages too and keeps the area in its links.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let partnerWorker: TestClient;
let facilitator: TestClient;
let otherOrganisation: TestClient;
/** Every meeting's id, in the list's order. */
let inOrder: string[];
let ashcombe: string[];

const meetingIds = (body: string) => linkedIds(body, '/marac/meetings');
const day = (i: number) => new Date(Date.UTC(2031, 0, 1 + i * 7)).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  const other = await createTestOrganisation(t.database.db, 'Kelmscott');
  const db = t.database.db;
  // Written newest first and areas interleaved, so the list's order is not the order of writing.
  const meetings = [
    ...Array.from({ length: 30 }, (_, i) => ({ area: 'Ashcombe', meets_on: day(29 - i) })),
    ...Array.from({ length: 10 }, (_, i) => ({ area: 'Brightwell', meets_on: day(9 - i) })),
  ];
  for (const m of meetings) {
    await db
      .insertInto('marac_meetings')
      .values({ organisation_id: org.id, area: m.area, meets_on: m.meets_on, created_by: org.users.management.id })
      .execute();
  }
  await db
    .insertInto('marac_meetings')
    .values({ organisation_id: other.id, area: 'Ashcombe', meets_on: day(3), created_by: other.users.management.id })
    .execute();
  const rows = await db
    .selectFrom('marac_meetings')
    .select(['id', 'area'])
    .where('organisation_id', '=', org.id)
    .orderBy('area')
    .orderBy('meets_on')
    .orderBy('id')
    .execute();
  inOrder = rows.map((r) => r.id);
  ashcombe = rows.filter((r) => r.area === 'Ashcombe').map((r) => r.id);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
  otherOrganisation = t.client();
  await otherOrganisation.signIn(other.users.partner.email, other.users.partner.password);
});
afterAll(async () => t?.close());

describe('the MARAC meetings list pages by cursor, by area then date', () => {
  it('pages forward and back over meetings of the same area, every meeting once', async () => {
    const first = await manager.get('/marac');
    expect(first.body).toContain('40 meetings');
    expect(meetingIds(first.body)).toEqual(inOrder.slice(0, 25));
    expect(pageLinks(first.body).previous).toBeNull();
    const second = await manager.get(pageLinks(first.body).next ?? '');
    expect(meetingIds(second.body)).toEqual(inOrder.slice(25));
    expect(pageLinks(second.body).next).toBeNull();
    const back = await partnerWorker.get(pageLinks(second.body).previous ?? '');
    expect(meetingIds(back.body)).toEqual(inOrder.slice(0, 25));
    expect(pageLinks(back.body).previous).toBeNull();
  });

  it('the area filter, whatever the case, pages within the area and keeps it in its links', async () => {
    const first = await manager.get('/marac?area=ashcombe');
    expect(first.body).toContain('30 meetings');
    expect(meetingIds(first.body)).toEqual(ashcombe.slice(0, 25));
    const next = pageLinks(first.body).next ?? '';
    expect(next).toContain('area=ashcombe&');
    const second = await manager.get(next);
    expect(meetingIds(second.body)).toEqual(ashcombe.slice(25));
    expect(pageLinks(second.body).next).toBeNull();
    const back = await manager.get(pageLinks(second.body).previous ?? '');
    expect(meetingIds(back.body)).toEqual(ashcombe.slice(0, 25));
    const none = await manager.get('/marac?area=Nowhere');
    expect(none.body).toContain('data-qa="no-meetings"');
  });

  it('the API pages with the same cursors; a malformed one is a 400, on the page the first page', async () => {
    type Page = { meetings: Array<{ id: string }>; next: string | null; previous: string | null; total: number };
    const first = (await manager.request('GET', '/api/v1/marac-meetings')).json<Page>();
    expect(first.total).toBe(40);
    const rest = (await manager.request('GET', `/api/v1/marac-meetings?after=${first.next ?? ''}`)).json<Page>();
    expect([...first.meetings, ...rest.meetings].map((m) => m.id)).toEqual(inOrder);
    expect(rest.next).toBeNull();
    const back = (await manager.request('GET', `/api/v1/marac-meetings?before=${rest.previous ?? ''}`)).json<Page>();
    expect(back.meetings.map((m) => m.id)).toEqual(inOrder.slice(0, 25));
    expect((await manager.request('GET', '/api/v1/marac-meetings?after=%25%25')).statusCode).toBe(400);
    const page = await manager.get('/marac?before=%25%25');
    expect(page.statusCode).toBe(200);
    expect(meetingIds(page.body)).toEqual(inOrder.slice(0, 25));
  });

  it('another organisation sees only its own meetings, whatever the cursor; his side gets not found', async () => {
    const first = await manager.get('/marac');
    const next = pageLinks(first.body).next ?? '';
    const theirs = await otherOrganisation.get(next);
    expect(theirs.statusCode).toBe(200);
    expect(meetingIds(theirs.body)).toHaveLength(1);
    expect(inOrder).not.toContain(meetingIds(theirs.body)[0]);
    expect((await facilitator.get('/marac')).statusCode).toBe(404);
    expect((await facilitator.request('GET', '/api/v1/marac-meetings?after=%25%25')).statusCode).toBe(404);
  });
});
