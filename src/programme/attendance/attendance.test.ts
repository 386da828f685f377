import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../../test/fixtures/assertions.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, type TestParticipant } from '../../../test/fixtures/programme-members.js';

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
let callum: TestParticipant;
let dmitri: TestParticipant;
let group: TestProgramme;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Ashby');
  facilitator = await t.signedIn(org.users.perpetrator);
  partnerWorker = await t.signedIn(org.users.partner);
  manager = await t.signedIn(org.users.management);
  callum = await createTestParticipant(t.database.db, org, { givenName: 'Callum', familyName: 'Ashdown' });
  dmitri = await createTestParticipant(t.database.db, org, { givenName: 'Dmitri', familyName: 'Brackley' });
  group = await createTestProgramme(t.database.db, org, {
    participantIds: [callum.participantId, dmitri.participantId],
    sessionCount: 6,
    absenceReviewAfter: 2,
  });
});
afterAll(async () => t?.close());

const enrolmentOf = (programme: TestProgramme, participant: TestParticipant): string =>
  programme.enrolments.find((e) => e.participantId === participant.participantId)?.enrolmentId ?? '';
const session = (n: number): string => group.sessions[n - 1]?.id ?? '';
const registerUrl = (sessionId: string) => `/programme/sessions/${sessionId}/register`;

type Line = { who: TestParticipant; outcome: string; minutesLate?: string; note?: string };

function registerForm(programme: TestProgramme, lines: Line[]): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { enrolment: lines.map((l) => enrolmentOf(programme, l.who)) };
  for (const line of lines) {
    const id = enrolmentOf(programme, line.who);
    form[`outcome-${id}`] = line.outcome;
    form[`minutesLate-${id}`] = line.minutesLate ?? '';
    form[`note-${id}`] = line.note ?? '';
  }
  return form;
}

async function records(sessionId: string) {
  return t.database.db
    .selectFrom('attendance_records')
    .select(['enrolment_id', 'outcome', 'minutes_late'])
    .where('session_id', '=', sessionId)
    .orderBy('enrolment_id')
    .execute();
}

async function events(participant: TestParticipant) {
  return t.database.db
    .selectFrom('participant_events')
    .select(['type', 'basic_summary', 'session_id', 'occurred_on'])
    .where('participant_id', '=', participant.participantId)
    .orderBy('created_at')
    .execute();
}

async function auditActions(recordId: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select('action')
    .where('record_id', '=', recordId)
    .orderBy('occurred_at')
    .execute();
  return rows.map((r) => r.action);
}

describe('the register page', () => {
  it('lists every man placed in the group with the five outcomes and the hours rule', async () => {
    const page = await facilitator.get(registerUrl(session(1)));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Callum Ashdown');
    expect(page.body).toContain('Dmitri Brackley');
    for (const label of [
      'Attended and participated',
      'Attended but did not comply',
      'Late',
      'Absent with an acceptable reason',
      'Absent without an acceptable reason',
    ]) {
      expect(page.body).toContain(label);
    }
    expect(page.body).toContain('less the minutes late');
  });

  it('saves the whole register at once, marks the session held, keeps the participation note on his side and audits it', async () => {
    const response = await facilitator.submit(
      registerUrl(session(1)),
      registerForm(group, [
        { who: callum, outcome: 'attended', note: 'Named the pattern of checking her phone for the first time.' },
        { who: dmitri, outcome: 'late', minutesLate: '20' },
      ]),
    );
    expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
    expect(response.headers.location).toBe(`${registerUrl(session(1))}?saved=1`);
    expect((await records(session(1))).map((r) => [r.outcome, r.minutes_late]).sort()).toEqual([
      ['attended', null],
      ['late', 20],
    ]);
    const held = await t.database.db
      .selectFrom('programme_sessions')
      .select('status')
      .where('id', '=', session(1))
      .executeTakeFirstOrThrow();
    expect(held.status).toBe('held');
    const page = await facilitator.get(registerUrl(session(1)));
    expect(page.body).toContain('Named the pattern of checking her phone for the first time.');
    expect(page.body).toContain('This register has been saved before');
    expect(await auditActions(session(1))).toEqual(['attendance.register_recorded']);
    // Attending is nothing to report to the partner service.
    expect((await events(callum)).filter((e) => e.session_id === session(1))).toEqual([]);
  });

  it('shows each missing answer beside its man and writes nothing', async () => {
    const before = await records(session(2));
    const response = await facilitator.submit(
      registerUrl(session(2)),
      registerForm(group, [
        { who: callum, outcome: 'late' },
        { who: dmitri, outcome: '' },
      ]),
    );
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, `minutesLate-${enrolmentOf(group, callum)}`, 'Callum Ashdown: Enter how many minutes late');
    expectFieldError(response.body, `outcome-${enrolmentOf(group, dmitri)}`, 'Dmitri Brackley: Select an outcome');
    const missingMan = await facilitator.submit(
      registerUrl(session(2)),
      registerForm(group, [{ who: callum, outcome: 'attended' }]),
    );
    expect(missingMan.statusCode).toBe(400);
    expectFieldError(missingMan.body, `outcome-${enrolmentOf(group, dmitri)}`, 'Select an outcome for Dmitri Brackley');
    const tooLate = await facilitator.submit(
      registerUrl(session(2)),
      registerForm(group, [
        { who: callum, outcome: 'late', minutesLate: '150' },
        { who: dmitri, outcome: 'attended' },
      ]),
    );
    expect(tooLate.statusCode).toBe(400);
    expectFieldError(
      tooLate.body,
      `minutesLate-${enrolmentOf(group, callum)}`,
      'Callum Ashdown: Minutes late must be less than the session’s 150 minutes',
    );
    expect(await records(session(2))).toEqual(before);
  });

  it('is his side’s: the partner worker gets 403 and writes nothing; unknown sessions are 404', async () => {
    expect((await partnerWorker.get(registerUrl(session(2)))).statusCode).toBe(403);
    const api = await partnerWorker.request('PUT', `/api/v1${registerUrl(session(2))}`, {
      json: { entries: [{ enrolmentId: enrolmentOf(group, callum), outcome: 'attended' }] },
    });
    expect(api.statusCode).toBe(403);
    expectErrorShape(api);
    expect(await records(session(2))).toEqual([]);
    expect((await facilitator.get(registerUrl(randomUUID()))).statusCode).toBe(404);
    expect((await facilitator.get(`/api/v1${registerUrl(randomUUID())}`)).statusCode).toBe(404);
    const herGroup = await createTestProgramme(t.database.db, org, { side: 'partner', sessionCount: 1 });
    expect((await manager.get(registerUrl(herGroup.sessions[0]?.id ?? ''))).statusCode).toBe(404);
  });

  it('refuses a cancelled or future session with 409', async () => {
    const other = await createTestProgramme(t.database.db, org, { participantIds: [callum.participantId], sessionCount: 2 });
    const [cancelled, future] = other.sessions;
    await t.database.db
      .updateTable('programme_sessions')
      .set({ status: 'cancelled' })
      .where('id', '=', cancelled?.id ?? '')
      .execute();
    await t.database.db
      .updateTable('programme_sessions')
      .set({ starts_at: new Date(Date.now() + 7 * 24 * 3600 * 1000) })
      .where('id', '=', future?.id ?? '')
      .execute();
    const body = { entries: [{ enrolmentId: other.enrolments[0]?.enrolmentId, outcome: 'attended' }] };
    const onCancelled = await facilitator.request('PUT', `/api/v1${registerUrl(cancelled?.id ?? '')}`, { json: body });
    expect(onCancelled.statusCode).toBe(409);
    expect(expectErrorShape(onCancelled).error.message).toContain('cancelled');
    const onFuture = await facilitator.request('PUT', `/api/v1${registerUrl(future?.id ?? '')}`, { json: body });
    expect(onFuture.statusCode).toBe(409);
    expect(expectErrorShape(onFuture).error.message).toContain('has not started yet');
    expect((await facilitator.get(registerUrl(cancelled?.id ?? ''))).body).toContain('This session was cancelled');
  });
});

describe('missed sessions and the partner service', () => {
  it('reports every absence once, explained or not, and a correction when a reported absence was wrong', async () => {
    const url = `/api/v1${registerUrl(session(2))}`;
    const entries = (dmitriOutcome: string) => ({
      entries: [
        { enrolmentId: enrolmentOf(group, callum), outcome: 'attended' },
        { enrolmentId: enrolmentOf(group, dmitri), outcome: dmitriOutcome },
      ],
    });
    expect((await facilitator.request('PUT', url, { json: entries('absent_acceptable') })).statusCode).toBe(200);
    expect((await facilitator.request('PUT', url, { json: entries('absent_unacceptable') })).statusCode).toBe(200);
    const corrected = await facilitator.request('PUT', url, { json: entries('attended') });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ changed: 1 });
    expect((await facilitator.request('PUT', url, { json: entries('attended') })).json()).toMatchObject({ changed: 0 });
    const reported = (await events(dmitri)).filter((e) => e.session_id === session(2));
    expect(reported.map((e) => [e.type, e.basic_summary])).toEqual([
      ['missed_session', 'Missed the group session on 12 January 2026 (absence explained)'],
      ['attendance_corrected', 'Attended the group session on 12 January 2026: an earlier record that it was missed was wrong'],
    ]);
    expect(await auditActions(session(2))).toEqual([
      'attendance.register_recorded',
      'attendance.register_changed',
      'attendance.register_changed',
      'attendance.register_changed',
    ]);
  });

  it('flags a man for review after the programme’s number of consecutive unexplained absences, once, on his case page and the dashboard', async () => {
    const put = (n: number, dmitriOutcome: string) =>
      facilitator.request('PUT', `/api/v1${registerUrl(session(n))}`, {
        json: {
          entries: [
            { enrolmentId: enrolmentOf(group, callum), outcome: 'attended' },
            { enrolmentId: enrolmentOf(group, dmitri), outcome: dmitriOutcome },
          ],
        },
      });
    expect((await put(3, 'absent_unacceptable')).json()).toMatchObject({ reviewsRaised: 0 });
    expect((await put(4, 'absent_unacceptable')).json()).toMatchObject({ reviewsRaised: 1 });
    expect((await put(4, 'absent_unacceptable')).json()).toMatchObject({ reviewsRaised: 0 });
    const open = await t.database.db
      .selectFrom('enrolment_reviews')
      .select(['id', 'reason', 'enrolment_id'])
      .where('resolved_at', 'is', null)
      .execute();
    expect(open).toEqual([{ id: expect.any(String), reason: 'consecutive_absences', enrolment_id: enrolmentOf(group, dmitri) }]);
    const reviewId = open[0]?.id ?? '';

    const casePage = await facilitator.get(`/participants/${dmitri.participantId}`);
    expect(casePage.body).toContain('Flagged for review');
    const dashboard = await facilitator.get('/dashboard');
    expect(dashboard.body).toMatch(/data-qa="dashboard-reviews"[\s\S]*Dmitri Brackley/);
    // Registers started but not marked are listed for his facilitators.
    expect(dashboard.body).toMatch(/data-qa="registers-to-mark"[\s\S]*Session 5/);
    // The partner side is told he missed sessions, never that his programme flagged him.
    expect((await partnerWorker.get('/dashboard')).body).not.toContain('Flagged for review');
    expect((await partnerWorker.get('/programme/reviews')).statusCode).toBe(403);

    const empty = await facilitator.submit(`/programme/reviews/${reviewId}/resolve`, { resolution: '  ' });
    expect(empty.statusCode).toBe(400);
    expectFieldError(empty.body, `resolution-${reviewId}`, 'Enter what was decided');
    const resolved = await manager.submit(`/programme/reviews/${reviewId}/resolve`, {
      resolution: 'Spoke to him; agreed a catch-up session.',
    });
    expect(resolved.statusCode).toBe(303);
    const again = await manager.request('POST', `/api/v1/programme/reviews/${reviewId}/resolve`, {
      json: { resolution: 'Twice' },
    });
    expect(again.statusCode).toBe(409);
    expect(await auditActions(reviewId)).toEqual(['attendance.review_raised', 'attendance.review_resolved']);
    expect((await facilitator.get('/programme/reviews')).body).toContain('No participant is waiting for a review');
  });
});
