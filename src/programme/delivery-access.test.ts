import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation } from '../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../test/fixtures/programme.js';
import { createTestParticipant } from '../../test/fixtures/programme-members.js';
import { setUpDeliveryTest, type DeliveryTest } from './delivery-test-setup.js';

/*
 * Every programme delivery page and API read, as each role: his side's records for the case-holding
 * sides, her side's support groups "not found" for his side, nothing for administrators (but
 * venues) and for data-protection officers, and another organisation's records not found.
 */
let d: DeliveryTest;
let his: TestProgramme;
let hers: TestProgramme;
let participantId: string;
let dpo: TestClient;
let anonymous: TestClient;
let otherManager: TestClient;

beforeAll(async () => {
  d = await setUpDeliveryTest('Access');
  const db = d.t.database.db;
  const man = await createTestParticipant(db, d.org, { givenName: 'Ivor', familyName: 'Lanyon' });
  participantId = man.participantId;
  his = await createTestProgramme(db, d.org, { label: 'Acc', participantIds: [participantId] });
  hers = await createTestProgramme(db, d.org, { side: 'partner', label: 'Acc' });
  dpo = await d.signedIn(d.org.users.dpo);
  anonymous = d.t.client();
  const other = await createTestOrganisation(db, 'Elsewhere');
  otherManager = await d.signedIn(other.users.management);
});
afterAll(async () => d?.t.close());

type Who = 'facilitator' | 'partnerWorker' | 'manager' | 'admin' | 'dpo' | 'otherManager';
const client = (who: Who): TestClient =>
  ({ facilitator: d.facilitator, partnerWorker: d.partnerWorker, manager: d.manager, admin: d.admin, dpo, otherManager })[who];

// prettier-ignore
const PAGES: Array<[string, (p: { his: TestProgramme; hers: TestProgramme; participantId: string }) => string, Record<Who, number>]> = [
  //                                                                                 P    p    M    A    D    other org
  ['programmes', () => '/programmes',                                               { facilitator: 200, partnerWorker: 200, manager: 200, admin: 403, dpo: 403, otherManager: 200 }],
  ['his programme', (x) => `/programmes/${x.his.programmeId}`,                      { facilitator: 200, partnerWorker: 200, manager: 200, admin: 403, dpo: 404, otherManager: 404 }],
  ['her programme', (x) => `/programmes/${x.hers.programmeId}`,                     { facilitator: 404, partnerWorker: 200, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['waiting list', (x) => `/programmes/${x.his.programmeId}/waiting-list`,          { facilitator: 200, partnerWorker: 403, manager: 200, admin: 403, dpo: 403, otherManager: 404 }],
  ['her waiting list', (x) => `/programmes/${x.hers.programmeId}/waiting-list`,     { facilitator: 404, partnerWorker: 403, manager: 404, admin: 403, dpo: 403, otherManager: 404 }],
  ['groups', () => '/groups',                                                       { facilitator: 200, partnerWorker: 200, manager: 200, admin: 403, dpo: 403, otherManager: 200 }],
  ['his group', (x) => `/groups/${x.his.groupId}`,                                  { facilitator: 200, partnerWorker: 200, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['her group', (x) => `/groups/${x.hers.groupId}`,                                 { facilitator: 404, partnerWorker: 200, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['his group edit', (x) => `/groups/${x.his.groupId}/edit`,                        { facilitator: 200, partnerWorker: 404, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['her group edit', (x) => `/groups/${x.hers.groupId}/edit`,                       { facilitator: 404, partnerWorker: 200, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['his session', (x) => `/sessions/${x.his.sessions[0]?.id}`,                      { facilitator: 200, partnerWorker: 200, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['her session', (x) => `/sessions/${x.hers.sessions[0]?.id}`,                     { facilitator: 404, partnerWorker: 200, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['her session reschedule', (x) => `/sessions/${x.hers.sessions[0]?.id}/reschedule`, { facilitator: 404, partnerWorker: 200, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['his programme section', (x) => `/participants/${x.participantId}/programme`,    { facilitator: 200, partnerWorker: 403, manager: 200, admin: 403, dpo: 403, otherManager: 404 }],
  ['non-association form', (x) => `/participants/${x.participantId}/non-associations/new`, { facilitator: 200, partnerWorker: 404, manager: 200, admin: 404, dpo: 404, otherManager: 404 }],
  ['venues', () => '/venues',                                                       { facilitator: 200, partnerWorker: 200, manager: 200, admin: 200, dpo: 403, otherManager: 200 }],
  ['venue form', () => '/venues/new',                                               { facilitator: 404, partnerWorker: 404, manager: 200, admin: 200, dpo: 404, otherManager: 200 }],
  ['venue calendar', (x) => `/venues/${x.his.venueId}/calendar`,                    { facilitator: 200, partnerWorker: 200, manager: 200, admin: 403, dpo: 403, otherManager: 404 }],
  ['my calendar', () => '/calendar',                                                { facilitator: 200, partnerWorker: 200, manager: 200, admin: 403, dpo: 403, otherManager: 200 }],
  ['feed settings', () => '/calendar/feed',                                         { facilitator: 200, partnerWorker: 200, manager: 200, admin: 403, dpo: 403, otherManager: 200 }],
];

describe('who may open which page', () => {
  it.each(PAGES)('%s', async (_name, url, expected) => {
    const path = url({ his, hers, participantId });
    for (const who of Object.keys(expected) as Who[]) {
      const response = await client(who).get(path);
      expect(response.statusCode, `${who} GET ${path}`).toBe(expected[who]);
    }
    const signedOut = await anonymous.get(path);
    expect(signedOut.statusCode, `signed out GET ${path}`).toBe(303);
    expect(signedOut.headers.location).toMatch(/^\/sign-in/);
  });

  it('his side’s 404 for her group is the same page as for a group that does not exist', async () => {
    const strip = (body: string) => body.replace(/name="_(?:csrf|formToken)" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    const hersPage = await d.facilitator.get(`/groups/${hers.groupId}`);
    const nobody = await d.facilitator.get('/groups/00000000-0000-4000-8000-000000000000');
    expect(strip(hersPage.body)).toEqual(strip(nobody.body));
  });
});

describe('the API, signed out and across the wall', () => {
  it('answers 401 to a caller who is not signed in, before looking at the body', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/programmes'],
      ['GET', `/api/v1/groups/${his.groupId}`],
      ['POST', `/api/v1/groups/${his.groupId}/members`],
      ['POST', `/api/v1/sessions/${his.sessions[0]?.id}/reschedule`],
      ['POST', `/api/v1/participants/${participantId}/enrolments`],
    ] as const) {
      const response = await anonymous.request(method, url, { json: {} });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expectErrorShape(response);
    }
  });

  it('lists only what the caller’s side may see', async () => {
    const facilitatorGroups = await d.facilitator.get('/api/v1/groups');
    expect(facilitatorGroups.body).toContain(his.groupId);
    expect(facilitatorGroups.body).not.toContain(hers.groupId);
    const partnerGroups = await d.partnerWorker.get('/api/v1/groups');
    expect(partnerGroups.body).toContain(hers.groupId);
    expect((await otherManager.get('/api/v1/groups')).body).not.toContain(his.groupId);
    expect((await otherManager.get(`/api/v1/programmes/${his.programmeId}/waiting-list`)).statusCode).toBe(404);
  });

  it('the waiting list and his programme section in the API, for his side only', async () => {
    const other = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Jory', familyName: 'Penrose' });
    const bad = await d.facilitator.request('POST', `/api/v1/participants/${other.participantId}/enrolments`, {
      json: { programmeId: his.programmeId, readyOn: '31/12/2025', reasonCode: 'because' },
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(expectErrorShape(bad).error.fields).sort()).toEqual(['readyOn', 'reasonCode']);
    const toHers = await d.manager.request('POST', `/api/v1/participants/${other.participantId}/enrolments`, {
      json: { programmeId: hers.programmeId, readyOn: '2025-12-31', reasonCode: 'assessed_suitable' },
    });
    expect(toHers.statusCode).toBe(400);
    const ok = await d.facilitator.request('POST', `/api/v1/participants/${other.participantId}/enrolments`, {
      json: { programmeId: his.programmeId, readyOn: '2025-12-31', reasonCode: 'assessed_suitable' },
    });
    expect(ok.statusCode).toBe(201);
    const list = await d.facilitator.get(`/api/v1/programmes/${his.programmeId}/waiting-list`);
    expect(list.json<{ entries: Array<{ participantName: string }> }>().entries.map((e) => e.participantName)).toEqual([
      'Jory Penrose',
    ]);
    expect(
      (
        await d.partnerWorker.request('POST', `/api/v1/participants/${other.participantId}/enrolments`, {
          json: { programmeId: his.programmeId, readyOn: '2025-12-31', reasonCode: 'assessed_suitable' },
        })
      ).statusCode,
    ).toBe(403);
    const section = await d.facilitator.get(`/api/v1/participants/${other.participantId}/programme`);
    expect(section.json<{ enrolments: unknown[] }>().enrolments).toHaveLength(1);
    expect((await d.partnerWorker.get(`/api/v1/participants/${other.participantId}/programme`)).statusCode).toBe(403);
  });

  it('a referral not yet accepted cannot join a waiting list', async () => {
    const referred = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Kit', familyName: 'Roscarrock' });
    await d.t.database.db
      .updateTable('perpetrator_cases')
      .set({ status: 'referred' })
      .where('participant_id', '=', referred.participantId)
      .execute();
    const response = await d.facilitator.request('POST', `/api/v1/participants/${referred.participantId}/enrolments`, {
      json: { programmeId: his.programmeId, readyOn: '2025-12-31', reasonCode: 'assessed_suitable' },
    });
    expect(response.statusCode).toBe(409);
    expect(expectErrorShape(response).error.message).toContain('has not been accepted yet');
  });

  it('non-associations through the API: recorded by reference, refused for the partner side', async () => {
    const a = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Lowen', familyName: 'Tregear' });
    const b = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Merryn', familyName: 'Vosper' });
    const self = await d.facilitator.request('POST', `/api/v1/participants/${a.participantId}/non-associations`, {
      json: { otherReference: a.reference, reasonCode: 'conflict' },
    });
    expect(self.statusCode).toBe(400);
    expect(expectErrorShape(self).error.fields.otherReference).toBe(
      'Enter the reference of another participant, not this participant’s own',
    );
    const made = await d.facilitator.request('POST', `/api/v1/participants/${a.participantId}/non-associations`, {
      json: { otherReference: b.reference, reasonCode: 'safety_request', note: null },
    });
    expect(made.statusCode).toBe(201);
    const id = made.json<{ id: string }>().id;
    const row = await d.t.database.db.selectFrom('non_associations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.participant_a_id < row.participant_b_id).toBe(true);
    expect((await d.partnerWorker.request('POST', `/api/v1/non-associations/${id}/end`, { json: {} })).statusCode).toBe(403);
    expect((await d.facilitator.request('POST', `/api/v1/non-associations/${id}/end`, { json: {} })).statusCode).toBe(200);
    expect((await d.facilitator.request('POST', `/api/v1/non-associations/${id}/end`, { json: {} })).statusCode).toBe(409);
  });
});

describe('venues', () => {
  it('management and administrators add and change venues, with field errors for bad input', async () => {
    const added = await d.admin.submit('/venues/new', { name: 'Riverside hall', address: '2 Mill Lane' });
    expect(added.statusCode).toBe(303);
    const venue = await d.t.database.db
      .selectFrom('venues')
      .select(['id', 'active'])
      .where('name', '=', 'Riverside hall')
      .executeTakeFirstOrThrow();
    const before = await d.t.database.db.selectFrom('venues').select('id').execute();
    const empty = await d.manager.submit('/venues/new', { name: '', address: 'kept address' });
    expect(empty.statusCode).toBe(400);
    expectFieldError(empty.body, 'name', 'Enter the name of the venue');
    expect(empty.body).toContain('kept address');
    const duplicate = await d.manager.submit('/venues/new', { name: 'riverside HALL' });
    expect(duplicate.statusCode).toBe(409);
    expectFieldError(duplicate.body, 'name', 'A venue with this name already exists');
    expect(await d.t.database.db.selectFrom('venues').select('id').execute()).toHaveLength(before.length);
    const closed = await d.manager.submit(`/venues/${venue.id}/edit`, { name: 'Riverside hall', address: '', active: 'no' });
    expect(closed.statusCode).toBe(303);
    const after = await d.t.database.db
      .selectFrom('venues')
      .select('active')
      .where('id', '=', venue.id)
      .executeTakeFirstOrThrow();
    expect(after.active).toBe(false);
    expect((await d.facilitator.submit('/venues/new', { name: 'Not mine to add' })).statusCode).toBe(403);
    expect((await d.facilitator.request('POST', '/api/v1/venues', { json: { name: 'Nor here' } })).statusCode).toBe(403);
    const api = await d.manager.request('POST', '/api/v1/venues', { json: { name: 'Harbour rooms', address: null } });
    expect(api.statusCode).toBe(201);
    expect(api.json()).toEqual({ id: expect.any(String), name: 'Harbour rooms', address: null, active: true });
  });
});

describe('the API document', () => {
  it('lists the programme delivery endpoints', async () => {
    const doc = (await d.manager.get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/api/v1/programmes')).toEqual(['get', 'post']);
    expect(methods('/api/v1/programmes/{id}')).toEqual(['get', 'patch']);
    expect(methods('/api/v1/programmes/{id}/waiting-list')).toEqual(['get']);
    expect(methods('/api/v1/groups/{id}/members')).toEqual(['get', 'post']);
    expect(methods('/api/v1/groups/{id}/sessions')).toEqual(['get', 'post']);
    expect(methods('/api/v1/sessions/{id}/reschedule')).toEqual(['post']);
    expect(methods('/api/v1/participants/{id}/enrolments')).toEqual(['post']);
    expect(methods('/api/v1/participants/{id}/non-associations')).toEqual(['post']);
    expect(methods('/api/v1/venues')).toEqual(['get', 'post']);
  });
});
