import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFieldError } from '../../../test/fixtures/assertions.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant } from '../../../test/fixtures/programme-members.js';
import { auditCount, setUpDeliveryTest, type DeliveryTest } from '../delivery-test-setup.js';

/*
 * Groups: adding a man from the waiting list page, a group form's bad input and who may create a
 * group, and the wall around the partner service's own support groups. Enrolling men from the
 * waiting list into a group: groups.test.ts.
 */

let d: DeliveryTest;
let programme: TestProgramme;
let partnerGroup: TestProgramme;

beforeAll(async () => {
  d = await setUpDeliveryTest('Groupwork');
  const db = d.t.database.db;
  programme = await createTestProgramme(db, d.org, { label: 'G', sessionCount: 3 });
  partnerGroup = await createTestProgramme(db, d.org, { side: 'partner', label: 'G' });
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

describe('adding a man from the programme’s waiting list page', () => {
  it('finds him by his reference, with field errors for an unknown reference or a missing answer', async () => {
    const gideon = await createTestParticipant(d.t.database.db, d.org, { givenName: 'Gideon', familyName: 'Halloran' });
    const url = `/programmes/${programme.programmeId}/waiting-list/new`;
    expect((await d.facilitator.get(url)).statusCode).toBe(200);
    const unknown = await d.facilitator.submit(url, { participantReference: 'PA-0', readyOn: '2025-12-01', reasonCode: '' });
    expect(unknown.statusCode).toBe(400);
    expectFieldError(unknown.body, 'reasonCode', 'Select why the participant joins the waiting list');
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
