// Changing planned sessions: co-facilitation cover, rescheduling, cancelling, catch-ups, and who may change them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import { type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestWorker } from '../../../test/fixtures/programme-members.js';
import { auditCount, type DeliveryTest } from '../delivery-test-setup.js';
import { planFirstSessions, setUpSessionsTest } from './sessions-test-setup.js';

let d: DeliveryTest;
let programme: TestProgramme;
let partnerGroup: TestProgramme;
let groupId: string;
let sessionIds: string[] = [];

beforeAll(async () => {
  const s = await setUpSessionsTest();
  ({ d, programme, partnerGroup, groupId } = s);
  sessionIds = await planFirstSessions(s);
});
afterAll(async () => d?.t.close());

describe('co-facilitation', () => {
  it('warns on the session and the group when a session has fewer than two facilitators, until cover is added', async () => {
    const sessionId = sessionIds[1] ?? '';
    const removed = await d.facilitator.submit(`/sessions/${sessionId}/facilitators/remove`, {
      userId: programme.facilitators[1].id,
    });
    expect(removed.statusCode).toBe(303);
    const page = await d.facilitator.get(`/sessions/${sessionId}`);
    expect(page.body).toContain('data-qa="facilitator-warning"');
    expect(page.body).toContain('This session has only one facilitator');
    expect((await d.facilitator.get(`/groups/${groupId}`)).body).toContain('data-qa="sessions-cover-warning"');
    const cover = await createTestWorker(d.t.database.db, d.org, 'perpetrator', 'Olamide Cover');
    const added = await d.facilitator.submit(`/sessions/${sessionId}/facilitators`, { userId: cover.id, role: 'cover' });
    expect(added.statusCode).toBe(303);
    const after = await d.facilitator.get(`/sessions/${sessionId}`);
    expect(after.body).not.toContain('data-qa="facilitator-warning"');
    expect(after.body).toContain('Olamide Cover');
    expect((await d.facilitator.get(`/groups/${groupId}`)).body).not.toContain('data-qa="sessions-cover-warning"');
  });
});

describe('changing a session keeps its history', () => {
  it('a rescheduled session keeps its history with the reason', async () => {
    const sessionId = sessionIds[2] ?? '';
    const response = await d.facilitator.submit(`/sessions/${sessionId}/reschedule`, {
      date: '2026-10-27',
      time: '19:00',
      venueId: '',
      reason: 'The community centre is closed for repairs on Monday',
    });
    expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
    const row = await d.t.database.db
      .selectFrom('programme_sessions')
      .select(['starts_at', 'status'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(row.starts_at.toISOString()).toBe('2026-10-27T19:00:00.000Z');
    const history = await d.t.database.db
      .selectFrom('session_changes')
      .select(['change', 'previous_starts_at', 'new_starts_at', 'reason', 'changed_by'])
      .where('session_id', '=', sessionId)
      .execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      change: 'rescheduled',
      reason: 'The community centre is closed for repairs on Monday',
      changed_by: d.org.users.perpetrator.id,
    });
    expect(new Date(String(history[0]?.previous_starts_at)).toISOString()).toBe('2026-10-26T18:30:00.000Z');
    const page = await d.facilitator.get(`/sessions/${sessionId}`);
    expect(page.body).toContain('data-qa="session-history"');
    expect(page.body).toContain('Moved from Monday 26 October 2026, 18:30 to 21:00 to Tuesday 27 October 2026, 19:00 to 21:30');
    expect(page.body).toContain('The community centre is closed for repairs on Monday');

    const again = await d.facilitator.request('POST', `/api/v1/sessions/${sessionId}/reschedule`, {
      json: { date: '2026-10-28', time: '18:30', reason: 'Room double-booked' },
    });
    expect(again.statusCode).toBe(200);
    const body = again.json<{ history: Array<{ changeLabel: string; reason: string }> }>();
    expect(body.history.map((h) => h.reason)).toEqual([
      'Room double-booked',
      'The community centre is closed for repairs on Monday',
    ]);
    expect(await auditCount(d.t, 'session.rescheduled', sessionId)).toBe(2);
  });

  it('a reschedule without a reason, or to a date that does not exist, is refused and changes nothing', async () => {
    const sessionId = sessionIds[3] ?? '';
    const response = await d.facilitator.submit(`/sessions/${sessionId}/reschedule`, {
      date: '2026-02-30',
      time: '7pm',
      reason: '',
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'reason', 'Enter the reason for the change');
    expectFieldError(response.body, 'date', 'The new date must be a real date');
    expectFieldError(response.body, 'time', 'Enter the new start time as hours and minutes, like 18:30');
    expect(response.body).toContain('value="7pm"');
    const same = await d.facilitator.request('POST', `/api/v1/sessions/${sessionId}/reschedule`, {
      json: { date: '2026-11-02', time: '18:30', reason: 'No change really' },
    });
    expect(same.statusCode).toBe(400);
    expect(
      await d.t.database.db.selectFrom('session_changes').select('id').where('session_id', '=', sessionId).execute(),
    ).toHaveLength(0);
  });

  it('cancels with a reason and reinstates with a reason, each kept in the history', async () => {
    const sessionId = sessionIds[0] ?? '';
    const refused = await d.facilitator.submit(`/sessions/${sessionId}/cancel`, { reason: '' });
    expect(refused.statusCode).toBe(400);
    expectFieldError(refused.body, 'reason', 'Enter the reason');
    expect((await d.facilitator.submit(`/sessions/${sessionId}/cancel`, { reason: 'Both facilitators ill' })).statusCode).toBe(
      303,
    );
    const twice = await d.facilitator.request('POST', `/api/v1/sessions/${sessionId}/cancel`, { json: { reason: 'Again' } });
    expect(twice.statusCode).toBe(409);
    expect(expectErrorShape(twice).error.message).toBe('This session is already cancelled');
    expect((await d.facilitator.submit(`/sessions/${sessionId}/reinstate`, { reason: 'Cover found' })).statusCode).toBe(303);
    const history = await d.t.database.db
      .selectFrom('session_changes')
      .select(['change', 'reason'])
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { change: 'cancelled', reason: 'Both facilitators ill' },
      { change: 'reinstated', reason: 'Cover found' },
    ]);
    const page = await d.facilitator.get(`/sessions/${sessionId}`);
    expect(page.body).toContain('Both facilitators ill');
    expect(page.body).toContain('Cover found');
  });

  it('a session whose attendance is recorded cannot be moved or cancelled', async () => {
    const fifth = await d.t.database.db
      .selectFrom('programme_sessions')
      .select('id')
      .where('group_id', '=', groupId)
      .where('sequence', '=', 5)
      .executeTakeFirstOrThrow();
    const sessionId = fifth.id;
    await d.t.database.db.updateTable('programme_sessions').set({ status: 'held' }).where('id', '=', sessionId).execute();
    const response = await d.facilitator.request('POST', `/api/v1/sessions/${sessionId}/cancel`, {
      json: { reason: 'Too late' },
    });
    expect(response.statusCode).toBe(409);
  });

  it('adds a catch-up session for the group from a session template', async () => {
    const response = await d.facilitator.submit(`/groups/${groupId}/catch-up`, {
      templateId: programme.templateIds[1] ?? '',
      title: '',
      date: '2026-11-05',
      time: '14:00',
      durationMinutes: '',
      venueId: '',
      enrolmentId: '',
    });
    expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
    const id = /\/sessions\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1] ?? '';
    const row = await d.t.database.db
      .selectFrom('programme_sessions')
      .select(['kind', 'title', 'starts_at', 'duration_minutes', 'venue_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: 'catch_up',
      title: 'Catch-up: Session 2',
      duration_minutes: 150,
      venue_id: programme.venueId,
    });
    expect(row.starts_at.toISOString()).toBe('2026-11-05T14:00:00.000Z');
    const bad = await d.facilitator.submit(`/groups/${groupId}/catch-up`, { templateId: '', title: '', date: '', time: '' });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'date', 'Enter the date');
  });
});

describe('who may change sessions', () => {
  it('the partner side reads his group’s sessions but cannot change them; his side cannot find hers', async () => {
    const his = sessionIds[3] ?? '';
    expect((await d.partnerWorker.get(`/sessions/${his}`)).statusCode).toBe(200);
    expect((await d.partnerWorker.submit(`/sessions/${his}/cancel`, { reason: 'Not mine' })).statusCode).toBe(403);
    expect((await d.partnerWorker.get(`/sessions/${his}/reschedule`)).statusCode).toBe(404);
    const hers = partnerGroup.sessions[0]?.id ?? '';
    expect((await d.facilitator.submit(`/sessions/${hers}/cancel`, { reason: 'Probe' })).statusCode).toBe(404);
    const valid = { date: '2026-12-01', time: '10:00', reason: 'Probe' };
    expect((await d.facilitator.request('POST', `/api/v1/sessions/${hers}/reschedule`, { json: valid })).statusCode).toBe(404);
    // Bad input is answered alike whether or not the session exists: nothing is confirmed.
    const badHers = await d.facilitator.request('POST', `/api/v1/sessions/${hers}/reschedule`, { json: {} });
    const badNobody = await d.facilitator.request('POST', `/api/v1/sessions/${randomUUID()}/reschedule`, { json: {} });
    expect([badHers.statusCode, badHers.body]).toEqual([badNobody.statusCode, badNobody.body]);
    expect((await d.partnerWorker.submit(`/sessions/${hers}/cancel`, { reason: 'Venue flooded' })).statusCode).toBe(303);
  });
});
