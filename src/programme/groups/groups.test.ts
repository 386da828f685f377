import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, createTestWorker, type TestParticipant } from '../../../test/fixtures/programme-members.js';
import type { TestUser } from '../../../test/fixtures/organisation.js';
import { auditCount, createdId, setUpDeliveryTest, type DeliveryTest } from '../delivery-test-setup.js';

/*
 * A facilitator creates a rolling group and enrols men from the waiting list. Adding a man from the
 * waiting list page, a group form's bad input, who may create a group, and the wall around the
 * partner service's own support groups: groups-forms.test.ts.
 */

let d: DeliveryTest;
let programme: TestProgramme;
let callum: TestParticipant;
let ewan: TestParticipant;
let fraser: TestParticipant;
let coFacilitator: TestUser;

beforeAll(async () => {
  d = await setUpDeliveryTest('Groupwork');
  const db = d.t.database.db;
  programme = await createTestProgramme(db, d.org, { label: 'G', sessionCount: 3 });
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
    expectFieldError(again.body, 'programmeId', 'Already on this programme');
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
