import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor } from '../db/database.js';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { createTestProgramme, enrolInTestGroup, type TestProgramme } from '../../test/fixtures/programme.js';

/*
 * Seed 001 and product rule 5: her appointment is never at a venue within the buffer (60 minutes by
 * default) of his session there, nor at the same venue at an overlapping time as another partner
 * of his. His group meets on Mondays 18:30–21:00 (London time, GMT in January) from 5 January 2026.
 */
let t: TestApp;
let org: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let his: TestProgramme;
let otherVenueId: string;
let partnerWorker: TestClient;
let facilitator: TestClient;
let manager: TestClient;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Penwith');
  known = await createCaseWithPartners(t.database.db, org, 'Q');
  his = await createTestProgramme(t.database.db, org, { label: 'Q' });
  await enrolInTestGroup(t.database.db, org, his, known.participantId);
  otherVenueId = (
    await t.database.db
      .insertInto('venues')
      .values({ organisation_id: org.id, name: 'Harbour Rooms Q', address: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const signedIn = async (user: { email: string; password: string }): Promise<TestClient> => {
    const client = t.client();
    await client.signIn(user.email, user.password);
    return client;
  };
  partnerWorker = await signedIn(org.users.partner);
  facilitator = await signedIn(org.users.perpetrator);
  manager = await signedIn(org.users.management);
});
afterAll(async () => t?.close());

const booking = (date: string, time: string, overrides: Record<string, unknown> = {}) => ({
  date,
  time,
  durationMinutes: 30,
  venueId: his.venueId,
  type: 'one_to_one',
  withWhom: 'Support worker',
  ...overrides,
});

const book = (caseId: string, body: Record<string, unknown>) =>
  partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/appointments`, { json: body });

const count = async (): Promise<number> =>
  Number(
    (
      await t.database.db
        .selectFrom('partner_appointments')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('his group’s venue and times', () => {
  it('refuses a booking at his group’s venue during his session, on the page and through the API, and writes nothing', async () => {
    const before = await count();
    const page = await partnerWorker.submit(
      `/partner-cases/${known.currentCaseId}/appointments`,
      {
        'date-day': '5',
        'date-month': '1',
        'date-year': '2026',
        time: '19:00',
        durationMinutes: '60',
        venueId: his.venueId,
        type: 'one_to_one',
      },
      `/partner-cases/${known.currentCaseId}/appointments`,
    );
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain(`${known.hisName}’s group (${his.groupName}) meets at ${his.venueName} 18:30–21:00 that day`);
    expect(page.body).toContain('book at least 60 minutes apart or at another venue');
    // What she typed is kept.
    expect(page.body).toContain('value="19:00"');

    const api = await book(known.currentCaseId, booking('2026-01-05', '19:00', { durationMinutes: 60 }));
    expect(api.statusCode).toBe(409);
    const error = api.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`${his.venueName} 18:30–21:00 that day: book at least 60 minutes apart`);
    expect(await count()).toBe(before);
  });

  it('allows exactly the buffer apart, before and after, and refuses a minute closer', async () => {
    expect((await book(known.currentCaseId, booking('2026-01-05', '17:00'))).statusCode).toBe(201); // ends 17:30
    expect((await book(known.currentCaseId, booking('2026-01-05', '22:00'))).statusCode).toBe(201); // his ends 21:00
    expect((await book(known.currentCaseId, booking('2026-01-05', '17:01'))).statusCode).toBe(409);
    expect((await book(known.currentCaseId, booking('2026-01-05', '21:59'))).statusCode).toBe(409);
  });

  it('allows the same time at another venue, and ignores his cancelled sessions', async () => {
    expect((await book(known.currentCaseId, booking('2026-01-05', '19:00', { venueId: otherVenueId }))).statusCode).toBe(201);
    expect((await book(known.currentCaseId, booking('2026-01-12', '19:00'))).statusCode).toBe(409);
    await t.database.db
      .updateTable('programme_sessions')
      .set({ status: 'cancelled' })
      .where('id', '=', his.sessions[1]?.id ?? '')
      .execute();
    expect((await book(known.currentCaseId, booking('2026-01-12', '19:00'))).statusCode).toBe(201);
  });

  it('checks again when an appointment is rescheduled, and a cancellation needs its reason', async () => {
    const created = await book(known.currentCaseId, booking('2026-01-19', '10:00'));
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const moved = await partnerWorker.request('PUT', `/api/v1/partner-appointments/${id}`, {
      json: { date: '2026-01-19', time: '18:00', durationMinutes: 30, venueId: his.venueId, status: 'booked' },
    });
    expect(moved.statusCode).toBe(409);
    expect(moved.json<{ error: { message: string } }>().error.message).toContain('meets at');
    const noReason = await partnerWorker.request('PUT', `/api/v1/partner-appointments/${id}`, {
      json: { date: '2026-01-19', time: '10:00', durationMinutes: 30, venueId: his.venueId, status: 'cancelled' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ error: { fields: Record<string, string> } }>().error.fields.cancelledReason).toBe(
      'Enter why the appointment was cancelled',
    );
    const cancelled = await partnerWorker.request('PUT', `/api/v1/partner-appointments/${id}`, {
      json: {
        date: '2026-01-19',
        time: '10:00',
        durationMinutes: 30,
        venueId: his.venueId,
        status: 'cancelled',
        cancelledReason: 'She asked to',
      },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<{ statusLabel: string; cancelledReason: string }>()).toMatchObject({
      statusLabel: 'Cancelled',
      cancelledReason: 'She asked to',
    });
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/appointments`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cancelled: She asked to');
    expect(page.body).toContain('href="/partner-appointments"');
    // Her worker's list shows what is to come, not what is past.
    expect((await book(known.currentCaseId, booking('2030-06-03', '10:00', { withWhom: 'Worker Tregarthen' }))).statusCode).toBe(
      201,
    );
    const mine = await partnerWorker.get('/partner-appointments');
    expect(mine.body).toContain('Worker Tregarthen');
    expect(mine.body).not.toContain('Cancelled: She asked to');
  });
});

describe('two partners of the same man', () => {
  it('refuses an overlapping booking at the same venue without naming the other partner', async () => {
    const ex = await book(known.exCaseId, booking('2026-02-02', '10:00', { durationMinutes: 60, venueId: otherVenueId }));
    expect(ex.statusCode).toBe(201);
    const clash = await book(known.currentCaseId, booking('2026-02-02', '10:30', { venueId: otherVenueId }));
    expect(clash.statusCode).toBe(409);
    const message = clash.json<{ error: { message: string } }>().error.message;
    expect(message).toContain(
      'Another partner of the same participant has an appointment at Harbour Rooms Q 10:00–11:00 that day',
    );
    const exCase = await t.database.db
      .selectFrom('partner_cases')
      .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
      .select(['partner_cases.reference', 'partners.given_name', 'partners.family_name'])
      .where('partner_cases.id', '=', known.exCaseId)
      .executeTakeFirstOrThrow();
    for (const secret of [exCase.reference, exCase.given_name, exCase.family_name, known.exCaseId]) {
      expect(clash.body).not.toContain(secret);
    }
    const page = await partnerWorker.submit(
      `/partner-cases/${known.currentCaseId}/appointments`,
      {
        'date-day': '2',
        'date-month': '2',
        'date-year': '2026',
        time: '10:30',
        durationMinutes: '30',
        venueId: otherVenueId,
        type: 'safety_planning',
      },
      `/partner-cases/${known.currentCaseId}/appointments`,
    );
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('Another partner of the same participant has an appointment at Harbour Rooms Q 10:00–11:00');
    expect(page.body).not.toContain(exCase.given_name);
    // Right after hers, or at another venue: allowed.
    expect((await book(known.currentCaseId, booking('2026-02-02', '11:00', { venueId: otherVenueId }))).statusCode).toBe(201);
    expect((await book(known.currentCaseId, booking('2026-02-02', '10:30'))).statusCode).toBe(201);
  });
});

describe('bad input', () => {
  it('answers 400 with a message for each field and writes nothing', async () => {
    const before = await count();
    const api = await book(known.currentCaseId, { date: '2026-02-31', time: '25:00', durationMinutes: 5, venueId: 'nope' });
    expect(api.statusCode).toBe(400);
    expect(Object.keys(api.json<{ error: { fields: Record<string, string> } }>().error.fields).sort()).toEqual(
      ['date', 'durationMinutes', 'time', 'type', 'venueId'].sort(),
    );
    const page = await partnerWorker.submit(
      `/partner-cases/${known.currentCaseId}/appointments`,
      {
        'date-day': '3',
        'date-month': '2',
        'date-year': '2026',
        time: 'noon',
        durationMinutes: '30',
        venueId: otherVenueId,
        type: 'other',
      },
      `/partner-cases/${known.currentCaseId}/appointments`,
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Enter the start time as hours and minutes, like 10:30');
    expect(page.body).toContain('value="noon"');
    expect(await count()).toBe(before);
  });
});

describe('the wall', () => {
  it('answers 404 to his side on every page and endpoint, and row-level security hides the rows', async () => {
    const [appointment] = await t.database.db.selectFrom('partner_appointments').select('id').execute();
    const id = appointment?.id ?? '';
    const base = `/partner-cases/${known.currentCaseId}/appointments`;
    for (const url of [
      base,
      `/partner-appointments/${id}/edit`,
      '/partner-appointments',
      `/api/v1${base}`,
      `/api/v1/partner-appointments/${id}`,
    ]) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Support worker');
    }
    expect((await facilitator.request('POST', `/api/v1${base}`, { json: booking('2026-03-02', '10:00') })).statusCode).toBe(404);
    expect(
      (
        await facilitator.request('PUT', `/api/v1/partner-appointments/${id}`, {
          json: { ...booking('2026-03-02', '10:00'), status: 'booked' },
        })
      ).statusCode,
    ).toBe(404);
    const seen = (userId: string) =>
      withActor(t.database.db, { userId, organisationId: org.id }, (trx) =>
        trx.selectFrom('partner_appointments').select('id').execute(),
      );
    expect(await seen(org.users.perpetrator.id)).toEqual([]);
    expect((await seen(org.users.partner.id)).length).toBeGreaterThan(0);
  });

  it('lists her worker’s appointments and audits the reading', async () => {
    const mine = await partnerWorker.get('/partner-appointments');
    expect(mine.statusCode).toBe(200);
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', [
        'partner_case.appointments_viewed',
        'partner_case.appointment_booked',
        'partner_case.appointment_changed',
      ])
      .execute();
    expect(new Set(audited.map((a) => a.action))).toEqual(
      new Set(['partner_case.appointments_viewed', 'partner_case.appointment_booked', 'partner_case.appointment_changed']),
    );
  });
});

describe('the buffer setting', () => {
  it('is set by management only, and the rule follows it', async () => {
    expect(
      (await partnerWorker.request('PUT', '/api/v1/settings/appointment-buffer', { json: { bufferMinutes: 30 } })).statusCode,
    ).toBe(403);
    expect(
      (await manager.request('PUT', '/api/v1/settings/appointment-buffer', { json: { bufferMinutes: 'lots' } })).statusCode,
    ).toBe(400);
    const set = await manager.request('PUT', '/api/v1/settings/appointment-buffer', { json: { bufferMinutes: 30 } });
    expect(set.statusCode).toBe(200);
    // His session on 26 January 18:30: 17:30–18:00 is now exactly 30 minutes apart.
    expect((await book(known.currentCaseId, booking('2026-01-26', '17:30'))).statusCode).toBe(201);
    const closer = await book(known.currentCaseId, booking('2026-01-26', '17:31'));
    expect(closer.statusCode).toBe(409);
    expect(closer.json<{ error: { message: string } }>().error.message).toContain('book at least 30 minutes apart');
    const form = await manager.get('/settings/appointments');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="30"');
  });
});

describe('the API document', () => {
  it('lists the appointment endpoints', async () => {
    const doc = (await manager.get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/api/v1/partner-cases/{id}/appointments')).toEqual(['get', 'post']);
    expect(methods('/api/v1/partner-appointments/{id}')).toEqual(['get', 'put']);
    expect(methods('/api/v1/settings/appointment-buffer')).toEqual(['put']);
    expect(methods('/api/v1/partner-groups/{id}/members')).toEqual(['get', 'post']);
    expect(methods('/api/v1/partner-group-sessions/{id}/register')).toEqual(['get', 'put']);
  });
});
