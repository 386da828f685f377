import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError, expectHandled, oddBodies } from '../../../test/fixtures/assertions.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, type TestParticipant } from '../../../test/fixtures/programme-members.js';
import { statementsDuring } from '../../../test/fixtures/statements.js';

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
let hamish: TestParticipant;
let long: TestProgramme;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fenby');
  facilitator = await t.signedIn(org.users.perpetrator);
  partnerWorker = await t.signedIn(org.users.partner);
  manager = await t.signedIn(org.users.management);
  hamish = await createTestParticipant(t.database.db, org, { givenName: 'Hamish', familyName: 'Iredale' });
  // The hand-computed case: 20 sessions and 40 hours to complete, sessions of 120 minutes.
  long = await createTestProgramme(t.database.db, org, {
    participantIds: [hamish.participantId],
    sessionCount: 16,
    durationMinutes: 120,
    completionMinSessions: 20,
    completionMinMinutes: 40 * 60,
    absenceReviewAfter: 5,
  });
});
afterAll(async () => t?.close());

const journeyApi = (programme: TestProgramme) => `/api/v1/programme/enrolments/${programme.enrolments[0]?.enrolmentId}/journey`;

async function mark(programme: TestProgramme, n: number, outcome: string, minutesLate?: number) {
  const response = await facilitator.request('PUT', `/api/v1/programme/sessions/${programme.sessions[n - 1]?.id}/register`, {
    json: { entries: [{ enrolmentId: programme.enrolments[0]?.enrolmentId, outcome, minutesLate }] },
  });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
}

async function caseStatus(participant: TestParticipant): Promise<string> {
  const row = await t.database.db
    .selectFrom('perpetrator_cases')
    .select('status')
    .where('id', '=', participant.perpetratorCaseId)
    .executeTakeFirstOrThrow();
  return row.status;
}

describe('progress, computed from attendance', () => {
  it('matches the hand-computed case on the API and his case page: 13 sessions, 25.0 hours', async () => {
    for (let n = 1; n <= 10; n += 1) {
      await mark(long, n, 'attended');
    }
    await mark(long, 11, 'late', 30);
    await mark(long, 12, 'late', 30);
    await mark(long, 13, 'attended_not_complied');
    await mark(long, 14, 'absent_unacceptable');
    await mark(long, 15, 'absent_acceptable');
    await mark(long, 16, 'absent_unacceptable');
    const api = await facilitator.get(`/api/v1/programme/enrolments/${long.enrolments[0]?.enrolmentId}/progress`);
    expect(api.json()).toMatchObject({
      enrolment: { status: 'active', statusLabel: 'Attending' },
      progress: {
        sessionsAttended: 13,
        sessionsMissed: 3,
        counts: { attended: 10, late: 2, attended_not_complied: 1, absent_acceptable: 1, absent_unacceptable: 2 },
        minutes: 1500,
        hours: '25.0',
        rule: { minSessions: 20, minHours: '40.0', requiredModules: ['Physical violence'] },
        modulesCovered: ['Physical violence', 'Coercive control'],
        missing: ['7 more sessions attended', '15.0 more hours'],
        met: false,
      },
    });
    const page = await facilitator.get(`/participants/${hamish.participantId}/tab/programme`);
    expect(page.body).toContain('<span data-qa="sessions-attended">13 of 20 required</span>');
    expect(page.body).toContain('<span data-qa="hours">25.0 of 40.0 required</span>');
    expect(page.body).toMatch(/data-qa="progress-missing"[\s\S]*7 more sessions attended[\s\S]*15.0 more hours/);
    expect(page.body).toContain('less the minutes late');
    // The partner side sees the same counts, without notes.
    const summary = await partnerWorker.get(`/api/v1/participants/${hamish.participantId}/attendance`);
    expect(summary.json()).toMatchObject({
      enrolments: [{ sessionsAttended: 13, sessionsMissed: 3, hours: '25.0', minHours: '40.0' }],
    });
  });

  it('counts each of his enrolments from its own register, in two reads however many enrolments there are', async () => {
    const ivo = await createTestParticipant(t.database.db, org, { givenName: 'Ivo', familyName: 'Brennan' });
    const options = { participantIds: [ivo.participantId], sessionCount: 2, completionMinSessions: 2 };
    const first = await createTestProgramme(t.database.db, org, { ...options, label: 'First', durationMinutes: 120 });
    const second = await createTestProgramme(t.database.db, org, { ...options, label: 'Second', durationMinutes: 90 });
    await mark(first, 1, 'attended');
    await mark(second, 1, 'attended');
    await mark(second, 2, 'late', 30);
    let page = { statusCode: 0, body: '' };
    const statements = await statementsDuring(async () => {
      page = await manager.get(`/participants/${ivo.participantId}/tab/programme`);
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<span data-qa="hours">2.0');
    expect(page.body).toContain('<span data-qa="hours">2.5');
    const reads = (table: string) => statements.filter((text) => text.includes(`from "${table}"`)).length;
    expect(reads('programme_modules')).toBe(1);
    expect(reads('attendance_records')).toBe(1);
    const summary = await partnerWorker.get(`/api/v1/participants/${ivo.participantId}/attendance`);
    const counts = (
      summary.json() as { enrolments: Array<{ programmeName: string; sessionsAttended: number; hours: string }> }
    ).enrolments
      .map(({ sessionsAttended, hours }) => ({ sessionsAttended, hours }))
      .sort((a, b) => a.hours.localeCompare(b.hours));
    expect(counts).toEqual([
      { sessionsAttended: 1, hours: '2.0' },
      { sessionsAttended: 2, hours: '2.5' },
    ]);
  });

  it('refuses completion while the rule is not met, with what is missing', async () => {
    const api = await facilitator.request('POST', journeyApi(long), {
      json: { to: 'completed', reasonCode: 'completion_rule_met' },
    });
    expect(api.statusCode).toBe(409);
    expect(expectErrorShape(api).error.message).toBe(
      'The completion requirements are not met yet: still missing 7 more sessions attended; 15.0 more hours',
    );
    const form = await facilitator.submit(`/programme/enrolments/${long.enrolments[0]?.enrolmentId}/journey`, {
      to: 'completed',
      reasonCode: 'completion_rule_met',
    });
    expect(form.statusCode).toBe(409);
    expectFieldError(form.body, 'to', 'Not yet complete: still missing 7 more sessions attended; 15.0 more hours');
    expect(await caseStatus(hamish)).toBe('waiting');
  });
});

describe('the journey', () => {
  it('suspends and resumes him, keeping his case status in step and telling the partner service each change', async () => {
    const suspended = await facilitator.request('POST', journeyApi(long), {
      json: {
        to: 'suspended',
        reasonCode: 'repeated_absence',
        effectiveOn: '2026-04-27',
        note: 'Agreed with his probation officer.',
      },
    });
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json()).toMatchObject({ enrolment: { status: 'suspended' } });
    expect(await caseStatus(hamish)).toBe('suspended');
    const twice = await facilitator.request('POST', journeyApi(long), {
      json: { to: 'suspended', reasonCode: 'repeated_absence' },
    });
    expect(twice.statusCode).toBe(409);
    expect(expectErrorShape(twice).error.message).toBe(
      'The participant’s status is “suspended”: it cannot change to “suspended”',
    );
    const wrongReason = await facilitator.request('POST', journeyApi(long), {
      json: { to: 'active', reasonCode: 'first_session_attended' },
    });
    expect(wrongReason.statusCode).toBe(400);
    expect(expectErrorShape(wrongReason).error.fields.reasonCode).toBe('Select a reason for this change from the list');
    const early = await facilitator.request('POST', journeyApi(long), {
      json: { to: 'active', reasonCode: 'suspension_ended', effectiveOn: '2026-04-01' },
    });
    expect(early.statusCode).toBe(400);
    const resumed = await manager.request('POST', journeyApi(long), {
      json: { to: 'active', reasonCode: 'suspension_ended', effectiveOn: '2026-05-04' },
    });
    expect(resumed.statusCode).toBe(200);
    expect(await caseStatus(hamish)).toBe('active');
    const told = await t.database.db
      .selectFrom('participant_events')
      .select(['type', 'basic_summary'])
      .where('participant_id', '=', hamish.participantId)
      .where('type', 'in', ['suspended', 'resumed'])
      .orderBy('created_at')
      .execute();
    expect(told).toEqual([
      { type: 'suspended', basic_summary: 'Suspended from the programme on 27 April 2026 (reason: repeated absences)' },
      { type: 'resumed', basic_summary: 'Resumed the programme on 4 May 2026 (reason: the suspension ended)' },
    ]);
    expect(JSON.stringify(told)).not.toContain('probation officer');
    const page = await facilitator.get(`/programme/enrolments/${long.enrolments[0]?.enrolmentId}/journey`);
    expect(page.body).toMatch(
      /data-qa="journey-history"[\s\S]*Attending[\s\S]*The suspension ended[\s\S]*Suspended[\s\S]*Repeated absences\. Agreed with his probation officer\./,
    );
  });

  it('lets only his side and management change it', async () => {
    const response = await partnerWorker.request('POST', journeyApi(long), {
      json: { to: 'suspended', reasonCode: 'risk_concern' },
    });
    expect(response.statusCode).toBe(403);
    expect((await partnerWorker.get(`/programme/enrolments/${long.enrolments[0]?.enrolmentId}/journey`)).statusCode).toBe(403);
    expect(await caseStatus(hamish)).toBe('active');
  });

  it('reports a breach only for a man mandated by a court or probation, and then writes the end-of-programme summary', async () => {
    const refused = await facilitator.request('POST', journeyApi(long), {
      json: { to: 'breached', reasonCode: 'failed_to_attend' },
    });
    expect(refused.statusCode).toBe(409);
    expect(expectErrorShape(refused).error.message).toContain('mandated by a court or probation');
    const summaryUrl = `/programme/enrolments/${long.enrolments[0]?.enrolmentId}/summary`;
    expect((await facilitator.get(`/api/v1${summaryUrl}`)).statusCode).toBe(409);
    await t.database.db
      .insertInto('referrals')
      .values({
        organisation_id: org.id,
        reference: 'RF-T1',
        participant_id: hamish.participantId,
        channel: 'letter',
        source: 'agency',
        agency_type: 'probation',
        reason: 'Court-ordered programme requirement.',
        mandated: true,
      })
      .execute();
    await facilitator.request('POST', `/api/v1/participants/${hamish.participantId}/disclosures`, {
      json: { type: 'threats', severity: 'high', disclosedOn: '2026-03-02', detail: 'Threatened to take the children.' },
    });
    const breached = await facilitator.request('POST', journeyApi(long), {
      json: { to: 'breached', reasonCode: 'failed_to_attend', effectiveOn: '2026-05-11' },
    });
    expect(breached.statusCode, breached.body).toBe(200);
    // A breach has no matching case status: his case stays as it was.
    expect(await caseStatus(hamish)).toBe('active');
    const page = await facilitator.get(summaryUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-qa="summary-programme"[\s\S]*Breach reported[\s\S]*Failed to attend as required/);
    expect(page.body).toMatch(/data-qa="summary-attendance"[\s\S]*13 of 20 required[\s\S]*25.0 of 40.0 required/);
    expect(page.body).toMatch(/data-qa="summary-disclosures"[\s\S]*Threats[\s\S]*1/);
    expect(page.body).not.toContain('Threatened to take the children');
    const api = await facilitator.get(`/api/v1${summaryUrl}`);
    expect(api.json()).toMatchObject({
      enrolment: { status: 'breached', endedOn: '2026-05-11' },
      outcome: { statusLabel: 'Breach reported', reasonLabel: 'Failed to attend as required', effectiveOn: '2026-05-11' },
      disclosures: [{ typeLabel: 'Threats', count: 1 }],
      disclosuresTotal: 1,
    });
    expect((await partnerWorker.get(summaryUrl)).statusCode).toBe(403);
    const after = await facilitator.request('POST', journeyApi(long), { json: { to: 'active', reasonCode: 'suspension_ended' } });
    expect(after.statusCode).toBe(409);
  });

  it('completes a man who has met the rule, and his case is completed', async () => {
    const isla = await createTestParticipant(t.database.db, org, { givenName: 'Isla', familyName: 'Jerrold' });
    const short = await createTestProgramme(t.database.db, org, { participantIds: [isla.participantId], sessionCount: 2 });
    await mark(short, 1, 'attended');
    await mark(short, 2, 'late', 10);
    const form = await facilitator.submit(`/programme/enrolments/${short.enrolments[0]?.enrolmentId}/journey`, {
      to: 'completed',
      reasonCode: 'completion_rule_met',
      'effectiveOn-day': '12',
      'effectiveOn-month': '1',
      'effectiveOn-year': '2026',
    });
    expect(form.statusCode, form.body.slice(0, 300)).toBe(303);
    expect(await caseStatus(isla)).toBe('completed');
    const page = await facilitator.get(`/programme/enrolments/${short.enrolments[0]?.enrolmentId}/summary`);
    expect(page.body).toContain('Met the programme’s completion requirements');
    expect(page.body).toMatch(/data-qa="summary-attendance"[\s\S]*2 of 2 required[\s\S]*4\.8/);
    const event = await t.database.db
      .selectFrom('participant_events')
      .select('basic_summary')
      .where('participant_id', '=', isla.participantId)
      .where('type', '=', 'completed')
      .executeTakeFirstOrThrow();
    expect(event.basic_summary).toBe(
      'Completed the programme on 12 January 2026 (reason: met the programme’s completion requirements)',
    );
  });

  it('never makes a 500 for hostile input, and a bad change writes nothing', async () => {
    const jonah = await createTestParticipant(t.database.db, org, { givenName: 'Jonah', familyName: 'Kettering' });
    const waiting = await createTestProgramme(t.database.db, org, {
      participantIds: [jonah.participantId],
      enrolmentStatus: 'waiting',
      sessionCount: 1,
    });
    await fc.assert(
      fc.asyncProperty(
        oddBodies({ to: 'excluded', reasonCode: 'no such reason', note: 'x', effectiveOn: '2026-01-01' }),
        async (body) => {
          expectHandled(
            await facilitator.request('POST', journeyApi(waiting), { json: body }),
            String(JSON.stringify(body)).slice(0, 200),
          );
        },
      ),
      { numRuns: 40 },
    );
    const history = await t.database.db
      .selectFrom('enrolment_status_history')
      .select('to_status')
      .where('enrolment_id', '=', waiting.enrolments[0]?.enrolmentId ?? '')
      .execute();
    expect(history).toEqual([{ to_status: 'waiting' }]);
  });
});
