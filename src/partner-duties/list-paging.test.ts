import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases, pageLinks } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * The outstanding duties list pages by cursor in due-date order (then case, then event): many
 * duties fall due the same day, so the order within a day is where paging breaks if it breaks.
 * A duty is there as soon as his event is written, on each of his partners' cases.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let partnerWorker: TestClient;
let facilitator: TestClient;
/** Every outstanding duty as "case/event", in the list's order. */
let inOrder: string[];
let workersCases: string[];

const dutyKeys = (body: string) =>
  [...body.matchAll(/href="\/partner-cases\/([0-9a-f-]{36})\/duties\/([0-9a-f-]{36})"/g)].map((m) => `${m[1]}/${m[2]}`);

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  const db = t.database.db;
  const men = await addParticipants(
    db,
    org.id,
    Array.from({ length: 8 }, (_, i) => ({ givenName: `Ellis${i}`, familyName: 'Varden' })),
  );
  const cases: string[] = [];
  for (const [i, him] of men.entries()) {
    const hers = await addPartnerCases(db, org.id, him.participantId, [
      { givenName: `Juno${i}`, familyName: 'Ashby' },
      { givenName: `Wren${i}`, familyName: 'Ashby' },
    ]);
    cases.push(...hers.map((h) => h.caseId));
    // Two events of his each: a duty on both of his partners' cases, most due the same day.
    for (const type of ['missed_session', i % 2 === 0 ? 'suspended' : 'missed_session'] as const) {
      await db
        .insertInto('participant_events')
        .values({
          organisation_id: org.id,
          participant_id: him.participantId,
          type,
          occurred_on: '2026-03-02',
          basic_summary: `Event ${type} for the list test`,
        })
        .execute();
    }
  }
  // Half her cases are the partner worker's own.
  workersCases = cases.filter((_, i) => i % 2 === 0);
  await db
    .updateTable('partner_cases')
    .set({ allocated_worker_id: org.users.partner.id })
    .where('id', 'in', workersCases)
    .execute();
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
  // The first view dates them; the order is then read back from the table the list pages on.
  expect((await manager.get('/partner-duties')).statusCode).toBe(200);
  const rows = await db
    .selectFrom('partner_duties_outstanding')
    .select(['partner_case_id', 'event_id'])
    .where('organisation_id', '=', org.id)
    .orderBy('due_on')
    .orderBy('partner_case_id')
    .orderBy('event_id')
    .execute();
  inOrder = rows.map((r) => `${r.partner_case_id}/${r.event_id}`);
});
afterAll(async () => t?.close());

describe('the outstanding duties list pages by cursor, oldest due first', () => {
  it('holds a duty for each of his events on each of his partners’ cases, dated', async () => {
    expect(inOrder).toHaveLength(32);
    const undated = await t.database.db
      .selectFrom('partner_duties_outstanding')
      .select('event_id')
      .where('organisation_id', '=', org.id)
      .where('due_on', 'is', null)
      .execute();
    expect(undated).toEqual([]);
  });

  it('pages forward and back over duties due the same day, every duty once', async () => {
    const first = await manager.get('/partner-duties');
    expect(first.body).toContain('32 duties waiting');
    expect(dutyKeys(first.body)).toEqual(inOrder.slice(0, 25));
    const second = await manager.get(pageLinks(first.body).next ?? '');
    expect(dutyKeys(second.body)).toEqual(inOrder.slice(25));
    expect(pageLinks(second.body).next).toBeNull();
    const back = await manager.get(pageLinks(second.body).previous ?? '');
    expect(dutyKeys(back.body)).toEqual(inOrder.slice(0, 25));
    expect(pageLinks(back.body).previous).toBeNull();
  });

  it('shows her worker only her own cases’ duties, in the same order', async () => {
    const mine = inOrder.filter((key) => workersCases.includes(key.slice(0, 36)));
    const page = await partnerWorker.get('/partner-duties');
    expect(page.body).toContain('16 duties waiting');
    expect(dutyKeys(page.body)).toEqual(mine);
    expect(pageLinks(page.body).next).toBeNull();
  });

  it('the API pages with the same cursors; a malformed one is a 400, on the page the first page', async () => {
    type Page = { items: Array<{ eventId: string; partnerCase: { id: string } }>; next: string | null };
    const keys = (page: Page) => page.items.map((d) => `${d.partnerCase.id}/${d.eventId}`);
    const first = (await manager.request('GET', '/api/v1/partner-duties')).json<Page>();
    const rest = (await manager.request('GET', `/api/v1/partner-duties?after=${first.next ?? ''}`)).json<Page>();
    expect([...keys(first), ...keys(rest)]).toEqual(inOrder);
    expect(rest.next).toBeNull();
    expect((await manager.request('GET', '/api/v1/partner-duties?before=%25%25')).statusCode).toBe(400);
    const page = await manager.get('/partner-duties?after=%25%25');
    expect(page.statusCode).toBe(200);
    expect(dutyKeys(page.body)).toEqual(inOrder.slice(0, 25));
  });

  it('bounds the dashboard to the first ten and links to the rest', async () => {
    const dashboard = await manager.get('/dashboard');
    const section = /id="duties"[\s\S]*?data-qa="dashboard-duties-more"[^]*?<\/p>/.exec(dashboard.body)?.[0] ?? '';
    expect(section).toContain('href="/partner-duties"');
    expect(section).toContain('and 22 more');
  });

  it('a duty is there as soon as his event is written, and gone once recorded', async () => {
    const case0 = workersCases[0] ?? '';
    const before = inOrder.filter((key) => key.startsWith(case0));
    const event = before[0]?.slice(37) ?? '';
    const recorded = await partnerWorker.request('POST', `/api/v1/partner-cases/${case0}/duties/${event}`, {
      json: { outcome: 'not_told', reason: 'unreachable' },
    });
    expect(recorded.statusCode, recorded.body).toBe(204);
    const page = await partnerWorker.get('/partner-duties');
    expect(dutyKeys(page.body)).not.toContain(`${case0}/${event}`);
    expect(page.body).toContain('15 duties waiting');
  });

  it('his side gets not found, whatever the cursor', async () => {
    expect((await facilitator.get('/partner-duties')).statusCode).toBe(404);
    expect((await facilitator.request('GET', '/api/v1/partner-duties?after=%25%25')).statusCode).toBe(404);
  });
});
