import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, enrolInTestGroup, type TestParticipant } from '../../../test/fixtures/programme-members.js';
import { statementsDuring } from '../../../test/fixtures/statements.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { Actor } from '../../access/index.js';
import { AttendanceGridService } from './grid-service.js';

/*
 * The attendance grid on a group's page (issue 12, item 4): its participants by its sessions, each
 * cell the outcome recorded, and each participant's sessions and hours against the programme's
 * completion rule, read in a fixed number of statements within the page's one transaction, for
 * whoever may mark the group's registers.
 */

let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let facilitator: TestClient;
let manager: TestClient;
let partnerWorker: TestClient;
let callum: TestParticipant;
let dmitri: TestParticipant;
let ezra: TestParticipant;
let group: TestProgramme;
const enrolmentIds = new Map<string, string>();

const idOf = (who: TestParticipant): string => enrolmentIds.get(who.participantId) ?? '';
const registerUrl = (n: number) => `/programme/sessions/${group.sessions[n - 1]?.id ?? ''}/register`;

async function saveRegister(n: number, lines: Array<{ who: TestParticipant; outcome: string; minutesLate?: string }>) {
  const form: Record<string, string | string[]> = { enrolment: lines.map((l) => idOf(l.who)) };
  for (const line of lines) {
    form[`outcome-${idOf(line.who)}`] = line.outcome;
    form[`minutesLate-${idOf(line.who)}`] = line.minutesLate ?? '';
    form[`note-${idOf(line.who)}`] = '';
  }
  const response = await facilitator.submit(registerUrl(n), form);
  expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Tolland');
  other = await createTestOrganisation(t.database.db, 'Wexcombe');
  facilitator = await t.signedIn(org.users.perpetrator);
  manager = await t.signedIn(org.users.management);
  partnerWorker = await t.signedIn(org.users.partner);
  callum = await createTestParticipant(t.database.db, org, { givenName: 'Callum', familyName: 'Ashdown' });
  dmitri = await createTestParticipant(t.database.db, org, { givenName: 'Dmitri', familyName: 'Brackley' });
  ezra = await createTestParticipant(t.database.db, org, { givenName: 'Ezra', familyName: 'Cordell' });
  // Four sessions of 150 minutes; complete with all four attended and at least 8 hours.
  group = await createTestProgramme(t.database.db, org, {
    participantIds: [callum.participantId, dmitri.participantId],
    sessionCount: 4,
    durationMinutes: 150,
    completionMinSessions: 4,
    completionMinMinutes: 480,
  });
  for (const e of group.enrolments) {
    enrolmentIds.set(e.participantId, e.enrolmentId);
  }
  await saveRegister(1, [
    { who: callum, outcome: 'attended' },
    { who: dmitri, outcome: 'late', minutesLate: '30' },
  ]);
  await saveRegister(2, [
    { who: callum, outcome: 'absent_acceptable' },
    { who: dmitri, outcome: 'absent_unacceptable' },
  ]);
  // Placed after the first two registers were marked: nothing recorded for him yet.
  const ezraEnrolment = await enrolInTestGroup(t.database.db, org, group, ezra.participantId);
  enrolmentIds.set(ezra.participantId, ezraEnrolment.enrolmentId);
});
afterAll(async () => t?.close());

/** The grid's rows as the page shows them: name, each cell's full text, sessions and hours. */
function gridRows(html: string): Array<{ name: string; cells: string[]; sessions: string; hours: string; met: string }> {
  const grid = /<table[^>]*data-qa="attendance-grid"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  const rows = grid.match(/<tr[^>]*data-qa="attendance-grid-row"[\s\S]*?<\/tr>/g) ?? [];
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return rows.map((row) => ({
    name: text(/<th scope="row"[\s\S]*?<\/a>/.exec(row)?.[0] ?? ''),
    cells: (row.match(/<td[^>]*data-qa="attendance-cell"[\s\S]*?<\/td>/g) ?? []).map(
      (cell) => /govuk-visually-hidden">([^<]*)</.exec(cell)?.[1] ?? '',
    ),
    sessions: text(/<td[^>]*data-qa="attendance-sessions"[\s\S]*?<\/td>/.exec(row)?.[0] ?? ''),
    hours: text(/<td[^>]*data-qa="attendance-hours"[\s\S]*?<\/td>/.exec(row)?.[0] ?? ''),
    met: text(/<td[^>]*data-qa="attendance-met"[\s\S]*?<\/td>/.exec(row)?.[0] ?? ''),
  }));
}

const actorOf = (user: { id: string; organisationId: string }, side: 'perpetrator' | 'partner'): Actor => ({
  userId: user.id,
  organisationId: user.organisationId,
  displayName: 'Test worker',
  sides: new Set([side]),
});

describe('the attendance grid on a group page', () => {
  it('shows each participant by session, in date order, with sessions and hours against the completion rule', async () => {
    const page = await facilitator.get(`/groups/${group.groupId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'To complete the programme: at least 4 sessions attended, at least 8.0 hours and a session of each required module (Physical violence).',
    );
    const columns = page.body.match(/data-qa="attendance-column"/g) ?? [];
    expect(columns).toHaveLength(4);
    expect(page.body).toContain('Session 1, Monday 5 January 2026');
    expect(page.body.indexOf('Session 1, Monday 5 January 2026')).toBeLessThan(
      page.body.indexOf('Session 2, Monday 12 January 2026'),
    );
    expect(gridRows(page.body)).toEqual([
      {
        name: 'Callum Ashdown',
        cells: ['Attended and participated', 'Absent with an acceptable reason', 'Not recorded', 'Not recorded'],
        sessions: '1 of 4',
        hours: '2.5 of 8.0',
        met: 'Not yet met',
      },
      {
        name: 'Dmitri Brackley',
        cells: ['Late, 30 minutes', 'Absent without an acceptable reason', 'Not recorded', 'Not recorded'],
        sessions: '1 of 4',
        hours: '2.0 of 8.0',
        met: 'Not yet met',
      },
      // A participant with no sessions recorded: a row of empty cells and no hours.
      {
        name: 'Ezra Cordell',
        cells: ['Not recorded', 'Not recorded', 'Not recorded', 'Not recorded'],
        sessions: '0 of 4',
        hours: '0.0 of 8.0',
        met: 'Not yet met',
      },
    ]);
    // The short marks are what a sighted user sees; the full labels are read out with them.
    expect(page.body).toMatch(
      /<span aria-hidden="true">A<\/span><span class="govuk-visually-hidden">Attended and participated<\/span>/,
    );
    expect(page.body).toMatch(/role="region" aria-labelledby="attendance-grid-caption" tabindex="0"/);
  });

  it('is shown to managers too', async () => {
    const page = await manager.get(`/groups/${group.groupId}`);
    expect(page.statusCode).toBe(200);
    expect(gridRows(page.body).map((r) => r.name)).toEqual(['Callum Ashdown', 'Dmitri Brackley', 'Ezra Cordell']);
  });

  it('reads the grid in the same statements whatever the number of participants, in the page’s one transaction', async () => {
    const count = async () => {
      const statements = await statementsDuring(async () => {
        expect((await facilitator.get(`/groups/${group.groupId}`)).statusCode).toBe(200);
      });
      return {
        transactions: statements.filter((s) => /^\s*(begin|start transaction)/i.test(s)).length,
        attendanceReads: statements.filter((s) => s.includes('attendance_records')).length,
      };
    };
    const before = await count();
    expect(before.transactions).toBe(1);
    for (const name of ['Farid', 'Gethin', 'Hamza']) {
      const man = await createTestParticipant(t.database.db, org, { givenName: name, familyName: 'Ellery' });
      await enrolInTestGroup(t.database.db, org, group, man.participantId);
    }
    const after = await count();
    expect(after).toEqual(before);
  });

  it('is not shown to the partner side: the group page has no grid and names no participant', async () => {
    const page = await partnerWorker.get(`/groups/${group.groupId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('data-qa="attendance-grid"');
    for (const name of ['Callum Ashdown', 'Dmitri Brackley', 'Ezra Cordell']) {
      expect(page.body).not.toContain(name);
    }
    await expect(
      new AttendanceGridService(t.database.db).forGroup(actorOf(org.users.partner, 'partner'), group.groupId),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('is refused to those who may not see the group: another organisation and the administrator get 404', async () => {
    const outsider = await t.signedIn(other.users.perpetrator);
    const elsewhere = await outsider.get(`/groups/${group.groupId}`);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.body).not.toContain('Callum Ashdown');
    await expect(
      new AttendanceGridService(t.database.db).forGroup(actorOf(other.users.perpetrator, 'perpetrator'), group.groupId),
    ).rejects.toBeInstanceOf(NotFoundError);
    const admin = await t.signedIn(org.users.admin);
    // The administrator holds no case data: the group is not found rather than confirmed.
    const refused = await admin.get(`/groups/${group.groupId}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('Callum Ashdown');
  });

  it('answers "not found" for the partner side’s own group, which has no register here', async () => {
    const herGroup = await createTestProgramme(t.database.db, org, { side: 'partner', sessionCount: 1 });
    await expect(
      new AttendanceGridService(t.database.db).forGroup(actorOf(org.users.management, 'perpetrator'), herGroup.groupId),
    ).rejects.toBeInstanceOf(NotFoundError);
    const page = await manager.get(`/groups/${herGroup.groupId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('data-qa="attendance-grid"');
  });
});
