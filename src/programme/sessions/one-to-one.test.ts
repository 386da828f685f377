import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant } from '../../../test/fixtures/programme-members.js';
import { londonTimeToInstant, todayInLondon } from '../../dates/london.js';
import { auditCount, setUpDeliveryTest, type DeliveryTest } from '../delivery-test-setup.js';
import { addDays } from '../schedule.js';

let d: DeliveryTest;
let otherManager: TestClient;
let oneToOne: TestProgramme;
let group: TestProgramme;
let enrolmentId: string;
let groupEnrolmentId: string;

const plan = (id: string) => `/api/v1/enrolments/${id}/one-to-one-sessions/plan`;
const add = (id: string) => `/api/v1/enrolments/${id}/one-to-one-sessions`;

async function countSessions(): Promise<number> {
  const row = await d.t.database.db
    .selectFrom('programme_sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('enrolment_id', '=', enrolmentId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  d = await setUpDeliveryTest('Ashby');
  const db = d.t.database.db;
  const tariq = await createTestParticipant(
    db,
    d.org,
    { givenName: 'Tariq', familyName: 'Qureshell' },
    { interpreterLanguage: 'Urdu' },
  );
  const other = await createTestParticipant(db, d.org, { givenName: 'Owen', familyName: 'Brackley' });
  // A one-to-one programme: the fixture's programme, made one-to-one (three templates of 90 minutes).
  oneToOne = await createTestProgramme(db, d.org, {
    participantIds: [tariq.participantId],
    sessionCount: 3,
    durationMinutes: 90,
  });
  await db.updateTable('programmes').set({ kind: 'one_to_one' }).where('id', '=', oneToOne.programmeId).execute();
  await db
    .updateTable('session_templates')
    .set({ delivery: 'one_to_one' })
    .where('programme_id', '=', oneToOne.programmeId)
    .execute();
  enrolmentId = oneToOne.enrolments[0]?.enrolmentId ?? '';
  await db.updateTable('programme_enrolments').set({ group_id: null }).where('id', '=', enrolmentId).execute();
  group = await createTestProgramme(db, d.org, { participantIds: [other.participantId] });
  groupEnrolmentId = group.enrolments[0]?.enrolmentId ?? '';
  otherManager = await d.signedIn((await createTestOrganisation(db, 'Elsewhere')).users.management);
});
afterAll(async () => d?.t.close());

describe('one-to-one sessions', () => {
  it('plans N weekly sessions at the London time across the clocks changing, following the templates in order', async () => {
    const response = await d.facilitator.request('POST', plan(enrolmentId), {
      json: { userId: d.org.users.perpetrator.id, venueId: oneToOne.venueId, startDate: '2027-10-18', time: '10:00', count: 4 },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<{ ids: string[] }>().ids).toHaveLength(4);
    const rows = await d.t.database.db
      .selectFrom('programme_sessions')
      .select(['title', 'starts_at', 'duration_minutes', 'kind', 'group_id', 'sequence', 'session_template_id'])
      .where('enrolment_id', '=', enrolmentId)
      .orderBy('starts_at')
      .execute();
    expect(rows.map((r) => r.title)).toEqual(['Session 1', 'Session 2', 'Session 3', 'Session 1']);
    expect(rows.map((r) => r.session_template_id)).toEqual([...oneToOne.templateIds, oneToOne.templateIds[0]]);
    // 10:00 in London: BST (09:00Z) before the last Sunday of October 2027, GMT (10:00Z) after.
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual([
      '2027-10-18T09:00:00.000Z',
      '2027-10-25T09:00:00.000Z',
      '2027-11-01T10:00:00.000Z',
      '2027-11-08T10:00:00.000Z',
    ]);
    expect(rows.every((r) => r.kind === 'one_to_one' && r.group_id === null && r.duration_minutes === 90)).toBe(true);
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4]);
    expect(await auditCount(d.t, 'session.one_to_one_planned', enrolmentId)).toBe(1);

    const page = await d.facilitator.get(`/programme/enrolments/${enrolmentId}/one-to-one`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Monday 1 November 2027, 10:00 to 11:30');
    const journey = await d.facilitator.get(`/programme/enrolments/${enrolmentId}/journey`);
    expect(journey.body).toContain('data-qa="one-to-one-link"');

    // Rescheduling and cancelling work for a session that has no group.
    const [, , third, fourth] = response.json<{ ids: string[] }>().ids;
    const moved = await d.facilitator.request('POST', `/api/v1/sessions/${third}/reschedule`, {
      json: { date: '2027-11-02', time: '14:00', reason: 'His interpreter is not free on the Monday' },
    });
    expect(moved.statusCode, moved.body.slice(0, 300)).toBe(200);
    const cancelled = await d.facilitator.request('POST', `/api/v1/sessions/${fourth}/cancel`, {
      json: { reason: 'Facilitator on leave' },
    });
    expect(cancelled.statusCode, cancelled.body.slice(0, 300)).toBe(200);
    const after = await d.t.database.db
      .selectFrom('programme_sessions')
      .select(['id', 'starts_at', 'status'])
      .where('id', 'in', [third ?? '', fourth ?? ''])
      .execute();
    expect(after.find((r) => r.id === third)?.starts_at.toISOString()).toBe('2027-11-02T14:00:00.000Z');
    expect(after.find((r) => r.id === fourth)?.status).toBe('cancelled');
  });

  it('a session can be added, registered, counts his hours, and is on his facilitator’s calendar feed without his name', async () => {
    const lastWeek = addDays(todayInLondon(), -7);
    const form = await d.facilitator.submit(`/programme/enrolments/${enrolmentId}/one-to-one/add`, {
      userId: d.org.users.perpetrator.id,
      venueId: '',
      title: '',
      date: lastWeek,
      time: '11:15',
      durationMinutes: '75',
    });
    expect(form.statusCode, form.body.slice(0, 400)).toBe(303);
    const sessionId = /\/sessions\/([0-9a-f-]{36})/.exec(String(form.headers.location))?.[1] ?? '';
    const session = await d.t.database.db
      .selectFrom('programme_sessions')
      .select(['starts_at', 'title'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(session.starts_at.toISOString()).toBe(londonTimeToInstant(lastWeek, '11:15').toISOString());
    expect(session.title).toBe('One-to-one session');
    expect((await d.facilitator.get(`/sessions/${sessionId}`)).statusCode).toBe(200);

    const register = await d.facilitator.request('PUT', `/api/v1/programme/sessions/${sessionId}/register`, {
      json: { entries: [{ enrolmentId, outcome: 'attended' }] },
    });
    expect(register.statusCode, register.body.slice(0, 300)).toBe(200);
    const progress = await d.facilitator.get(`/api/v1/programme/enrolments/${enrolmentId}/progress`);
    expect(progress.json()).toMatchObject({ progress: { sessionsAttended: 1, minutes: 75 } });

    const next = await d.facilitator.request('POST', add(enrolmentId), {
      json: {
        userId: d.org.users.perpetrator.id,
        date: addDays(todayInLondon(), 7),
        time: '14:00',
        title: 'Interpreted session',
      },
    });
    expect(next.statusCode, next.body).toBe(201);
    const feedPage = await d.facilitator.submit('/calendar/feed', {});
    const url = /data-qa="feed-url">([^<]+)</.exec(feedPage.body)?.[1] ?? '';
    const feed = await d.t.app.inject({ method: 'GET', url: new URL(url).pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('Interpreted session');
    const participant = await d.t.database.db
      .selectFrom('participants')
      .select(['given_name', 'family_name'])
      .where('id', '=', oneToOne.enrolments[0]?.participantId ?? '')
      .executeTakeFirstOrThrow();
    expect(feed.body).not.toContain(participant.family_name);
    expect(feed.body).not.toContain(participant.given_name);
  });

  it('bad input answers 400 with field errors and writes nothing', async () => {
    const before = await countSessions();
    const bad = await d.facilitator.request('POST', plan(enrolmentId), {
      json: { userId: d.org.users.partner.id, startDate: '2027-02-30', time: '25:00', count: 41 },
    });
    expect(bad.statusCode).toBe(400);
    const body = expectErrorShape(bad);
    expect(Object.keys(body.error.fields).sort()).toEqual(['count', 'startDate', 'time']);
    // A partner support worker cannot run his sessions.
    const wrongSide = await d.facilitator.request('POST', plan(enrolmentId), {
      json: { userId: d.org.users.partner.id, startDate: '2027-03-01', time: '10:00', count: 2 },
    });
    expect(wrongSide.statusCode).toBe(400);
    expect(expectErrorShape(wrongSide).error.fields).toHaveProperty('userId');
    const form = await d.facilitator.submit(`/programme/enrolments/${enrolmentId}/one-to-one/plan`, {
      userId: '',
      venueId: '',
      startDate: '2027-03-01',
      time: '10:00',
      count: '0',
    });
    expect(form.statusCode).toBe(400);
    expectFieldError(form.body, 'plan-userId', 'Select a facilitator from the list');
    expectFieldError(form.body, 'plan-count', 'The number of sessions must be a whole number from 1 to 40');
    expect(form.body).toContain('value="2027-03-01"');
    expect(await countSessions()).toBe(before);
  });

  it('the partner side and another organisation are refused; a group programme’s enrolment is a conflict', async () => {
    const before = await countSessions();
    const valid = { userId: d.org.users.perpetrator.id, startDate: '2027-03-01', time: '10:00', count: 2 };
    const partner = await d.partnerWorker.request('POST', plan(enrolmentId), { json: valid });
    expect(partner.statusCode).toBe(403);
    expect(partner.body).not.toContain('Session 1');
    expect((await d.partnerWorker.get(`/programme/enrolments/${enrolmentId}/one-to-one`)).statusCode).toBe(403);
    const elsewhere = await otherManager.request('POST', plan(enrolmentId), { json: valid });
    expect([403, 404]).toContain(elsewhere.statusCode);
    expect((await d.facilitator.request('POST', plan('00000000-0000-4000-8000-000000000000'), { json: valid })).statusCode).toBe(
      404,
    );
    const conflict = await d.facilitator.request('POST', plan(groupEnrolmentId), { json: valid });
    expect(conflict.statusCode).toBe(409);
    expect(expectErrorShape(conflict).error.code).toBe('conflict');
    const adhoc = await d.facilitator.request('POST', add(groupEnrolmentId), {
      json: { userId: d.org.users.perpetrator.id, date: '2027-03-01', time: '10:00' },
    });
    expect(adhoc.statusCode).toBe(409);
    expect(await countSessions()).toBe(before);
    const groupCount = await d.t.database.db
      .selectFrom('programme_sessions')
      .select('id')
      .where('enrolment_id', '=', groupEnrolmentId)
      .execute();
    expect(groupCount).toHaveLength(0);
  });

  it('the API document lists the endpoints', async () => {
    const doc = (await d.manager.get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/api/v1/enrolments/{id}/one-to-one-sessions')).toEqual(['get', 'post']);
    expect(methods('/api/v1/enrolments/{id}/one-to-one-sessions/plan')).toEqual(['post']);
  });

  it('an enrolment that has ended takes no more sessions', async () => {
    await d.t.database.db
      .updateTable('programme_enrolments')
      .set({ ended_on: todayInLondon() })
      .where('id', '=', enrolmentId)
      .execute();
    const response = await d.facilitator.request('POST', add(enrolmentId), {
      json: { userId: d.org.users.perpetrator.id, date: '2027-03-01', time: '10:00' },
    });
    expect(response.statusCode).toBe(409);
    const page = await d.facilitator.get(`/programme/enrolments/${enrolmentId}/one-to-one`);
    expect(page.body).toContain('data-qa="one-to-one-closed"');
    expect(page.body).not.toContain('data-qa="plan-one-to-one-form"');
  });
});
