import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import {
  createTestParticipant,
  createTestProgramme,
  createTestWorker,
  type TestParticipant,
  type TestProgramme,
} from '../../../test/fixtures/programme.js';
import type { TestUser } from '../../../test/fixtures/organisation.js';
import { auditCount, createdId, setUpDeliveryTest, type DeliveryTest } from '../delivery-test-setup.js';

let d: DeliveryTest;
let programme: TestProgramme;
let partnerGroup: TestProgramme;
let callum: TestParticipant;
let ewan: TestParticipant;
let fraser: TestParticipant;
let coFacilitator: TestUser;

beforeAll(async () => {
  d = await setUpDeliveryTest('Groupwork');
  const db = d.t.database.db;
  programme = await createTestProgramme(db, d.org, { label: 'G', sessionCount: 3 });
  partnerGroup = await createTestProgramme(db, d.org, { side: 'partner', label: 'G' });
  callum = await createTestParticipant(
    db,
    d.org,
    { givenName: 'Callum', familyName: 'Ashdown' },
    { interpreterLanguage: 'Polish' },
  );
  ewan = await createTestParticipant(db, d.org, { givenName: 'Ewan', familyName: 'Brockley' });
  fraser = await createTestParticipant(db, d.org, { givenName: 'Fraser', familyName: 'Cottam' });
  coFacilitator = await createTestWorker(db, d.org, 'perpetrator', 'Imogen Pryce');
});
afterAll(async () => d?.t.close());

const groupForm = (overrides: Record<string, string> = {}) => ({
  programmeId: programme.programmeId,
  name: 'Thursday rolling group',
  intake: 'rolling',
  venueId: programme.venueId,
  dayOfWeek: '4',
  startTime: '18:30',
  durationMinutes: '150',
  capacity: '3',
  startDate: '2026-01-08',
  interpreterLanguage: '',
  ...overrides,
});

async function waitingListAdd(participant: TestParticipant, readyOn: string): Promise<string> {
  const response = await d.facilitator.submit(`/participants/${participant.participantId}/programme/waiting-list`, {
    programmeId: programme.programmeId,
    readyOn,
    reasonCode: 'assessed_suitable',
    note: '',
  });
  expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
  const row = await d.t.database.db
    .selectFrom('programme_enrolments')
    .select('id')
    .where('participant_id', '=', participant.participantId)
    .where('programme_id', '=', programme.programmeId)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('a facilitator creates a rolling group and enrols men from the waiting list', () => {
  let groupId: string;
  const enrolment: Record<string, string> = {};

  it('creates the group, with a warning until it has two regular facilitators', async () => {
    groupId = createdId(await d.facilitator.submit('/groups/new', groupForm()), '/groups');
    const row = await d.t.database.db
      .selectFrom('programme_groups')
      .selectAll()
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ intake: 'rolling', side: 'perpetrator', capacity: 3, day_of_week: 4, start_date: '2026-01-08' });
    expect(await auditCount(d.t, 'group.created', groupId)).toBe(1);
    const page = await d.facilitator.get(`/groups/${groupId}`);
    expect(page.body).toContain('data-qa="facilitator-warning"');
    for (const user of [d.org.users.perpetrator, coFacilitator]) {
      const added = await d.facilitator.submit(`/groups/${groupId}/facilitators`, { userId: user.id, role: 'regular' });
      expect(added.statusCode, added.body.slice(0, 300)).toBe(303);
    }
    const after = await d.facilitator.get(`/groups/${groupId}`);
    expect(after.body).not.toContain('data-qa="facilitator-warning"');
    expect(after.body).toContain('Imogen Pryce');
  });

  it('only staff of his side may facilitate his group', async () => {
    const refused = await d.facilitator.submit(`/groups/${groupId}/facilitators`, {
      userId: d.org.users.partner.id,
      role: 'cover',
    });
    expect(refused.statusCode).toBe(400);
    expectFieldError(
      refused.body,
      'userId',
      'Select a facilitator from the list: only staff of this side of the service can facilitate this group',
    );
  });

  it('puts men on the waiting list from their case, ordered by ready date with interpreter needs', async () => {
    enrolment.ewan = await waitingListAdd(ewan, '2025-11-20');
    enrolment.callum = await waitingListAdd(callum, '2025-10-01');
    enrolment.fraser = await waitingListAdd(fraser, '2025-12-02');
    const history = await d.t.database.db
      .selectFrom('enrolment_status_history')
      .select(['from_status', 'to_status', 'reason_code'])
      .where('enrolment_id', '=', enrolment.callum)
      .execute();
    expect(history).toEqual([{ from_status: null, to_status: 'waiting', reason_code: 'assessed_suitable' }]);
    const list = await d.facilitator.get(`/programmes/${programme.programmeId}/waiting-list`);
    expect(list.statusCode).toBe(200);
    const order = ['Callum Ashdown', 'Ewan Brockley', 'Fraser Cottam'].map((name) => list.body.indexOf(name));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(list.body).toContain('Polish');
    const again = await d.facilitator.submit(`/participants/${callum.participantId}/programme/waiting-list`, {
      programmeId: programme.programmeId,
      readyOn: '2025-10-01',
      reasonCode: 'assessed_suitable',
    });
    expect(again.statusCode).toBe(409);
    expectFieldError(again.body, 'programmeId', 'He is already on this programme');
  });

  it('records a non-association between two men, shown on both men’s programme pages', async () => {
    const response = await d.facilitator.submit(`/participants/${ewan.participantId}/non-associations/new`, {
      otherReference: fraser.reference.toLowerCase(),
      reasonCode: 'related',
      note: '',
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
    for (const [who, other] of [
      [ewan, 'Fraser Cottam'],
      [fraser, 'Ewan Brockley'],
    ] as const) {
      const page = await d.facilitator.get(`/participants/${who.participantId}/programme`);
      expect(page.body).toContain(other);
      expect(page.body).toContain('Connected to the same family or partner');
    }
    const duplicate = await d.facilitator.submit(`/participants/${fraser.participantId}/non-associations/new`, {
      otherReference: ewan.reference,
      reasonCode: 'conflict',
    });
    expect(duplicate.statusCode).toBe(409);
    const unknown = await d.facilitator.submit(`/participants/${fraser.participantId}/non-associations/new`, {
      otherReference: 'PA-0',
      reasonCode: '',
    });
    expect(unknown.statusCode).toBe(400);
    expectFieldError(unknown.body, 'reasonCode', 'Select the reason');
  });

  it('places men from the waiting list, and refuses one with a non-association, saying why (page)', async () => {
    for (const id of [enrolment.callum, enrolment.ewan]) {
      const placed = await d.facilitator.submit(`/groups/${groupId}/members`, { enrolmentId: id ?? '' });
      expect(placed.statusCode, placed.body.slice(0, 300)).toBe(303);
    }
    const refused = await d.facilitator.submit(`/groups/${groupId}/members`, { enrolmentId: enrolment.fraser ?? '' });
    expect(refused.statusCode).toBe(409);
    expectFieldError(
      refused.body,
      'enrolmentId',
      'Cannot place Fraser Cottam in this group: a non-association with Ewan Brockley is recorded (reason: connected to the same family or partner, by Groupwork perpetrator worker, on',
    );
    const placedRow = await d.t.database.db
      .selectFrom('programme_enrolments')
      .select('group_id')
      .where('id', '=', enrolment.fraser ?? '')
      .executeTakeFirstOrThrow();
    expect(placedRow.group_id).toBeNull();
    const page = await d.facilitator.get(`/groups/${groupId}`);
    expect(page.body).toContain('Callum Ashdown');
    expect(page.body).toContain('2 of 3 taken');
    expect(await auditCount(d.t, 'enrolment.placed_in_group')).toBe(2);
  });

  it('the API refuses the same placement with a 409 and the reason', async () => {
    const response = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/members`, {
      json: { enrolmentId: enrolment.fraser },
    });
    expect(response.statusCode).toBe(409);
    const body = expectErrorShape(response);
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(
      /^Cannot place Fraser Cottam in this group: a non-association with Ewan Brockley is recorded \(reason: connected to the same family or partner, by Groupwork perpetrator worker, on \d+ \w+ \d{4}\)$/,
    );
  });

  it('once the non-association ends he can be placed; a full group refuses the next man', async () => {
    const na = await d.t.database.db.selectFrom('non_associations').select('id').executeTakeFirstOrThrow();
    const ended = await d.facilitator.submit(`/non-associations/${na.id}/end`, { participantId: fraser.participantId });
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toContain(`/participants/${fraser.participantId}/programme`);
    const placed = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/members`, {
      json: { enrolmentId: enrolment.fraser },
    });
    expect(placed.statusCode).toBe(201);
    const dylan = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Dylan', familyName: 'Esterby' });
    const dylanEnrolment = await waitingListAdd(dylan, '2025-12-10');
    const full = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/members`, {
      json: { enrolmentId: dylanEnrolment },
    });
    expect(full.statusCode).toBe(409);
    expect(expectErrorShape(full).error.message).toBe(
      'Cannot place Dylan Esterby in this group: it is full (3 of 3 places taken)',
    );
  });

  it('a closed group that has started takes no one new', async () => {
    const closed = await d.facilitator.request('POST', '/api/v1/groups', {
      json: { ...groupForm({ name: 'Closed spring group', intake: 'closed', startDate: '2025-03-06' }), dayOfWeek: 4 },
    });
    expect(closed.statusCode, closed.body).toBe(201);
    const closedId = closed.json<{ group: { id: string } }>().group.id;
    const hugo = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Hugo', familyName: 'Ingleby' });
    const enrolmentId = await waitingListAdd(hugo, '2025-12-20');
    const response = await d.facilitator.request('POST', `/api/v1/groups/${closedId}/members`, { json: { enrolmentId } });
    expect(response.statusCode).toBe(409);
    expect(expectErrorShape(response).error.message).toBe(
      'Cannot place Hugo Ingleby in this group: it is a closed group that started on 6 March 2025',
    );
  });

  it('bad placement input is a 400, not a 500', async () => {
    for (const body of [{}, { enrolmentId: 'nope' }, { enrolmentId: randomUUID() }]) {
      const response = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/members`, { json: body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('adding a man from the programme’s waiting list page', () => {
  it('finds him by his reference, with field errors for an unknown reference or a missing answer', async () => {
    const gideon = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Gideon', familyName: 'Halloran' });
    const url = `/programmes/${programme.programmeId}/waiting-list/new`;
    expect((await d.facilitator.get(url)).statusCode).toBe(200);
    const unknown = await d.facilitator.submit(url, { participantReference: 'PA-0', readyOn: '2025-12-01', reasonCode: '' });
    expect(unknown.statusCode).toBe(400);
    expectFieldError(unknown.body, 'reasonCode', 'Select why he joins the waiting list');
    const notFound = await d.facilitator.submit(url, {
      participantReference: 'PA-0',
      readyOn: '2025-12-01',
      reasonCode: 'returning',
    });
    expect(notFound.statusCode).toBe(400);
    expectFieldError(notFound.body, 'participantReference', 'No participant has this reference');
    const added = await d.facilitator.submit(url, {
      participantReference: gideon.reference,
      readyOn: '2025-12-01',
      reasonCode: 'returning',
    });
    expect(added.statusCode).toBe(303);
    const list = await d.facilitator.get(`/programmes/${programme.programmeId}/waiting-list`);
    expect(list.body).toContain('Gideon Halloran');
    expect(list.body).toContain('Returning after a break or suspension');
    expect((await d.partnerWorker.get(url)).statusCode).toBe(404);
  });
});

describe('creating a group: bad input, and who may', () => {
  it('shows field errors, keeps what was typed, and writes nothing', async () => {
    const before = await d.t.database.db.selectFrom('programme_groups').select('id').execute();
    const response = await d.facilitator.submit(
      '/groups/new',
      groupForm({ name: 'Kept name', intake: '', dayOfWeek: '', startTime: '25:00', capacity: '80', startDate: '2026-02-30' }),
    );
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'intake', 'Select rolling or closed intake');
    expectFieldError(response.body, 'dayOfWeek', 'Enter the day of the week');
    expectFieldError(response.body, 'startTime', 'Enter the start time as hours and minutes, like 18:30');
    expectFieldError(response.body, 'capacity', 'The capacity must be a whole number from 1 to 50');
    expectFieldError(response.body, 'startDate', 'The start date must be a real date');
    expect(response.body).toContain('value="Kept name"');
    expect(await d.t.database.db.selectFrom('programme_groups').select('id').execute()).toHaveLength(before.length);
  });

  it('a group name already taken on his side is a conflict; a partner support group of the same name is not his to know of', async () => {
    const taken = await d.facilitator.submit('/groups/new', groupForm({ name: programme.groupName }));
    expect(taken.statusCode).toBe(409);
    expectFieldError(taken.body, 'name', 'A group with this name already exists');
    const sameAsHers = await d.facilitator.submit('/groups/new', groupForm({ name: partnerGroup.groupName }));
    expect(sameAsHers.statusCode, sameAsHers.body.slice(0, 300)).toBe(303);
  });

  it('a partner worker cannot create a group of his programme; an administrator sees no groups', async () => {
    expect((await d.partnerWorker.submit('/groups/new', groupForm({ name: 'Not hers' }))).statusCode).toBe(403);
    expect((await d.admin.get('/groups')).statusCode).toBe(403);
    // Row-level security keeps groups from administrators altogether: the group is not found.
    expect((await d.admin.get(`/groups/${programme.groupId}`)).statusCode).toBe(404);
  });
});

describe('the wall: partner support groups', () => {
  it('his side gets 404 on her side’s group, its sessions and their API, as for a group that does not exist', async () => {
    const session = partnerGroup.sessions[0]?.id ?? '';
    for (const url of [
      `/groups/${partnerGroup.groupId}`,
      `/api/v1/groups/${partnerGroup.groupId}`,
      `/api/v1/groups/${partnerGroup.groupId}/sessions`,
      `/sessions/${session}`,
      `/api/v1/sessions/${session}`,
      `/groups/${randomUUID()}`,
    ]) {
      const response = await d.facilitator.get(url);
      expect(response.statusCode, url).toBe(404);
    }
    const list = await d.facilitator.get('/groups');
    expect(list.body).not.toContain(partnerGroup.groupId);
    const post = await d.facilitator.request('POST', `/api/v1/groups/${partnerGroup.groupId}/sessions`, { json: { count: 1 } });
    expect(post.statusCode).toBe(404);
  });

  it('her side sees her group (the read is audited) and his groups without their members', async () => {
    const hers = await d.partnerWorker.get(`/groups/${partnerGroup.groupId}`);
    expect(hers.statusCode).toBe(200);
    expect(await auditCount(d.t, 'group.viewed_partner_side', partnerGroup.groupId)).toBeGreaterThan(0);
    const his = await d.partnerWorker.get(`/groups/${programme.groupId}`);
    expect(his.statusCode).toBe(200);
    expect(his.body).not.toContain('data-qa="group-members"');
    expect((await d.partnerWorker.get(`/api/v1/groups/${programme.groupId}/members`)).statusCode).toBe(403);
    expect((await d.partnerWorker.get(`/programmes/${programme.programmeId}/waiting-list`)).statusCode).toBe(403);
  });
});
