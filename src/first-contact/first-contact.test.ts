import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import { attemptForm, tableSection } from '../../test/fixtures/contact-attempts.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import { addWorkingDays } from '../dates/working-days.js';
import { todayInLondon } from '../dates/london.js';

let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let partnerWorker: TestClient;
let facilitator: TestClient;
let manager: TestClient;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker, manager } = await caseTeam('Tremough', 'T'));
  // The clocks start from no attempt at all: the fixture's attempt with the ex-partner is taken away.
  await t.database.db
    .deleteFrom('partner_contact_attempts')
    .where('partner_case_id', 'in', [known.currentCaseId, known.exCaseId])
    .execute();
  // Her case and his were opened three weeks ago: the first attempts are long overdue.
  await t.database.db
    .updateTable('partner_cases')
    .set({ opened_on: daysAgo(21) })
    .where('id', 'in', [known.currentCaseId, known.exCaseId])
    .execute();
  await t.database.db
    .updateTable('perpetrator_cases')
    .set({ opened_on: daysAgo(21), status: 'assessment' })
    .where('participant_id', '=', known.participantId)
    .execute();
});
afterAll(async () => t?.close());

const section = tableSection;

const attempt = (overrides: Record<string, string> = {}) => attemptForm(todayInLondon(), '00:05', overrides);

describe('first contact with her', () => {
  it('the dashboard shows her first attempt overdue, and clears it once an attempt is logged', async () => {
    const before = await partnerWorker.get('/dashboard');
    expect(before.statusCode).toBe(200);
    const due = section(before.body, 'partner-due');
    expect(due).toContain('RosalindT QuennellT');
    expect(due).toContain('Overdue');

    const logged = await partnerWorker.submit(
      `/partner-cases/${known.currentCaseId}/contact-attempts`,
      // She said no message may be left: recorded only when confirmed, with a reason.
      attempt({
        method: 'voicemail',
        outcome: 'message_left',
        confirmBreach: 'yes',
        breachReason: 'Her MARAC coordinator asked us to.',
      }),
      `/partner-cases/${known.currentCaseId}/contact-attempts/new`,
    );
    expect(logged.statusCode).toBe(303);

    const after = await partnerWorker.get('/dashboard');
    expect(section(after.body, 'partner-due')).not.toContain('RosalindT');
    // A voicemail is an attempt, not contact, until she responds.
    expect(section(after.body, 'partner-awaiting')).toContain('RosalindT QuennellT');

    await partnerWorker.submit(
      `/partner-cases/${known.currentCaseId}/contact-attempts`,
      attempt({ outcome: 'reached', note: 'She called back on the safe number.' }),
      `/partner-cases/${known.currentCaseId}/contact-attempts/new`,
    );
    const reached = await partnerWorker.get('/dashboard');
    expect(section(reached.body, 'partner-awaiting')).not.toContain('RosalindT');
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/contact`);
    expect(section(page.body, 'contact-attempts')).toContain('She called back on the safe number.');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('record_id', '=', known.currentCaseId)
      .where('action', '=', 'partner_case.contact_attempt_logged')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('answers a missing or impossible attempt with field errors and records nothing', async () => {
    const count = async () => (await t.database.db.selectFrom('partner_contact_attempts').select('id').execute()).length;
    const before = await count();
    const missing = await partnerWorker.submit(
      `/partner-cases/${known.exCaseId}/contact-attempts`,
      attempt({ method: '', outcome: '', attemptedTime: '25:99' }),
      `/partner-cases/${known.exCaseId}/contact-attempts/new`,
    );
    expect(missing.statusCode).toBe(400);
    for (const message of [
      'Select how you tried to make contact',
      'Select what happened',
      'Enter the time as hours and minutes',
    ]) {
      expect(missing.body).toContain(message);
    }
    const [year = '2026'] = todayInLondon().split('-');
    const future = await partnerWorker.submit(
      `/partner-cases/${known.exCaseId}/contact-attempts`,
      attempt({ 'attemptedOn-year': String(Number(year) + 1) }),
      `/partner-cases/${known.exCaseId}/contact-attempts/new`,
    );
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('must be now or in the past');
    expect(await count()).toBe(before);
  });

  it('the perpetrator side cannot log or see attempts with her, and its dashboard has no partner section', async () => {
    const before = (await t.database.db.selectFrom('partner_contact_attempts').select('id').execute()).length;
    const post = await facilitator.submit(`/partner-cases/${known.exCaseId}/contact-attempts`, attempt());
    expect(post.statusCode).toBe(404);
    expect((await t.database.db.selectFrom('partner_contact_attempts').select('id').execute()).length).toBe(before);
    const dashboard = await facilitator.get('/dashboard');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).not.toContain('First contact with partners');
    for (const secret of known.secrets) {
      expect(dashboard.body).not.toContain(secret);
    }
    expect(section(dashboard.body, 'participant-due')).toContain('Darren WhitlockT');
  });
});

describe('first contact with him', () => {
  it('his side logs an attempt from his record and the clock clears; management sees both clocks with the on-time rate', async () => {
    const form = await facilitator.get(`/participants/${known.participantId}/contact-attempts/new`);
    expect(form.statusCode).toBe(200);
    const logged = await facilitator.submit(
      `/participants/${known.participantId}/contact-attempts`,
      attempt({ outcome: 'reached' }),
      `/participants/${known.participantId}/contact-attempts/new`,
    );
    expect(logged.statusCode).toBe(303);
    const dashboard = await manager.get('/dashboard');
    expect(dashboard.body).toContain('First contact with partners');
    expect(section(dashboard.body, 'participant-due')).not.toContain('Darren WhitlockT');
    // Both of her cases were opened 21 days ago and attempted today: late, so 0% on time.
    expect(dashboard.body).toMatch(/data-qa="partner-kpi">0%/);
    const page = await facilitator.get(`/participants/${known.participantId}/contact`);
    expect(section(page.body, 'contact-attempts')).toContain('Spoke with them');
  });

  it('counts working days from the day the case opened', () => {
    expect(addWorkingDays('2026-11-20', 2, 'ENG')).toBe('2026-11-24');
  });
});

describe('the targets', () => {
  it('management sets the targets in working days; bad input is a field error; the facilitator may not', async () => {
    expect((await facilitator.get('/settings/first-contact')).statusCode).toBe(403);
    const bad = await manager.submit(
      '/settings/first-contact',
      { partnerDays: 'two', participantDays: '45' },
      '/settings/first-contact',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('whole number of working days');
    expect(bad.body).toContain('30 working days or fewer');
    const saved = await manager.submit(
      '/settings/first-contact',
      { partnerDays: '1', participantDays: '3' },
      '/settings/first-contact',
    );
    expect(saved.statusCode).toBe(303);
    const dashboard = await partnerWorker.get('/dashboard');
    expect(dashboard.body).toContain('within 1 working day of the case opening');
    const row = await t.database.db
      .selectFrom('organisation_settings')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect([row.partner_first_contact_days, row.participant_first_contact_days]).toEqual([1, 3]);
  });
});
