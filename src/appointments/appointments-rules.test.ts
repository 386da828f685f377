import { describe, expect, it } from 'vitest';
import {
  t,
  known,
  otherVenueId,
  partnerWorker,
  manager,
  booking,
  book,
  count,
  useAppointments,
} from '../../test/fixtures/appointments.js';

/*
 * Product rule 5: her appointment is never at the same venue at an overlapping time as another
 * partner of his; bad input; the buffer setting; the API document.
 */
useAppointments();

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
