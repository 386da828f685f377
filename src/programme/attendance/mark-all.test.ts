import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, enrolInTestGroup, type TestParticipant } from '../../../test/fixtures/programme-members.js';

/*
 * "Mark all attended" on a session's register (issue 12, item 4): every line not yet answered
 * becomes attended in one step, answers already chosen or saved and anything typed are kept, and
 * nothing is saved until the register's one submit.
 */

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let callum: TestParticipant;
let dmitri: TestParticipant;
let ezra: TestParticipant;
let group: TestProgramme;
const enrolmentIds = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Marlow');
  facilitator = await t.signedIn(org.users.perpetrator);
  partnerWorker = await t.signedIn(org.users.partner);
  callum = await createTestParticipant(t.database.db, org, { givenName: 'Callum', familyName: 'Ashdown' });
  dmitri = await createTestParticipant(t.database.db, org, { givenName: 'Dmitri', familyName: 'Brackley' });
  ezra = await createTestParticipant(t.database.db, org, { givenName: 'Ezra', familyName: 'Cordell' });
  group = await createTestProgramme(t.database.db, org, {
    participantIds: [callum.participantId, dmitri.participantId, ezra.participantId],
    sessionCount: 3,
  });
  for (const e of group.enrolments) {
    enrolmentIds.set(e.participantId, e.enrolmentId);
  }
});
afterAll(async () => t?.close());

const idOf = (who: TestParticipant): string => enrolmentIds.get(who.participantId) ?? '';
const registerUrl = (n: number) => `/programme/sessions/${group.sessions[n - 1]?.id ?? ''}/register`;

type Line = { who: TestParticipant; outcome?: string; minutesLate?: string; note?: string };

/** The register form as the browser sends it: a line without an outcome sends no outcome field. */
function registerForm(lines: Line[], markAll: boolean): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { enrolment: lines.map((l) => idOf(l.who)) };
  for (const line of lines) {
    const id = idOf(line.who);
    if (line.outcome) {
      form[`outcome-${id}`] = line.outcome;
    }
    form[`minutesLate-${id}`] = line.minutesLate ?? '';
    form[`note-${id}`] = line.note ?? '';
  }
  if (markAll) {
    form.markAll = 'yes';
  }
  return form;
}

/** The outcome checked on a man's line of the rendered register, or null. */
function checkedOutcome(html: string, enrolmentId: string): string | null {
  const radios = html.match(new RegExp(`<input[^>]*name="outcome-${enrolmentId}"[^>]*>`, 'g')) ?? [];
  const checked = radios.filter((radio) => /\schecked/.test(radio));
  expect(checked.length).toBeLessThanOrEqual(1);
  return checked[0] ? (/value="([^"]+)"/.exec(checked[0])?.[1] ?? null) : null;
}

const inputValue = (html: string, id: string): string | null =>
  new RegExp(`<input[^>]*id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
  (new RegExp(`<input[^>]*id="${id}"`).test(html) ? '' : null);

async function recordsOf(n: number) {
  return t.database.db
    .selectFrom('attendance_records')
    .select(['enrolment_id as enrolmentId', 'outcome', 'minutes_late as minutesLate'])
    .where('session_id', '=', group.sessions[n - 1]?.id ?? '')
    .execute();
}

async function sessionStatus(n: number): Promise<string> {
  const row = await t.database.db
    .selectFrom('programme_sessions')
    .select('status')
    .where('id', '=', group.sessions[n - 1]?.id ?? '')
    .executeTakeFirstOrThrow();
  return row.status;
}

async function registerAuditCount(n: number): Promise<number> {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select('action')
    .where('record_id', '=', group.sessions[n - 1]?.id ?? '')
    .where('action', 'like', 'attendance.%')
    .execute();
  return rows.length;
}

describe('mark all attended', () => {
  it('offers the control on the register', async () => {
    const page = await facilitator.get(registerUrl(1));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<button[^>]*name="markAll"[^>]*>\s*Mark all attended/);
  });

  it('sets every unanswered line to attended, keeps the exceptions and what was typed, and saves nothing', async () => {
    const response = await facilitator.submit(
      registerUrl(1),
      registerForm(
        [
          { who: callum, note: 'Spoke about the weekend for the first time.' },
          { who: dmitri, outcome: 'late', minutesLate: '12' },
          { who: ezra, outcome: 'absent_unacceptable' },
        ],
        true,
      ),
    );
    expect(response.statusCode, response.body.slice(0, 400)).toBe(200);
    const html = response.body;
    expect(checkedOutcome(html, idOf(callum))).toBe('attended');
    expect(checkedOutcome(html, idOf(dmitri))).toBe('late');
    expect(inputValue(html, `minutesLate-${idOf(dmitri)}`)).toBe('12');
    expect(checkedOutcome(html, idOf(ezra))).toBe('absent_unacceptable');
    expect(html).toContain('Spoke about the weekend for the first time.');
    expect(html).toContain('data-qa="marked-all"');
    expect(html).toContain('1 participant not yet answered is now marked as attended and participated');
    expect(html).not.toContain('The register has been saved');
    // Nothing saved: no record, the session not held, nothing audited.
    expect(await recordsOf(1)).toEqual([]);
    expect(await sessionStatus(1)).toBe('scheduled');
    expect(await registerAuditCount(1)).toBe(0);
  });

  it('marks a register with no answers at all, and the marked form then saves in one submit', async () => {
    const marked = await facilitator.submit(
      registerUrl(1),
      registerForm([{ who: callum }, { who: dmitri }, { who: ezra }], true),
    );
    expect(marked.statusCode).toBe(200);
    for (const who of [callum, dmitri, ezra]) {
      expect(checkedOutcome(marked.body, idOf(who))).toBe('attended');
    }
    expect(marked.body).toContain('3 participants not yet answered are now marked');
    expect(await recordsOf(1)).toEqual([]);

    // One exception changed on the marked form, then the single submit saves the whole register.
    const saved = await facilitator.submit(
      registerUrl(1),
      registerForm(
        [
          { who: callum, outcome: 'attended' },
          { who: dmitri, outcome: 'absent_acceptable' },
          { who: ezra, outcome: 'attended' },
        ],
        false,
      ),
    );
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const records = await recordsOf(1);
    expect(new Map(records.map((r) => [r.enrolmentId, r.outcome]))).toEqual(
      new Map([
        [idOf(callum), 'attended'],
        [idOf(dmitri), 'absent_acceptable'],
        [idOf(ezra), 'attended'],
      ]),
    );
    expect(await sessionStatus(1)).toBe('held');
  });

  it('keeps the answers saved before: only a man added since gets attended', async () => {
    const saved = await facilitator.submit(
      registerUrl(2),
      registerForm(
        [
          { who: callum, outcome: 'absent_acceptable' },
          { who: dmitri, outcome: 'late', minutesLate: '5' },
          { who: ezra, outcome: 'attended_not_complied' },
        ],
        false,
      ),
    );
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const before = await recordsOf(2);
    const farid = await createTestParticipant(t.database.db, org, { givenName: 'Farid', familyName: 'Dunmore' });
    const faridEnrolment = await enrolInTestGroup(t.database.db, org, group, farid.participantId);
    enrolmentIds.set(farid.participantId, faridEnrolment.enrolmentId);

    const shown = await facilitator.get(registerUrl(2));
    expect(checkedOutcome(shown.body, idOf(farid))).toBeNull();
    // Sent as shown (the saved answers checked), but with Callum's line sent without its answer:
    // his saved answer is still kept rather than overwritten.
    const marked = await facilitator.submit(
      registerUrl(2),
      registerForm(
        [
          { who: callum },
          { who: dmitri, outcome: 'late', minutesLate: '5' },
          { who: ezra, outcome: 'attended_not_complied' },
          { who: farid },
        ],
        true,
      ),
    );
    expect(marked.statusCode).toBe(200);
    expect(checkedOutcome(marked.body, idOf(callum))).toBe('absent_acceptable');
    expect(checkedOutcome(marked.body, idOf(dmitri))).toBe('late');
    expect(checkedOutcome(marked.body, idOf(ezra))).toBe('attended_not_complied');
    expect(checkedOutcome(marked.body, idOf(farid))).toBe('attended');
    expect(marked.body).toContain('1 participant not yet answered is now marked');
    expect(await recordsOf(2)).toEqual(before);
  });

  it('treats an answer that is not one of the outcomes as unanswered', async () => {
    const marked = await facilitator.submit(
      registerUrl(3),
      registerForm([{ who: callum, outcome: 'present' }, { who: dmitri }, { who: ezra }], true),
    );
    expect(marked.statusCode).toBe(200);
    expect(checkedOutcome(marked.body, idOf(callum))).toBe('attended');
  });

  it('keeps the register’s access checks: the partner worker gets 403 and nothing is shown', async () => {
    const refused = await partnerWorker.submit(registerUrl(3), registerForm([{ who: callum }], true));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('Callum Ashdown');
    expect(await recordsOf(3)).toEqual([]);
  });
});
