import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, linkedIds, pageLinks } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * The referrals list's search, filters and sort (issue 12), on the page and in the API with the
 * same parameters: his name with typos, a reference or its start, his date of birth; status,
 * who referred, the kind of agency, area, his case's worker and scope, received dates; sorted by
 * reference, name or received date either way, paging by keyset in each order.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let facilitator: TestClient;
const ids: Record<string, string> = {};
const references: Record<string, string> = {};

type Listed = { items: Array<{ id: string; reference: string }>; total: number; next: string | null; previous: string | null };

async function api(client: TestClient, query: string): Promise<Listed> {
  const response = await client.request('GET', `/api/v1/referrals${query ? `?${query}` : ''}`);
  expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
  return response.json<Listed>();
}

/** The names (keys of `ids`) the API lists for a query, in its order. */
async function named(client: TestClient, query: string): Promise<string[]> {
  const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
  return (await api(client, query)).items.map((r) => byId.get(r.id) ?? r.id);
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  const db = t.database.db;
  const people = await addParticipants(db, org.id, [
    { givenName: 'Caspian', familyName: 'Harrowgate' },
    { givenName: 'Oswin', familyName: 'Blackthorne' },
    { givenName: 'Tobias', familyName: 'Fenwick' },
  ]);
  const [harrowgate, blackthorne, fenwick] = people;
  if (!harrowgate || !blackthorne || !fenwick) {
    throw new Error('participants not added');
  }
  await db
    .updateTable('participants')
    .set({ date_of_birth: '1984-03-12', reference: 'PA-700123' })
    .where('id', '=', harrowgate.participantId)
    .execute();
  await db.updateTable('participants').set({ date_of_birth: '1990-05-01' }).where('id', '=', blackthorne.participantId).execute();
  // Blackthorne's case is the facilitator's.
  await db
    .updateTable('perpetrator_cases')
    .set({ allocated_worker_id: org.users.perpetrator.id })
    .where('id', '=', blackthorne.caseId)
    .execute();
  const referrals: Array<{
    name: string;
    participantId: string;
    reference: string;
    source: 'agency' | 'self' | 'community';
    agency: 'probation' | 'police' | null;
    area: string | null;
    receivedOn: string;
    status: 'received' | 'triage' | 'accepted';
  }> = [
    {
      name: 'harrowgate',
      participantId: harrowgate.participantId,
      reference: 'RF-900101',
      source: 'agency',
      agency: 'probation',
      area: 'Northgate',
      receivedOn: '2026-03-02',
      status: 'received',
    },
    {
      name: 'blackthorne',
      participantId: blackthorne.participantId,
      reference: 'RF-900205',
      source: 'self',
      agency: null,
      area: 'Southmere',
      receivedOn: '2026-03-10',
      status: 'triage',
    },
    {
      name: 'fenwick',
      participantId: fenwick.participantId,
      reference: 'RF-900150',
      source: 'community',
      agency: null,
      area: null,
      receivedOn: '2026-02-20',
      status: 'accepted',
    },
    {
      name: 'harrowgate2',
      participantId: harrowgate.participantId,
      reference: 'RF-900300',
      source: 'agency',
      agency: 'police',
      area: 'northgate',
      receivedOn: '2026-03-20',
      status: 'triage',
    },
  ];
  for (const r of referrals) {
    const row = await db
      .insertInto('referrals')
      .values({
        organisation_id: org.id,
        reference: r.reference,
        participant_id: r.participantId,
        channel: 'email',
        source: r.source,
        agency_type: r.agency,
        reason: 'Referred for assessment',
        area: r.area,
        received_on: r.receivedOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[r.name] = row.id;
    references[r.name] = r.reference;
    // The status is the latest of its history: each passes through "received" first.
    await db
      .insertInto('referral_status_history')
      .values({ organisation_id: org.id, referral_id: row.id, to_status: 'received', reason_code: 'referral_received' })
      .execute();
    if (r.status !== 'received') {
      await db
        .insertInto('referral_status_history')
        .values({
          organisation_id: org.id,
          referral_id: row.id,
          from_status: 'received',
          to_status: r.status,
          reason_code: 'triage_started',
        })
        .execute();
    }
  }
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
});
afterAll(async () => t?.close());

describe('the referrals list searches his record', () => {
  it('lists every referral, newest received first, without parameters', async () => {
    expect(await named(manager, '')).toEqual(['harrowgate2', 'blackthorne', 'harrowgate', 'fenwick']);
  });

  it('finds him by a misspelt surname, by his name and year of birth, by his date of birth', async () => {
    expect(await named(manager, 'q=Harowgate')).toEqual(['harrowgate2', 'harrowgate']);
    expect(await named(manager, 'q=Blakthorne')).toEqual(['blackthorne']);
    expect(await named(manager, 'q=Harrowgate%201984')).toEqual(['harrowgate2', 'harrowgate']);
    expect(await named(manager, 'q=Harrowgate%201985')).toEqual([]);
    expect(await named(manager, 'q=12%2F3%2F1984')).toEqual(['harrowgate2', 'harrowgate']);
    expect(await named(manager, 'q=1990-05-01')).toEqual(['blackthorne']);
  });

  it('finds a referral by its reference or its start, and him by his', async () => {
    expect(await named(manager, 'q=RF-900205')).toEqual(['blackthorne']);
    expect(await named(manager, 'q=rf900')).toEqual(['harrowgate2', 'blackthorne', 'harrowgate', 'fenwick']);
    expect(await named(manager, 'q=RF-9001')).toEqual(['harrowgate', 'fenwick']);
    expect(await named(manager, 'q=PA-700123')).toEqual(['harrowgate2', 'harrowgate']);
    expect(await named(manager, 'q=pa7001')).toEqual(['harrowgate2', 'harrowgate']);
    // Another kind of reference (a partner case's) finds nothing here, and neither does a phone.
    expect(await named(manager, 'q=PS-900101')).toEqual([]);
    expect(await named(manager, 'q=07700%20900123')).toEqual([]);
  });
});

describe('the referrals list filters', () => {
  it('by status, the latest step of each', async () => {
    expect(await named(manager, 'status=triage')).toEqual(['harrowgate2', 'blackthorne']);
    expect(await named(manager, 'status=received')).toEqual(['harrowgate']);
    expect(await named(manager, 'status=declined')).toEqual([]);
  });

  it('by who referred and the kind of agency', async () => {
    expect(await named(manager, 'source=agency')).toEqual(['harrowgate2', 'harrowgate']);
    expect(await named(manager, 'source=self')).toEqual(['blackthorne']);
    expect(await named(manager, 'source=community')).toEqual(['fenwick']);
    expect(await named(manager, 'agency=police')).toEqual(['harrowgate2']);
    expect(await named(manager, 'source=agency&agency=probation')).toEqual(['harrowgate']);
  });

  it('by area, whatever its case', async () => {
    expect(await named(manager, 'area=NORTHGATE')).toEqual(['harrowgate2', 'harrowgate']);
    expect(await named(manager, 'area=Southmere')).toEqual(['blackthorne']);
  });

  it('by his case’s worker, and by scope for the worker', async () => {
    expect(await named(manager, `worker=${org.users.perpetrator.id}`)).toEqual(['blackthorne']);
    expect(await named(facilitator, 'scope=mine')).toEqual(['blackthorne']);
    expect(await named(facilitator, 'scope=team')).toEqual(['blackthorne']);
    expect(await named(manager, 'scope=mine')).toEqual([]);
    expect(await named(facilitator, 'scope=all')).toEqual(['harrowgate2', 'blackthorne', 'harrowgate', 'fenwick']);
  });

  it('by received dates, each end included', async () => {
    expect(await named(manager, 'from=2026-03-02')).toEqual(['harrowgate2', 'blackthorne', 'harrowgate']);
    expect(await named(manager, 'to=2026-03-02')).toEqual(['harrowgate', 'fenwick']);
    expect(await named(manager, 'from=2026-03-01&to=2026-03-10')).toEqual(['blackthorne', 'harrowgate']);
  });

  it('combines filters with a search', async () => {
    expect(await named(manager, 'q=Harrowgate&status=triage&area=northgate&from=2026-03-01')).toEqual(['harrowgate2']);
  });

  it('refuses a value it does not know: a 400 naming it in the API, beside its field on the page', async () => {
    for (const [query, field] of [
      ['status=lost', 'status'],
      ['source=neighbour', 'source'],
      ['agency=bank', 'agency'],
      ['worker=someone', 'worker'],
      ['scope=everyone', 'scope'],
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-03-10&to=2026-03-01', 'to'],
      ['sort=status', 'sort'],
      ['dir=up', 'dir'],
      ['source=self&agency=police', 'agency'],
      ['q=x', 'q'],
      [`area=${'a'.repeat(101)}`, 'area'],
      ['status=triage&status=received', 'status'],
    ] as const) {
      const response = await manager.request('GET', `/api/v1/referrals?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(Object.keys(response.json<{ error: { fields: Record<string, string> } }>().error.fields), query).toContain(field);
      const page = await manager.get(`/referrals?${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(page.body, query).toContain(`id="${field}-error"`);
      expect(page.body, query).toContain('There is a problem');
    }
  });
});

describe('the referrals list sorts on the server', () => {
  it('by reference, name or received date, either way', async () => {
    expect(await named(manager, 'sort=reference')).toEqual(['harrowgate', 'fenwick', 'blackthorne', 'harrowgate2']);
    expect(await named(manager, 'sort=reference&dir=desc')).toEqual(['harrowgate2', 'blackthorne', 'fenwick', 'harrowgate']);
    expect(await named(manager, 'sort=received&dir=asc')).toEqual(['fenwick', 'harrowgate', 'blackthorne', 'harrowgate2']);
    const byName = await named(manager, 'sort=name');
    expect(byName.slice(0, 2)).toEqual(['blackthorne', 'fenwick']);
    expect(byName.slice(2).sort()).toEqual(['harrowgate', 'harrowgate2']);
    const byNameDesc = await named(manager, 'sort=name&dir=desc');
    expect(byNameDesc).toEqual([...byName].reverse());
  });

  it('the page’s headings link to each order, marking the one shown', async () => {
    const page = await manager.get('/referrals?sort=reference&status=triage');
    expect(page.body).toMatch(
      /aria-sort="ascending"[^>]*>\s*<a[^>]*href="\/referrals\?status=triage&amp;sort=reference&amp;dir=desc"/,
    );
    expect(page.body).toContain('data-qa="sort-name"');
    expect(linkedIds(page.body, '/referrals')).toEqual([ids.blackthorne, ids.harrowgate2]);
  });
});

describe('a filtered, sorted list pages by keyset in its own order', () => {
  beforeAll(async () => {
    const db = t.database.db;
    const [him] = await addParticipants(db, org.id, [{ givenName: 'Peregrine', familyName: 'Ashcombe' }]);
    for (let n = 0; n < 30; n++) {
      const row = await db
        .insertInto('referrals')
        .values({
          organisation_id: org.id,
          reference: `RF-8${String(n).padStart(5, '0')}`,
          participant_id: him?.participantId ?? '',
          channel: 'phone',
          source: 'self',
          reason: 'Self-referral',
          area: 'Eastwick',
          received_on: '2026-01-15',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('referral_status_history')
        .values({ organisation_id: org.id, referral_id: row.id, to_status: 'received', reason_code: 'referral_received' })
        .execute();
    }
  });

  it('pages forward and back through a filter sorted by reference, every referral once', async () => {
    const first = await manager.get('/referrals?area=Eastwick&sort=reference&dir=desc');
    expect(first.body).toContain('30 referrals');
    const firstIds = linkedIds(first.body, '/referrals');
    expect(firstIds).toHaveLength(25);
    const nextHref = pageLinks(first.body).next ?? '';
    expect(nextHref).toContain('area=Eastwick');
    const second = await manager.get(nextHref);
    const secondIds = linkedIds(second.body, '/referrals');
    expect(secondIds).toHaveLength(5);
    expect(new Set([...firstIds, ...secondIds]).size).toBe(30);
    const back = await manager.get(pageLinks(second.body).previous ?? '');
    expect(linkedIds(back.body, '/referrals')).toEqual(firstIds);
    const references = (await api(manager, 'area=Eastwick&sort=reference&dir=desc')).items.map((r) => r.reference);
    expect(references).toEqual([...references].sort().reverse());
  });

  it('in the API, a cursor from other filters is refused; on the page it shows the first page', async () => {
    const first = await api(manager, 'area=Eastwick&sort=name');
    expect(first.total).toBe(30);
    const rest = await api(manager, `area=Eastwick&sort=name&after=${first.next ?? ''}`);
    expect(new Set([...first.items, ...rest.items].map((r) => r.id)).size).toBe(30);
    const stale = await manager.request('GET', `/api/v1/referrals?area=Eastwick&sort=reference&after=${first.next ?? ''}`);
    expect(stale.statusCode).toBe(400);
    const page = await manager.get(`/referrals?area=Eastwick&sort=reference&after=${first.next ?? ''}`);
    expect(page.statusCode).toBe(200);
    expect(pageLinks(page.body).previous).toBeNull();
  });
});
