import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, linkedIds, pageLinks, type ListedParticipant } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { createTestProgramme } from '../../test/fixtures/programme.js';

/*
 * His caseload's search box and filters (issue 12), on the page and in the API: a name with a typo
 * or another spelling, a reference or its start, a date of birth either way round, a phone or a
 * postcode typed any way; the filters alone and with paging; and what the partner side may not
 * search him by.
 */

type ListJson = {
  items: Array<{ id: string }>;
  total: number;
  next: string | null;
  previous: string | null;
  scope: string;
};
type ErrorJson = { error: { code: string; fields: Record<string, string> } };

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let ashdown: ListedParticipant;
let khan: ListedParticipant;
let pryce: ListedParticipant;
let smith1984: ListedParticipant;
let smith1979: ListedParticipant;
let waiting: ListedParticipant[];
let groupId: string;

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

/** The participant ids the API lists for a query (one page). */
async function found(client: TestClient, query: string): Promise<string[]> {
  const response = await client.request('GET', `/api/v1/participants?${query}`);
  expect(response.statusCode, query).toBe(200);
  return response.json<ListJson>().items.map((i) => i.id);
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fernbrook');
  const db = t.database.db;
  [ashdown, khan, pryce, smith1984, smith1979] = (await addParticipants(db, org.id, [
    { givenName: 'Marlowe', familyName: 'Ashdown' },
    { givenName: 'Mohammed', familyName: 'Khan' },
    { givenName: 'Zoë', familyName: 'Pryce' },
    { givenName: 'Nigel', familyName: 'Smith' },
    { givenName: 'Nigel', familyName: 'Smith' },
  ])) as [ListedParticipant, ListedParticipant, ListedParticipant, ListedParticipant, ListedParticipant];
  waiting = await addParticipants(
    db,
    org.id,
    Array.from({ length: 30 }, (_, i) => ({ givenName: `Ivo${String(i).padStart(2, '0')}`, familyName: 'Tolliver' })),
  );
  const set = (id: string, values: Record<string, string>) =>
    db.updateTable('participants').set(values).where('id', '=', id).execute();
  await set(ashdown.participantId, {
    reference: 'PA-5042',
    date_of_birth: '1984-03-12',
    phone: '07700 900 555',
    postcode: 'LS1 4AB',
  });
  await set(khan.participantId, { reference: 'PA-50421' });
  await set(smith1984.participantId, { date_of_birth: '1984-07-01' });
  await set(smith1979.participantId, { date_of_birth: '1979-02-02' });
  const setCase = (caseId: string, values: Record<string, string | null>) =>
    db.updateTable('perpetrator_cases').set(values).where('id', '=', caseId).execute();
  await setCase(ashdown.caseId, { allocated_worker_id: org.users.perpetrator.id });
  await setCase(khan.caseId, { allocated_worker_id: org.users.management.id });
  // Smith (1984) referred long ago and never contacted: his first contact is overdue. Smith (1979) was referred today.
  await setCase(smith1984.caseId, { status: 'referred', opened_on: '2025-01-06' });
  await setCase(smith1979.caseId, { status: 'referred' });
  for (const man of waiting) {
    await setCase(man.caseId, { status: 'waiting' });
  }
  // The manager also sits in the facilitators' team: "My team" holds the cases allocated to either.
  await db
    .insertInto('team_memberships')
    .values({ organisation_id: org.id, team_id: org.teams.perpetrator, user_id: org.users.management.id })
    .execute();
  // His latest assessment is medium (version 2), after a high one.
  for (const [version, level] of [
    [1, 'high'],
    [2, 'medium'],
  ] as const) {
    await db
      .insertInto('risk_assessments')
      .values({
        organisation_id: org.id,
        participant_id: khan.participantId,
        version,
        assessed_on: '2026-01-05',
        overall_level: level,
        summary: 'Assessed',
        management_plan: 'Plan',
        review_on: '2026-04-05',
        assessed_by: org.users.perpetrator.id,
      })
      .execute();
  }
  const programme = await createTestProgramme(db, org, { sessionCount: 1 });
  groupId = programme.groupId;
  await db
    .insertInto('programme_enrolments')
    .values({
      organisation_id: org.id,
      participant_id: pryce.participantId,
      perpetrator_case_id: pryce.caseId,
      programme_id: programme.programmeId,
      group_id: groupId,
      ready_on: '2026-01-01',
      started_on: '2026-01-05',
    })
    .execute();
  facilitator = await signedIn(org.users.perpetrator);
  partnerWorker = await signedIn(org.users.partner);
});
afterAll(async () => t?.close());

describe('his caseload’s search box', () => {
  it('finds him by a misspelt name, another spelling of it, or without its accent', async () => {
    expect(await found(facilitator, 'q=Ashdwon')).toEqual([ashdown.participantId]);
    expect(await found(facilitator, 'q=marlow%20ashdon')).toEqual([ashdown.participantId]);
    expect(await found(facilitator, 'q=Muhammad')).toEqual([khan.participantId]);
    expect(await found(facilitator, 'q=Zoe%20Pryce')).toEqual([pryce.participantId]);
    expect(await found(facilitator, 'q=Smyth')).toEqual(
      [smith1984, smith1979].map((s) => s.participantId).sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(await found(facilitator, 'q=Smith%201984')).toEqual([smith1984.participantId]);
  });

  it('finds him by reference, exactly or by its start, and by date of birth, phone or postcode however typed', async () => {
    expect(await found(facilitator, 'q=PA-50421')).toEqual([khan.participantId]);
    expect(await found(facilitator, 'q=pa-5042')).toEqual([ashdown.participantId, khan.participantId]);
    expect(await found(facilitator, 'q=PA5042')).toEqual([ashdown.participantId, khan.participantId]);
    for (const q of [
      '12/3/1984',
      '12/03/1984',
      '1984-03-12',
      '07700900555',
      '07700%20900555',
      '%2B44%207700%20900555',
      'ls14ab',
      'LS1%204AB',
    ]) {
      expect(await found(facilitator, `q=${q}`), q).toEqual([ashdown.participantId]);
    }
  });

  it('shows the search on the page: the box keeps it, a remove link clears it, and nothing matched says so', async () => {
    const page = await facilitator.get('/participants?scope=all&q=Ashdwon');
    expect(page.statusCode).toBe(200);
    expect(linkedIds(page.body, '/participants')).toEqual([ashdown.participantId]);
    expect(page.body).toContain('value="Ashdwon"');
    expect(page.body).toContain('href="/participants?scope=all"');
    const none = await facilitator.get('/participants?scope=all&q=Wendeline');
    expect(none.body).toContain('No participants match these filters.');
  });

  it('the partner side finds him by name or reference, never by what it may not see of him', async () => {
    expect(await found(partnerWorker, 'q=Ashdwon')).toEqual([ashdown.participantId]);
    expect(await found(partnerWorker, 'q=PA-5042')).toEqual([ashdown.participantId, khan.participantId]);
    for (const q of ['1984-03-12', '07700900555', 'LS1%204AB', 'Smith%201984']) {
      expect(await found(partnerWorker, `q=${q}`), q).toEqual([]);
    }
    for (const param of ['risk=high', `group=${groupId}`, 'overdue=first-contact']) {
      const refused = await partnerWorker.request('GET', `/api/v1/participants?${param}`);
      expect(refused.statusCode, param).toBe(400);
      expect(Object.keys(refused.json<ErrorJson>().error.fields), param).toEqual([param.split('=')[0]]);
    }
  });
});

describe('his caseload’s filters', () => {
  it('filters by status, worker, team, group, risk level and overdue first contact', async () => {
    expect(await found(facilitator, 'status=referred')).toEqual([smith1984, smith1979].map((s) => s.participantId).sort());
    expect(await found(facilitator, `worker=${org.users.management.id}`)).toEqual([khan.participantId]);
    expect(await found(facilitator, `team=${org.teams.perpetrator}`)).toEqual([ashdown.participantId, khan.participantId]);
    expect(await found(facilitator, `team=${org.teams.partner}`)).toEqual([]);
    expect(await found(facilitator, `group=${groupId}`)).toEqual([pryce.participantId]);
    expect(await found(facilitator, 'risk=medium')).toEqual([khan.participantId]);
    expect(await found(facilitator, 'risk=high')).toEqual([]);
    expect(await found(facilitator, 'overdue=first-contact')).toEqual([smith1984.participantId]);
  });

  it('opens on "My cases" for a worker with cases allocated, with a switch to the team and all', async () => {
    const page = await facilitator.get('/participants');
    expect(linkedIds(page.body, '/participants')).toEqual([ashdown.participantId]);
    expect(page.body).toMatch(/href="\/participants\?scope=mine"[^>]*aria-current="page"/);
    const team = await facilitator.get('/participants?scope=team');
    expect(linkedIds(team.body, '/participants')).toEqual([ashdown.participantId, khan.participantId]);
    // The partner side has none of his cases allocated: its page opens on all of them, and says so.
    const partnerPage = await partnerWorker.get('/participants');
    expect(partnerPage.body).toContain('No cases are allocated to you, so this shows all cases.');
    expect(linkedIds(partnerPage.body, '/participants')).toHaveLength(25);
    expect((await facilitator.request('GET', '/api/v1/participants')).json<ListJson>().scope).toBe('all');
    expect(await found(facilitator, 'scope=mine')).toEqual([ashdown.participantId]);
  });

  it('pages a filtered list by cursor: the links keep the filters, and a cursor from other filters is not used', async () => {
    const first = await facilitator.get('/participants?status=waiting&scope=all');
    expect(linkedIds(first.body, '/participants')).toHaveLength(25);
    const next = pageLinks(first.body).next ?? '';
    expect(next).toMatch(/^\/participants\?scope=all&status=waiting&after=[A-Za-z0-9_-]+$/);
    const second = await facilitator.get(next);
    expect(linkedIds(second.body, '/participants')).toEqual(waiting.slice(25).map((m) => m.participantId));
    const previous = pageLinks(second.body).previous ?? '';
    expect(linkedIds((await facilitator.get(previous)).body, '/participants')).toEqual(linkedIds(first.body, '/participants'));
    // The same cursor under other filters shows that list's first page.
    const cursor = new URLSearchParams(next.split('?')[1]).get('after') ?? '';
    const other = await facilitator.get(`/participants?scope=all&q=Tolliver&after=${cursor}`);
    expect(linkedIds(other.body, '/participants')).toEqual(waiting.slice(0, 25).map((m) => m.participantId));

    const api = (await facilitator.request('GET', '/api/v1/participants?status=waiting')).json<ListJson>();
    expect(api.total).toBe(30);
    const more = await facilitator.request('GET', `/api/v1/participants?status=waiting&after=${api.next ?? ''}`);
    expect(more.json<ListJson>().items.map((i) => i.id)).toEqual(waiting.slice(25).map((m) => m.participantId));
    for (const query of [`after=${api.next ?? ''}`, `status=referred&after=${api.next ?? ''}`]) {
      const refused = await facilitator.request('GET', `/api/v1/participants?${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(Object.keys(refused.json<ErrorJson>().error.fields), query).toEqual(['cursor']);
    }
  });

  it('refuses a value it does not know with a 400 naming the parameter (API) or a message beside it (page)', async () => {
    for (const [query, field] of [
      ['status=engaged', 'status'],
      ['scope=everyone', 'scope'],
      ['worker=nobody', 'worker'],
      ['team=1', 'team'],
      ['group=x', 'group'],
      ['risk=severe', 'risk'],
      ['overdue=yes', 'overdue'],
      ['q=31%2F2%2F1984', 'q'],
      ['q=a', 'q'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['status=active&status=waiting', 'status'],
    ] as const) {
      const response = await facilitator.request('GET', `/api/v1/participants?${query}`);
      expect(response.statusCode, query).toBe(400);
      const body = response.json<ErrorJson>();
      expect(body.error.code).toBe('invalid');
      expect(Object.keys(body.error.fields), query).toEqual([field]);
      const page = await facilitator.get(`/participants?scope=all&${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(page.body, query).toContain(`href="#${field}"`);
    }
  });

  it('documents its parameters in the OpenAPI description', async () => {
    const document = (await facilitator.request('GET', '/api/v1/openapi.json')).json<{
      paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }>;
    }>();
    for (const path of ['/api/v1/participants', '/api/v1/partner-cases']) {
      const names = document.paths[path]?.get?.parameters?.map((p) => p.name) ?? [];
      expect(names, path).toEqual(expect.arrayContaining(['scope', 'q', 'status', 'worker', 'team', 'risk', 'overdue', 'after']));
    }
    expect(document.paths['/api/v1/participants']?.get?.parameters?.map((p) => p.name)).toContain('group');
  });
});
