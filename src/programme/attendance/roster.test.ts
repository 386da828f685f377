import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { expectHandled, oddBodies } from '../../../test/fixtures/assertions.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, type TestParticipant } from '../../../test/fixtures/programme-members.js';

/* Who is on a session's register, and what a register does to a man's journey. */
let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Greyfriars');
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
});
afterAll(async () => t?.close());

const registerUrl = (sessionId: string | undefined) => `/programme/sessions/${sessionId}/register`;

async function events(participant: TestParticipant) {
  return t.database.db
    .selectFrom('participant_events')
    .select('basic_summary')
    .where('participant_id', '=', participant.participantId)
    .orderBy('created_at')
    .execute();
}

describe('who is on a register', () => {
  it('lists a man waiting to start, and attending a first session starts him', async () => {
    const ezra = await createTestParticipant(t.database.db, org, { givenName: 'Ezra', familyName: 'Cobbold' });
    const waiting = await createTestProgramme(t.database.db, org, {
      participantIds: [ezra.participantId],
      enrolmentStatus: 'waiting',
      sessionCount: 1,
    });
    const sessionId = waiting.sessions[0]?.id;
    expect((await facilitator.get(registerUrl(sessionId))).body).toContain('Waiting to start');
    const saved = await facilitator.request('PUT', `/api/v1${registerUrl(sessionId)}`, {
      json: { entries: [{ enrolmentId: waiting.enrolments[0]?.enrolmentId, outcome: 'late', minutesLate: 10 }] },
    });
    expect(saved.json()).toMatchObject({ started: 1 });
    expect((await events(ezra)).map((e) => e.basic_summary)).toEqual(['Started the group programme on 5 January 2026']);
    const status = await t.database.db
      .selectFrom('perpetrator_cases')
      .select('status')
      .where('id', '=', ezra.perpetratorCaseId)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('active');
  });

  it('lists a man who has since left on the registers of sessions before he left, and not after', async () => {
    const fergus = await createTestParticipant(t.database.db, org, { givenName: 'Fergus', familyName: 'Dunmore' });
    const group = await createTestProgramme(t.database.db, org, { participantIds: [fergus.participantId], sessionCount: 3 });
    const left = await facilitator.request('POST', `/api/v1/programme/enrolments/${group.enrolments[0]?.enrolmentId}/journey`, {
      json: { to: 'dropped_out', reasonCode: 'moved_away', effectiveOn: '2026-01-15' },
    });
    expect(left.statusCode, left.body).toBe(200);
    // Sessions on 5, 12 and 19 January: he had left by the third.
    expect((await facilitator.get(registerUrl(group.sessions[1]?.id))).body).toContain('Fergus Dunmore');
    const after = await facilitator.get(registerUrl(group.sessions[2]?.id));
    expect(after.body).not.toContain('Fergus Dunmore');
    expect(after.body).toContain('No one is expected at this session');
  });

  it('lists only the one man of a one-to-one session, and not a suspended man of the group', async () => {
    const gus = await createTestParticipant(t.database.db, org, { givenName: 'Gus', familyName: 'Elphick' });
    const hal = await createTestParticipant(t.database.db, org, { givenName: 'Hal', familyName: 'Fontaine' });
    const group = await createTestProgramme(t.database.db, org, {
      participantIds: [gus.participantId, hal.participantId],
      sessionCount: 2,
    });
    const [gusEnrolment, halEnrolment] = group.enrolments;
    const oneToOne = await t.database.db
      .insertInto('programme_sessions')
      .values({
        organisation_id: org.id,
        side: 'perpetrator',
        enrolment_id: gusEnrolment?.enrolmentId,
        kind: 'catch_up',
        title: 'Catch-up: session 1',
        starts_at: new Date('2026-01-07T10:00:00Z'),
        duration_minutes: 60,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const catchUp = await facilitator.get(registerUrl(oneToOne.id));
    expect(catchUp.body).toContain('Gus Elphick');
    expect(catchUp.body).not.toContain('Hal Fontaine');
    const missed = await facilitator.request('PUT', `/api/v1${registerUrl(oneToOne.id)}`, {
      json: { entries: [{ enrolmentId: gusEnrolment?.enrolmentId, outcome: 'absent_acceptable' }] },
    });
    expect(missed.statusCode).toBe(200);
    expect((await events(gus)).map((e) => e.basic_summary)).toEqual([
      'Missed the catch-up session on 7 January 2026 (absence explained)',
    ]);
    await facilitator.request('POST', `/api/v1/programme/enrolments/${halEnrolment?.enrolmentId}/journey`, {
      json: { to: 'suspended', reasonCode: 'risk_concern', effectiveOn: '2026-01-10' },
    });
    const second = await facilitator.get(registerUrl(group.sessions[1]?.id));
    expect(second.body).toContain('Gus Elphick');
    expect(second.body).not.toContain('Hal Fontaine');
  });
});

describe('hostile input', () => {
  it('never makes a 500, and bad registers write nothing', async () => {
    const ida = await createTestParticipant(t.database.db, org, { givenName: 'Ida', familyName: 'Gransden' });
    const jem = await createTestParticipant(t.database.db, org, { givenName: 'Jem', familyName: 'Holloway' });
    const group = await createTestProgramme(t.database.db, org, {
      participantIds: [ida.participantId, jem.participantId],
      sessionCount: 1,
    });
    const sessionId = group.sessions[0]?.id;
    const entry = { enrolmentId: group.enrolments[0]?.enrolmentId, outcome: 'late', minutesLate: 10, note: 'x' };
    const bodies = fc.oneof(
      oddBodies({ entries: [entry], note: 'x' }),
      oddBodies(entry).map((odd) => ({ entries: [odd] })),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const response = await facilitator.request('PUT', `/api/v1${registerUrl(sessionId)}`, { json: body });
        expectHandled(response, String(JSON.stringify(body)).slice(0, 200));
      }),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), { maxKeys: 6 }),
        async (form) => {
          const response = await facilitator.submit(registerUrl(sessionId), { ...form, enrolment: entry.enrolmentId ?? '' });
          expect(response.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 25 },
    );
    // Every register above left out one of the two men: nothing was recorded.
    const records = await t.database.db
      .selectFrom('attendance_records')
      .select('id')
      .where('session_id', '=', sessionId ?? '')
      .execute();
    expect(records).toEqual([]);
  });
});
