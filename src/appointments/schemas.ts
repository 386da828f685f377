import { z } from 'zod';
import { ZLondonOffset } from '../dates/schemas.js';
import { ZOptionalText, dateFromForm, formText } from '../people/schemas.js';

export const APPOINTMENT_TYPES = ['one_to_one', 'information_session', 'safety_planning', 'other'] as const;
export const APPOINTMENT_TYPE_LABELS: Record<(typeof APPOINTMENT_TYPES)[number], string> = {
  one_to_one: 'One-to-one support',
  information_session: 'Information session about the programme',
  safety_planning: 'Safety planning',
  other: 'Other',
};

export const APPOINTMENT_STATUSES = ['booked', 'attended', 'did_not_attend', 'cancelled'] as const;
export const APPOINTMENT_STATUS_LABELS: Record<(typeof APPOINTMENT_STATUSES)[number], string> = {
  booked: 'Booked',
  attended: 'Attended',
  did_not_attend: 'Did not attend',
  cancelled: 'Cancelled',
};

const ZDate = z
  .string({ error: 'Enter the date of the appointment' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a real date')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= '2000-01-01' && v <= '2100-12-31';
  }, 'Enter a real date');

const ZTime = z
  .string({ error: 'Enter the start time' })
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Enter the start time as hours and minutes, like 10:30');

const ZDuration = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string({ error: 'Enter how long the appointment lasts, in minutes' })
    .trim()
    .regex(/^\d{1,4}$/, 'Enter how long the appointment lasts as a whole number of minutes')
    .transform(Number)
    .pipe(z.number().min(15, 'An appointment lasts at least 15 minutes').max(480, 'An appointment lasts 480 minutes or fewer')),
);

const slot = {
  date: ZDate,
  time: ZTime,
  offset: ZLondonOffset,
  durationMinutes: ZDuration,
  venueId: z.uuid({ error: 'Select a venue' }),
};

export const ZAppointmentInput = z.object({
  ...slot,
  type: z.enum(APPOINTMENT_TYPES, { error: 'Select the type of appointment' }),
  withWhom: ZOptionalText(200, 'Who the partner is seeing'),
  note: ZOptionalText(2000, 'The note'),
});
export type TAppointmentInput = z.output<typeof ZAppointmentInput>;

/** Reschedule (date, time, length, venue) and record what happened; a cancellation needs its reason. */
export const ZAppointmentChange = z
  .object({
    ...slot,
    status: z.enum(APPOINTMENT_STATUSES, { error: 'Select the appointment’s status' }),
    cancelledReason: ZOptionalText(1000, 'The reason'),
  })
  .refine((v) => v.status !== 'cancelled' || v.cancelledReason !== null, {
    path: ['cancelledReason'],
    message: 'Enter why the appointment was cancelled',
  });
export type TAppointmentChange = z.output<typeof ZAppointmentChange>;

export const ZBufferSetting = z.object({
  bufferMinutes: z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    z
      .string({ error: 'Enter the minutes to keep apart' })
      .trim()
      .regex(/^\d{1,3}$/, 'Enter the minutes as a whole number')
      .transform(Number)
      .pipe(z.number().max(480, 'Enter 480 minutes or fewer')),
  ),
});

/** The form's fields as the schemas expect them (the date comes as three boxes). */
export function appointmentFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const text = (key: string) => formText(form, key) || undefined;
  return {
    date: dateFromForm(form, 'date') ?? undefined,
    time: text('time'),
    offset: text('offset'),
    durationMinutes: text('durationMinutes'),
    venueId: text('venueId'),
    type: text('type'),
    withWhom: formText(form, 'withWhom'),
    note: formText(form, 'note'),
    status: text('status'),
    cancelledReason: formText(form, 'cancelledReason'),
  };
}
