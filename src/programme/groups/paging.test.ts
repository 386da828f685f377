import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { pageLinks } from '../../../test/fixtures/caseloads.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import type { GroupStatus, ProgrammeSide } from '../../db/schema.js';
import { encodeCursor } from '../../web/pagination.js';

/*
 * The groups list pages by cursor in its order: running and planned first, newest start first,
 * then name, then id. Many groups start the same day and a name may be used once on each side,
 * so the order within a start date (and within a name) is where paging breaks if it breaks.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let facilitator: TestClient;
let partnerWorker: TestClient;
/** Every group's id, in the list's order, and each side's. */
let inOrder: string[];
let his: string[];
let hers: string[];

const groupIds = (body: string) =>
  [...body.matchAll(/href="\/groups\/([0-9a-f-]{36})" data-qa="group-link"/g)].map((m) => m[1] ?? '');

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  const db = t.database.db;
  const programmeOf = async (side: ProgrammeSide) =>
    (
      await db
        .insertInto('programmes')
        .values({
          organisation_id: org.id,
          side,
          kind: side === 'partner' ? 'partner_support_group' : 'group_dapp',
          name: `Paging ${side}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const programmes = { perpetrator: await programmeOf('perpetrator'), partner: await programmeOf('partner') };
  const groups: Array<{ side: ProgrammeSide; name: string; start: string; status: GroupStatus }> = [
    ...Array.from({ length: 24 }, (_, i) => ({
      side: 'perpetrator' as const,
      name: `Evening ${String(23 - i).padStart(2, '0')}`,
      start: ['2031-01-06', '2031-02-03', '2031-03-03'][i % 3] ?? '',
      status: (i % 2 === 0 ? 'running' : 'planned') as GroupStatus,
    })),
    ...Array.from({ length: 6 }, (_, i) => ({
      side: 'perpetrator' as const,
      name: `Finished ${i}`,
      start: '2030-01-07',
      status: (i % 2 === 0 ? 'finished' : 'cancelled') as GroupStatus,
    })),
    // Her side uses some of the same names on the same start dates: only the id tells them apart.
    ...Array.from({ length: 6 }, (_, i) => ({
      side: 'partner' as const,
      name: `Evening ${String(i).padStart(2, '0')}`,
      start: ['2031-01-06', '2031-02-03', '2031-03-03'][i % 3] ?? '',
      status: 'running' as GroupStatus,
    })),
  ];
  for (const g of groups) {
    await db
      .insertInto('programme_groups')
      .values({
        organisation_id: org.id,
        programme_id: programmes[g.side],
        side: g.side,
        name: g.name,
        intake: 'rolling',
        day_of_week: 2,
        start_time: '18:00:00',
        duration_minutes: 120,
        capacity: 10,
        start_date: g.start,
        status: g.status,
      })
      .execute();
  }
  const rows = await db
    .selectFrom('programme_groups')
    .select(['id', 'side'])
    .where('organisation_id', '=', org.id)
    .orderBy((eb) => eb('status', 'in', ['finished', 'cancelled']))
    .orderBy('start_date', 'desc')
    .orderBy('name')
    .orderBy('id')
    .execute();
  inOrder = rows.map((r) => r.id);
  his = rows.filter((r) => r.side === 'perpetrator').map((r) => r.id);
  hers = rows.filter((r) => r.side === 'partner').map((r) => r.id);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
});
afterAll(async () => t?.close());

describe('the groups list pages by cursor, running and planned first, newest start first', () => {
  it('pages forward and back over groups starting the same day, every group once', async () => {
    expect(inOrder).toHaveLength(36);
    const first = await manager.get('/groups');
    expect(first.body).toContain('36 groups');
    expect(groupIds(first.body)).toEqual(inOrder.slice(0, 25));
    expect(pageLinks(first.body).previous).toBeNull();
    const second = await manager.get(pageLinks(first.body).next ?? '');
    expect(groupIds(second.body)).toEqual(inOrder.slice(25));
    expect(pageLinks(second.body).next).toBeNull();
    const back = await manager.get(pageLinks(second.body).previous ?? '');
    expect(groupIds(back.body)).toEqual(inOrder.slice(0, 25));
    expect(pageLinks(back.body).previous).toBeNull();
  });

  it('shows each side only its own groups, in the same order, whatever the cursor', async () => {
    const first = await facilitator.get('/groups');
    expect(first.body).toContain('30 groups');
    expect(groupIds(first.body)).toEqual(his.slice(0, 25));
    const second = await facilitator.get(pageLinks(first.body).next ?? '');
    expect(groupIds(second.body)).toEqual(his.slice(25));
    // Her worker sees both sides' groups, as a manager does.
    const partnerPage = await partnerWorker.get('/groups');
    expect(groupIds(partnerPage.body)).toEqual(inOrder.slice(0, 25));
    // A cursor naming a group of her side, sent by his side, shows his first page.
    const foreign = await facilitator.get(`/groups?after=${encodeCursor([hers[0] ?? ''])}`);
    expect(foreign.statusCode).toBe(200);
    expect(groupIds(foreign.body)).toEqual(his.slice(0, 25));
    expect(foreign.body).not.toContain(hers[0]);
  });

  it('the API pages with the same cursors; a malformed one is a 400, on the page the first page', async () => {
    type Page = { items: Array<{ id: string }>; next: string | null; previous: string | null; total: number };
    const first = (await manager.request('GET', '/api/v1/groups')).json<Page>();
    expect(first.total).toBe(36);
    const rest = (await manager.request('GET', `/api/v1/groups?after=${first.next ?? ''}`)).json<Page>();
    expect([...first.items, ...rest.items].map((g) => g.id)).toEqual(inOrder);
    expect(rest.next).toBeNull();
    const back = (await manager.request('GET', `/api/v1/groups?before=${rest.previous ?? ''}`)).json<Page>();
    expect(back.items.map((g) => g.id)).toEqual(inOrder.slice(0, 25));
    expect((await manager.request('GET', '/api/v1/groups?after=%25%25')).statusCode).toBe(400);
    const page = await manager.get('/groups?after=%25%25');
    expect(page.statusCode).toBe(200);
    expect(groupIds(page.body)).toEqual(inOrder.slice(0, 25));
  });
});
