import { describe, expect, it } from 'vitest';
import { withActor } from '../db/database.js';
import {
  t,
  org,
  known,
  his,
  otherVenueId,
  partnerWorker,
  facilitator,
  booking,
  book,
  count,
  useAppointments,
} from '../../test/fixtures/appointments.js';

/*
 * Seed 001 and product rule 5: her appointment is never at a venue within the buffer (60 minutes by
 * default) of his session there. His group meets on Mondays 18:30–21:00 (London time, GMT in
 * January) from 5 January 2026. His side never sees her appointments.
 */
useAppointments();

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
