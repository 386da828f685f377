import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { FormWalk, errorsIn, referenceIn } from '../public-referrals/form-walk.testing.js';
import { fixClock } from './clock.js';
import { addWorkingDays } from './working-days.js';

/*
 * Dates in London (issue 19, point 4). With the clock at 00:30 on a summer night in London (23:30
 * the day before in UTC), a referral received then is dated that day, and its first-contact
 * deadline counts from it; a time typed in the hour the clocks skip in spring is refused, and one
 * in the hour they repeat in autumn is asked about.
 */
const HALF_PAST_MIDNIGHT = new Date('2027-07-14T23:30:00Z'); // Thursday 15 July 2027, 00:30 BST
const SLUG = 'lostwithiel-dvpp';

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let facilitator: TestClient;
let partnerWorker: TestClient;

beforeAll(async () => {
  t = await createTestApp({
    loginRateLimitPerMinute: 10_000,
    publicReferralRateLimitPerHour: 10_000,
    publicReferralStepRateLimitPerHour: 10_000,
  });
  org = await createTestOrganisation(t.database.db, 'Lostwithiel');
  await t.database.db.updateTable('organisations').set({ public_referral_slug: SLUG }).where('id', '=', org.id).execute();
  manager = await t.signedIn(org.users.management);
  facilitator = await t.signedIn(org.users.perpetrator);
  partnerWorker = await t.signedIn(org.users.partner);
  fixClock(HALF_PAST_MIDNIGHT);
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
    const created = await manager.request('POST', '/api/v1/referrals', {
      json: {
        givenName: 'Cador',
        familyName: 'Penhallow',
        channel: 'phone',
        source: 'agency',
        agencyType: 'police',
        reason: 'Police call-outs.',
      },
    });
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
    const walk = new FormWalk(t.client(), SLUG);
    await walk.toCheck('partner', [
      { givenName: 'Jory', familyName: 'Tregenza' },
      { interpreter: 'no' },
      { action: 'add-partner' },
      {
        relationshipContext: 'heterosexual',
        'partner-1-givenName': 'Senara',
        'partner-1-familyName': 'Nancarrow',
        'partner-1-relationship': 'ex',
      },
      {},
      { reason: 'He follows me home from work.' },
      {
        yourGivenName: 'Senara',
        yourFamilyName: 'Nancarrow',
        yourRelationship: 'ex',
        safePhone: '07700 900512',
        messageMayBeLeft: 'no',
      },
    ]);
    const sent = await walk.send();
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

describe('a time typed in the hour the clocks change', () => {
  let participantId: string;
  let herCaseId: string;

  beforeAll(async () => {
    const his = await t.database.db
      .selectFrom('participants')
      .select('id')
      .where('given_name', '=', 'Cador')
      .executeTakeFirstOrThrow();
    participantId = his.id;
    const hers = await t.database.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select('partner_cases.id')
      .where('partners.given_name', '=', 'Senara')
      .executeTakeFirstOrThrow();
    herCaseId = hers.id;
  });

  const attemptForm = (date: string, time: string, extra: Record<string, string> = {}) => {
    const [year = '', month = '', day = ''] = date.split('-');
    return {
      method: 'phone',
      outcome: 'no_answer',
      'attemptedOn-day': day,
      'attemptedOn-month': month,
      'attemptedOn-year': year,
      attemptedTime: time,
      ...extra,
    };
  };
  const hisAttempts = () =>
    t.database.db
      .selectFrom('participant_contact_attempts as a')
      .innerJoin('perpetrator_cases', 'perpetrator_cases.id', 'a.perpetrator_case_id')
      .select('a.attempted_at')
      .where('perpetrator_cases.participant_id', '=', participantId)
      .orderBy('a.attempted_at')
      .execute();

  it('in spring, a time that does not exist in London is refused beside the time, and nothing is saved', async () => {
    const refused = await facilitator.submit(
      `/participants/${participantId}/contact-attempts`,
      attemptForm('2027-03-28', '01:30'),
      `/participants/${participantId}/contact-attempts/new`,
    );
    expect(refused.statusCode).toBe(400);
    expect(errorsIn(refused)).toEqual([
      '01:30 on 28 March 2027 does not exist in London: the clocks go forward an hour at 1am. Enter another time.',
    ]);
    expect(refused.body).toContain('href="#attemptedTime"');
    expect(await hisAttempts()).toEqual([]);

    // The API says the same.
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${herCaseId}/contact-attempts`, {
      json: { attemptedOn: '2027-03-28', attemptedTime: '01:59', method: 'letter', outcome: 'no_answer' },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json<{ error: { message: string } }>().error.message).toBe(
      '01:59 on 28 March 2027 does not exist in London: the clocks go forward an hour at 1am.',
    );
    // 00:59 and 02:00 that night are real times (GMT and BST).
    for (const time of ['00:59', '02:00']) {
      const fine = await partnerWorker.request('POST', `/api/v1/partner-cases/${herCaseId}/contact-attempts`, {
        json: { attemptedOn: '2027-03-28', attemptedTime: time, method: 'letter', outcome: 'no_answer' },
      });
      expect(fine.statusCode).toBe(201);
    }
    const hers = await t.database.db
      .selectFrom('partner_contact_attempts')
      .select('attempted_at')
      .where('partner_case_id', '=', herCaseId)
      .orderBy('attempted_at')
      .execute();
    expect(hers.map((a) => a.attempted_at.toISOString())).toEqual(['2027-03-28T00:59:00.000Z', '2027-03-28T01:00:00.000Z']);
  });

  it('in autumn, a time that happens twice is asked about, with a choice of BST or GMT, and saved as the one chosen', async () => {
    const asked = await facilitator.submit(
      `/participants/${participantId}/contact-attempts`,
      attemptForm('2026-10-25', '01:30'),
      `/participants/${participantId}/contact-attempts/new`,
    );
    expect(asked.statusCode).toBe(400);
    expect(errorsIn(asked)).toEqual([
      '01:30 on 25 October 2026 happens twice in London: the clocks go back an hour at 2am. Choose 01:30 BST (the first) or 01:30 GMT (an hour later).',
    ]);
    expect(asked.body).toContain('name="offset" type="radio" value="BST"');
    expect(asked.body).toContain('name="offset" type="radio" value="GMT"');
    expect(asked.body).toMatch(/name="attemptedTime"[^>]*value="01:30"/);
    expect(await hisAttempts()).toEqual([]);

    for (const offset of ['GMT', 'BST']) {
      const saved = await facilitator.submit(
        `/participants/${participantId}/contact-attempts`,
        attemptForm('2026-10-25', '01:30', { offset }),
        `/participants/${participantId}/contact-attempts/new`,
      );
      expect(saved.statusCode).toBe(303);
    }
    expect((await hisAttempts()).map((a) => a.attempted_at.toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z', // 01:30 BST
      '2026-10-25T01:30:00.000Z', // 01:30 GMT
    ]);
  });

  it('her appointment at a time that happens twice is asked about on the booking page, and booked at the one chosen', async () => {
    const venue = await t.database.db
      .insertInto('venues')
      .values({ organisation_id: org.id, name: 'Quay Rooms', address: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = `/partner-cases/${herCaseId}/appointments`;
    const form = {
      'date-day': '31',
      'date-month': '10',
      'date-year': '2027',
      time: '01:45',
      durationMinutes: '30',
      venueId: venue.id,
      type: 'one_to_one',
    };
    const asked = await partnerWorker.submit(page, form, page);
    expect(asked.statusCode).toBe(400);
    expect(errorsIn(asked)).toEqual([
      '01:45 on 31 October 2027 happens twice in London: the clocks go back an hour at 2am. Choose 01:45 BST (the first) or 01:45 GMT (an hour later).',
    ]);
    expect(asked.body).toContain('name="offset" type="radio" value="GMT"');
    const booked = await partnerWorker.submit(page, { ...form, offset: 'GMT' }, page);
    expect(booked.statusCode).toBe(303);
    const stored = await t.database.db
      .selectFrom('partner_appointments')
      .select('starts_at')
      .where('partner_case_id', '=', herCaseId)
      .execute();
    expect(stored.map((a) => a.starts_at.toISOString())).toEqual(['2027-10-31T01:45:00.000Z']);
  });

  it('the API answers 400 naming the offset to send, and takes it', async () => {
    const url = `/api/v1/partner-cases/${herCaseId}/contact-attempts`;
    const body = { attemptedOn: '2026-10-25', attemptedTime: '01:15', method: 'letter', outcome: 'no_answer' };
    const asked = await partnerWorker.request('POST', url, { json: body });
    expect(asked.statusCode).toBe(400);
    const { error } = asked.json<{ error: { message: string; fields: Record<string, string> } }>();
    expect(error.message).toBe(
      '01:15 on 25 October 2026 happens twice in London: the clocks go back an hour at 2am. Send offset BST for the first 01:15 or GMT for the second, an hour later.',
    );
    expect(Object.keys(error.fields)).toEqual(['offset']);
    const wrong = await partnerWorker.request('POST', url, { json: { ...body, offset: '+01:00' } });
    expect(wrong.statusCode).toBe(400);
    const taken = await partnerWorker.request('POST', url, { json: { ...body, offset: 'BST' } });
    expect(taken.statusCode).toBe(201);
    const latest = await t.database.db
      .selectFrom('partner_contact_attempts')
      .select('attempted_at')
      .where('partner_case_id', '=', herCaseId)
      .where('attempted_at', '<', new Date('2027-01-01T00:00:00Z'))
      .execute();
    expect(latest.map((a) => a.attempted_at.toISOString())).toEqual(['2026-10-25T00:15:00.000Z']);
  });
});
