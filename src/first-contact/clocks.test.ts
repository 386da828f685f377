import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases, type ListedPartner } from '../../test/fixtures/caseloads.js';
import { tableSection } from '../../test/fixtures/contact-attempts.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { CLOCK_LIST_SIZE } from './clocks-service.js';

/*
 * The first-contact clocks on the dashboard read a page of each list on an index (migration
 * 0024): each case keeps its first attempt and first contact, kept by triggers on the attempts,
 * and the dashboard shows the cases opened longest ago with how many there are in all.
 */

let t: TestApp;
let org: TestOrganisation;
let partners: ListedPartner[];
let hisCaseId: string;
let manager: TestClient;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const PARTNERS = 30;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Porthleven');
  const [him] = await addParticipants(t.database.db, org.id, [{ givenName: 'Aled', familyName: 'Trevarrow' }]);
  hisCaseId = him?.caseId ?? '';
  await t.database.db.updateTable('perpetrator_cases').set({ status: 'referred' }).where('id', '=', hisCaseId).execute();
  partners = await addPartnerCases(
    t.database.db,
    org.id,
    him?.participantId ?? '',
    Array.from({ length: PARTNERS }, (_, i) => ({ givenName: `Morwenna${String(i).padStart(2, '0')}`, familyName: 'Pascoe' })),
  );
  // Morwenna00 was opened most recently, Morwenna29 longest ago.
  for (const [i, partner] of partners.entries()) {
    await t.database.db
      .updateTable('partner_cases')
      .set({ opened_on: daysAgo(10 + i) })
      .where('id', '=', partner.caseId)
      .execute();
  }
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
});
afterAll(async () => t?.close());

const section = tableSection;

const clockColumns = (table: 'partner_cases' | 'perpetrator_cases', id: string) =>
  t.database.db.selectFrom(table).select(['first_attempt_at', 'reached_at']).where('id', '=', id).executeTakeFirstOrThrow();

describe('first-contact clocks', () => {
  it('show the cases opened longest ago, a page of them, and how many there are in all', async () => {
    const page = await manager.get('/dashboard');
    expect(page.statusCode).toBe(200);
    const due = section(page.body, 'partner-due');
    const shown = partners.filter((partner) => due.includes(partner.givenName));
    expect(shown).toHaveLength(CLOCK_LIST_SIZE);
    expect(due).toContain('Morwenna29');
    expect(due).not.toContain('Morwenna00');
    expect(due.indexOf('Morwenna29')).toBeLessThan(due.indexOf('Morwenna28'));
    expect(page.body).toMatch(
      new RegExp(`data-qa="partner-due-total">The ${CLOCK_LIST_SIZE} opened longest ago of ${PARTNERS}\\.`),
    );
  });

  it('keep each case’s first attempt and first contact as attempts are logged, changed and removed', async () => {
    const db = t.database.db;
    const herCase = partners[29]?.caseId ?? '';
    const first = new Date('2026-11-02T10:00:00Z');
    const reached = new Date('2026-11-03T15:30:00Z');
    const attempt = (attemptedAt: Date, outcome: 'no_answer' | 'reached') =>
      db
        .insertInto('partner_contact_attempts')
        .values({
          organisation_id: org.id,
          partner_case_id: herCase,
          attempted_at: attemptedAt,
          method: 'phone',
          outcome,
          recorded_by: org.users.partner.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();

    const unanswered = await attempt(first, 'no_answer');
    expect(await clockColumns('partner_cases', herCase)).toEqual({ first_attempt_at: first, reached_at: null });
    let page = await manager.get('/dashboard');
    expect(section(page.body, 'partner-due')).not.toContain('Morwenna29');
    expect(section(page.body, 'partner-awaiting')).toContain('Morwenna29');

    await attempt(reached, 'reached');
    expect(await clockColumns('partner_cases', herCase)).toEqual({ first_attempt_at: first, reached_at: reached });
    page = await manager.get('/dashboard');
    expect(section(page.body, 'partner-awaiting')).not.toContain('Morwenna29');

    await db.deleteFrom('partner_contact_attempts').where('id', '=', unanswered.id).execute();
    expect(await clockColumns('partner_cases', herCase)).toEqual({ first_attempt_at: reached, reached_at: reached });
    await db.deleteFrom('partner_contact_attempts').where('partner_case_id', '=', herCase).execute();
    expect(await clockColumns('partner_cases', herCase)).toEqual({ first_attempt_at: null, reached_at: null });
  });

  it('keep his case’s clock from his attempts, on his side only', async () => {
    const db = t.database.db;
    const when = new Date('2026-11-04T09:15:00Z');
    await db
      .insertInto('participant_contact_attempts')
      .values({
        organisation_id: org.id,
        perpetrator_case_id: hisCaseId,
        attempted_at: when,
        method: 'phone',
        outcome: 'reached',
        recorded_by: org.users.perpetrator.id,
      })
      .execute();
    expect(await clockColumns('perpetrator_cases', hisCaseId)).toEqual({ first_attempt_at: when, reached_at: when });
    // Her cases' clocks are untouched by his attempts.
    const hers = await db
      .selectFrom('partner_cases')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('first_attempt_at', 'is not', null)
      .execute();
    expect(hers).toEqual([]);
  });

  it('list the follow-ups with partners not yet reached, due soonest first, a page of them, each worker her own', async () => {
    const db = t.database.db;
    // An unanswered attempt with each, a day apart: Morwenna29's is the oldest, so due soonest.
    for (const [i, partner] of partners.entries()) {
      await db
        .insertInto('partner_contact_attempts')
        .values({
          organisation_id: org.id,
          partner_case_id: partner.caseId,
          attempted_at: new Date(Date.now() - (40 + i) * 86_400_000),
          method: 'phone',
          outcome: 'no_answer',
          recorded_by: org.users.partner.id,
        })
        .execute();
    }
    const mine = [partners[3]?.caseId ?? '', partners[4]?.caseId ?? ''];
    await db.updateTable('partner_cases').set({ allocated_worker_id: org.users.partner.id }).where('id', 'in', mine).execute();

    const page = await manager.get('/dashboard');
    const followUps = section(page.body, 'partner-follow-ups');
    expect(partners.filter((partner) => followUps.includes(partner.givenName))).toHaveLength(25);
    expect(followUps.indexOf('Morwenna29')).toBeGreaterThan(-1);
    expect(followUps.indexOf('Morwenna29')).toBeLessThan(followUps.indexOf('Morwenna28'));
    expect(followUps).not.toContain('Morwenna00');
    expect(page.body).toMatch(/data-qa="partner-follow-ups-total">The 25 due soonest of 30\./);

    const worker = t.client();
    await worker.signIn(org.users.partner.email, org.users.partner.password);
    const hers = section((await worker.get('/dashboard')).body, 'partner-follow-ups');
    expect(partners.filter((partner) => hers.includes(partner.givenName)).map((partner) => partner.givenName)).toEqual([
      'Morwenna03',
      'Morwenna04',
    ]);
  });

  it('measure the on-time rate over the cases opened in the last 90 days, each against its own due day', async () => {
    const db = t.database.db;
    // Every case now has an attempt from before it opened (on time), but Morwenna00's is moved to
    // now, ten days after her case opened: past the two working days of the default target.
    await db
      .updateTable('partner_contact_attempts')
      .set({ attempted_at: new Date() })
      .where('partner_case_id', '=', partners[0]?.caseId ?? '')
      .execute();
    // A case opened 120 days ago is outside the window, whatever its attempts.
    await db
      .updateTable('partner_cases')
      .set({ opened_on: daysAgo(120) })
      .where('id', '=', partners[1]?.caseId ?? '')
      .execute();
    const page = await manager.get('/dashboard');
    expect(page.body).toMatch(/data-qa="partner-kpi">97%<\/strong> \(28 of 29\)/);
  });
});
