// Dates in London: a time typed in the hour the clocks skip in spring is refused, and one in the hour they repeat in autumn is asked about.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './fixtures/app.js';
import { attemptForm } from './fixtures/contact-attempts.js';
import type { TestClient } from './fixtures/http.js';
import type { TestOrganisation } from './fixtures/organisation.js';
import { errorsIn } from '../src/public-referrals/form-walk.testing.js';
import { fixClock } from '../src/dates/clock.js';
import { referCador, referThroughPublicForm, setUpLondonDatesTest } from './fixtures/london-dates-test-setup.js';

/*
 * Dates in London (issue 19, point 4). With the clock at 00:30 on a summer night in London, his
 * case (Cador's, referred by staff) and hers (Senara's, through the public form) are opened; a time
 * typed for either in the hour the clocks skip in spring is refused, and one in the hour they
 * repeat in autumn is asked about.
 */
let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;

beforeAll(async () => {
  let manager: TestClient;
  ({ t, org, manager, facilitator, partnerWorker } = await setUpLondonDatesTest());
  await referCador(manager);
  await referThroughPublicForm(t);
});
afterAll(async () => {
  fixClock(null);
  await t?.close();
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
