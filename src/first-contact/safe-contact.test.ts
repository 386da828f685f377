import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import { attemptForm, lastDay } from '../../test/fixtures/contact-attempts.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { breachesOf, type SafeContactRules } from './safe-contact.js';

let t: TestApp;
let known: KnownCase;
let partnerWorker: TestClient;
let facilitator: TestClient;
let manager: TestClient;

beforeAll(async () => {
  ({ t, known, facilitator, partnerWorker, manager } = await caseTeam('Penryn', 'S'));
});
afterAll(async () => t?.close());

const attempt = (on: string, overrides: Record<string, string> = {}) =>
  attemptForm(on, '11:00', { numberUsed: '07700 900222', ...overrides });

const attempts = async (caseId: string) =>
  t.database.db.selectFrom('partner_contact_attempts').selectAll().where('partner_case_id', '=', caseId).execute();

const rules: SafeContactRules = {
  messageMayBeLeft: false,
  safePhone: '07700 900222',
  safeTimes: 'Weekday mornings',
  safeDays: [1, 2, 3, 4, 5],
  safeFrom: '10:00',
  safeTo: '12:00',
  codeWord: 'bluebell',
};

describe('the check of an attempt against her rules', () => {
  const keeps = {
    attemptedOn: '2026-11-18',
    attemptedTime: '10:30',
    method: 'phone',
    outcome: 'no_answer',
    numberUsed: '+44 7700 900222',
  } as const;
  it('finds none when the attempt keeps them all', () => {
    expect(breachesOf(rules, keeps)).toEqual([]);
    expect(breachesOf(rules, { ...keeps, method: 'letter', attemptedOn: '2026-11-21', numberUsed: null })).toEqual([]);
  });
  it('finds each rule broken', () => {
    expect(breachesOf(rules, { ...keeps, method: 'voicemail' })).toEqual(['message_not_allowed']);
    expect(breachesOf(rules, { ...keeps, outcome: 'message_left' })).toEqual(['message_not_allowed']);
    expect(breachesOf(rules, { ...keeps, attemptedTime: '12:00' })).toEqual(['outside_safe_times']);
    expect(breachesOf(rules, { ...keeps, attemptedTime: '9:59' })).toEqual(['outside_safe_times']);
    expect(breachesOf(rules, { ...keeps, attemptedOn: '2026-11-21' })).toEqual(['outside_safe_times']);
    expect(breachesOf(rules, { ...keeps, numberUsed: '07700 900111' })).toEqual(['not_safe_number']);
    expect(breachesOf({ ...rules, messageMayBeLeft: true }, { ...keeps, method: 'text' })).toEqual([]);
  });
});

describe('her safe-contact rules on the pages', () => {
  it('her case page and the attempt form show the rules first', async () => {
    for (const url of [
      `/partner-cases/${known.currentCaseId}/contact`,
      `/partner-cases/${known.currentCaseId}/contact-attempts/new`,
    ]) {
      const page = await partnerWorker.get(url);
      expect(page.statusCode).toBe(200);
      const panel = page.body.slice(page.body.indexOf('data-qa="safe-contact-panel"'));
      expect(panel).toContain('Do not leave a message or voicemail.');
      expect(panel).toContain('Use only the safe number: 07700 900222.');
      expect(panel).toContain('Ask for the code word before discussing anything: periwinkleS.');
    }
  });

  it('her worker sets her safe times; bad times are field errors and change nothing', async () => {
    const bad = await partnerWorker.submit(
      `/partner-cases/${known.currentCaseId}/safe-times`,
      { safeDays: ['1'], safeFrom: '12:00', safeTo: '10:00' },
      `/partner-cases/${known.currentCaseId}/safe-times`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The end time must be after the start time');
    const saved = await partnerWorker.submit(
      `/partner-cases/${known.currentCaseId}/safe-times`,
      { safeDays: ['1', '2', '3', '4', '5'], safeFrom: '10:00', safeTo: '12:00' },
      `/partner-cases/${known.currentCaseId}/safe-times`,
    );
    expect(saved.statusCode).toBe(303);
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/contact-attempts/new`);
    expect(page.body).toContain('Safe times: Monday to Friday, 10:00 to 12:00.');
    const facilitatorTry = await facilitator.submit(`/partner-cases/${known.currentCaseId}/safe-times`, { safeDays: ['6'] });
    expect(facilitatorTry.statusCode).toBe(404);
  });

  it('warns before saving an attempt that breaks a rule, and records nothing until confirmed with a reason', async () => {
    const url = `/partner-cases/${known.currentCaseId}/contact-attempts`;
    const form = `${url}/new`;
    const before = (await attempts(known.currentCaseId)).length;
    const cases: Array<[Record<string, string>, string]> = [
      [
        attempt(lastDay(2), { method: 'voicemail', outcome: 'message_left' }),
        'the partner has said no message or voicemail may be left',
      ],
      [attempt(lastDay(6)), 'it is outside the partner’s safe times'],
      [attempt(lastDay(2), { attemptedTime: '18:30' }), 'it is outside the partner’s safe times'],
      [attempt(lastDay(2), { numberUsed: '07700 900111' }), 'it is not the partner’s safe number'],
    ];
    for (const [body, reason] of cases) {
      const warned = await partnerWorker.submit(url, body, form);
      expect(warned.statusCode).toBe(409);
      expect(warned.body).toContain('This breaks the partner’s safe-contact rules:');
      expect(warned.body).toContain(reason);
      expect(warned.body).toContain('data-qa="confirm-breach"');
    }
    const noReason = await partnerWorker.submit(url, { ...attempt(lastDay(6)), confirmBreach: 'yes' }, form);
    expect(noReason.statusCode).toBe(409);
    expect(noReason.body).toContain('Enter why you are recording it anyway');
    expect((await attempts(known.currentCaseId)).length).toBe(before);

    const kept = await partnerWorker.submit(url, attempt(lastDay(2)), form);
    expect(kept.statusCode).toBe(303);
    const confirmed = await partnerWorker.submit(
      url,
      { ...attempt(lastDay(6)), confirmBreach: 'yes', breachReason: 'She texted asking for a Saturday call.' },
      form,
    );
    expect(confirmed.statusCode).toBe(303);
    const rows = await attempts(known.currentCaseId);
    expect(rows.map((r) => r.breaches).sort((a, b) => a.length - b.length)).toEqual([[], ['outside_safe_times']]);

    // Flagged on the attempt for her worker and for managers.
    for (const client of [partnerWorker, manager]) {
      const page = await client.get(`/partner-cases/${known.currentCaseId}/contact`);
      const flag = page.body.slice(page.body.indexOf('data-qa="attempt-breach"'));
      expect(flag).toContain('Broke the safe-contact rules');
      expect(flag).toContain('She texted asking for a Saturday call.');
    }
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('record_id', '=', known.currentCaseId)
      .where('action', '=', 'partner_case.contact_attempt_logged')
      .execute();
    expect(audit.some((a) => JSON.stringify(a.details).includes('outside_safe_times'))).toBe(true);
  });

  it('the API answers 409 to a breach unless confirmed with a reason, and 404 to his side', async () => {
    const url = `/api/v1/partner-cases/${known.currentCaseId}/contact-attempts`;
    const json = {
      attemptedOn: lastDay(3),
      attemptedTime: '11:15',
      method: 'text',
      outcome: 'no_answer',
      numberUsed: '07700 900222',
    };
    const refused = await partnerWorker.request('POST', url, { json });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('the partner has said no message or voicemail may be left');
    const recorded = await partnerWorker.request('POST', url, {
      json: { ...json, confirmBreach: true, breachReason: 'She asked for texts only this week.' },
    });
    expect(recorded.statusCode).toBe(201);
    expect(JSON.stringify(recorded.json())).toContain('She asked for texts only this week.');
    const his = await facilitator.request('POST', url, { json: { ...json, confirmBreach: true, breachReason: 'x' } });
    expect(his.statusCode).toBe(404);
    expect((await facilitator.get(`/api/v1/partner-cases/${known.currentCaseId}/safe-contact`)).statusCode).toBe(404);
    expect((await facilitator.get(`/partner-cases/${known.currentCaseId}/contact-attempts/new`)).statusCode).toBe(404);
  });
});
