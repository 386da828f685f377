// Dates in London: at 00:30 on a summer night, a referral is received that day and its first-contact deadline counts from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './fixtures/app.js';
import type { TestClient } from './fixtures/http.js';
import { referenceIn } from '../src/public-referrals/form-walk.testing.js';
import { fixClock } from '../src/dates/clock.js';
import { referCador, referThroughPublicForm, setUpLondonDatesTest } from './fixtures/london-dates-test-setup.js';
import { addWorkingDays } from '../src/dates/working-days.js';

/*
 * Dates in London (issue 19, point 4). With the clock at 00:30 on a summer night in London (23:30
 * the day before in UTC), a referral received then is dated that day, and its first-contact
 * deadline counts from it.
 */
let t: TestApp;
let manager: TestClient;
let facilitator: TestClient;
let partnerWorker: TestClient;

beforeAll(async () => {
  ({ t, manager, facilitator, partnerWorker } = await setUpLondonDatesTest());
});
afterAll(async () => {
  fixClock(null);
  await t?.close();
});

/** The first-contact table of a dashboard (`partner-due` or `participant-due`). */
const section = (body: string, qa: string): string => {
  const start = body.indexOf(`data-qa="${qa}"`);
  return start < 0 ? '' : body.slice(start, body.indexOf('</table>', start));
};

const rowOf = (table: string, name: string): string => {
  const at = table.indexOf(name);
  return at < 0 ? '' : table.slice(at, table.indexOf('</tr>', at));
};

describe('at 00:30 on a summer night in London', () => {
  it('the working-day rule gives the deadlines these tests expect', () => {
    // Her first attempt within 2 working days, his within 5 (the defaults): from Thursday 15 July
    // 2027; from the UTC date, Wednesday 14 July, each would fall a working day early.
    expect(addWorkingDays('2027-07-15', 2, 'ENG')).toBe('2027-07-19');
    expect(addWorkingDays('2027-07-15', 5, 'ENG')).toBe('2027-07-22');
    expect(addWorkingDays('2027-07-14', 2, 'ENG')).toBe('2027-07-16');
  });

  it('a referral taken by staff is received that day, his case opened that day, and his first contact due five working days on', async () => {
    const created = await referCador(manager);
    expect(created.statusCode).toBe(201);
    const { referral } = created.json<{ referral: { id: string; receivedOn: string } }>();
    expect(referral.receivedOn).toBe('2027-07-15');
    const stored = await t.database.db
      .selectFrom('referrals')
      .innerJoin('perpetrator_cases', 'perpetrator_cases.participant_id', 'referrals.participant_id')
      .select(['referrals.received_on', 'perpetrator_cases.opened_on'])
      .where('referrals.id', '=', referral.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ received_on: '2027-07-15', opened_on: '2027-07-15' });

    const dashboard = await facilitator.get('/dashboard');
    expect(dashboard.statusCode).toBe(200);
    const row = rowOf(section(dashboard.body, 'participant-due'), 'Cador Penhallow');
    expect(row).toContain('15 July 2027');
    expect(row).toContain('22 July 2027');
    expect(row).not.toContain('Overdue');
  });

  it('a referral through the public form is received that day, her case opened that day, and her first contact due two working days on', async () => {
    const sent = await referThroughPublicForm(t);
    expect(sent.statusCode).toBe(200);
    const reference = referenceIn(sent) ?? '';
    const stored = await t.database.db
      .selectFrom('referrals')
      .innerJoin('perpetrator_cases', 'perpetrator_cases.participant_id', 'referrals.participant_id')
      .select(['referrals.received_on', 'perpetrator_cases.opened_on'])
      .where('referrals.reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ received_on: '2027-07-15', opened_on: '2027-07-15' });
    const herCases = await t.database.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partner_cases.opened_on')
      .where('partners.given_name', '=', 'Senara')
      .execute();
    expect(herCases.length).toBeGreaterThan(0);
    expect(herCases.every((c) => c.opened_on === '2027-07-15')).toBe(true);

    const dashboard = await partnerWorker.get('/dashboard');
    const row = rowOf(section(dashboard.body, 'partner-due'), 'Senara Nancarrow');
    expect(row).toContain('15 July 2027');
    expect(row).toContain('19 July 2027');
    expect(row).not.toContain('Overdue');
  });
});
