import type { Trx } from '../db/database.js';
import type { AppointmentStatus, AppointmentType } from '../db/schema.js';

export type AppointmentRow = {
  id: string;
  organisationId: string;
  partnerCaseId: string;
  venueId: string;
  venueName: string;
  startsAt: Date;
  durationMinutes: number;
  type: AppointmentType;
  withWhom: string | null;
  note: string | null;
  status: AppointmentStatus;
  cancelledReason: string | null;
  bookedByName: string | null;
};

export type MyAppointmentRow = AppointmentRow & { caseReference: string; partnerName: string };

function appointments(trx: Trx) {
  return trx
    .selectFrom('partner_appointments as a')
    .innerJoin('venues as v', 'v.id', 'a.venue_id')
    .leftJoin('users as u', 'u.id', 'a.booked_by')
    .select([
      'a.id',
      'a.organisation_id as organisationId',
      'a.partner_case_id as partnerCaseId',
      'a.venue_id as venueId',
      'v.name as venueName',
      'a.starts_at as startsAt',
      'a.duration_minutes as durationMinutes',
      'a.type',
      'a.with_whom as withWhom',
      'a.note',
      'a.status',
      'a.cancelled_reason as cancelledReason',
      'u.display_name as bookedByName',
    ]);
}

export async function listForCase(trx: Trx, partnerCaseId: string): Promise<AppointmentRow[]> {
  return appointments(trx).where('a.partner_case_id', '=', partnerCaseId).orderBy('a.starts_at', 'desc').execute();
}

export async function findAppointment(trx: Trx, id: string): Promise<AppointmentRow | undefined> {
  return appointments(trx).where('a.id', '=', id).executeTakeFirst();
}

/**
 * The venues her worker may book: the organisation's active venues, by name. Venues are a service
 * setting (kept by programme/venues); appointments only read the table, as separation.ts does.
 */
export async function listActiveVenues(trx: Trx, organisationId: string): Promise<Array<{ id: string; name: string }>> {
  return trx
    .selectFrom('venues')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
}

/** One venue, for checking that a booking's venue is this organisation's and still in use. */
export async function findVenue(
  trx: Trx,
  id: string,
): Promise<{ id: string; organisationId: string; active: boolean } | undefined> {
  return trx
    .selectFrom('venues')
    .select(['id', 'organisation_id as organisationId', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Appointments on the cases allocated to this worker, or that she booked, from `from` on. */
export async function listForWorker(trx: Trx, userId: string, from: Date): Promise<MyAppointmentRow[]> {
  return appointments(trx)
    .innerJoin('partner_cases as c', 'c.id', 'a.partner_case_id')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .select(['c.reference as caseReference', 'p.given_name as givenName', 'p.family_name as familyName'])
    .where((eb) => eb.or([eb('c.allocated_worker_id', '=', userId), eb('a.booked_by', '=', userId)]))
    .where('a.starts_at', '>=', from)
    .orderBy('a.starts_at')
    .limit(200)
    .execute()
    .then((rows) => rows.map(({ givenName, familyName, ...row }) => ({ ...row, partnerName: `${givenName} ${familyName}` })));
}

export async function insertAppointment(
  trx: Trx,
  values: {
    organisationId: string;
    partnerCaseId: string;
    venueId: string;
    startsAt: Date;
    durationMinutes: number;
    type: AppointmentType;
    withWhom: string | null;
    note: string | null;
    bookedBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('partner_appointments')
    .values({
      organisation_id: values.organisationId,
      partner_case_id: values.partnerCaseId,
      venue_id: values.venueId,
      starts_at: values.startsAt,
      duration_minutes: values.durationMinutes,
      type: values.type,
      with_whom: values.withWhom,
      note: values.note,
      booked_by: values.bookedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAppointment(
  trx: Trx,
  id: string,
  values: {
    venueId: string;
    startsAt: Date;
    durationMinutes: number;
    status: AppointmentStatus;
    cancelledReason: string | null;
  },
): Promise<void> {
  await trx
    .updateTable('partner_appointments')
    .set({
      venue_id: values.venueId,
      starts_at: values.startsAt,
      duration_minutes: values.durationMinutes,
      status: values.status,
      cancelled_reason: values.status === 'cancelled' ? values.cancelledReason : null,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function saveBuffer(trx: Trx, organisationId: string, minutes: number): Promise<void> {
  await trx
    .insertInto('organisation_settings')
    .values({ organisation_id: organisationId, appointment_buffer_minutes: minutes })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ appointment_buffer_minutes: minutes, updated_at: new Date() }))
    .execute();
}
