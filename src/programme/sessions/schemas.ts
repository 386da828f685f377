import { z } from 'zod';
import { ZYesNo } from '../../people/schemas.js';
import { ZLondonOffset } from '../../dates/schemas.js';
import { ZChoice, ZDate, ZOptionalWholeNumber, ZReason, ZTime, ZWholeNumber } from '../fields.js';

const ZOptionalId = (message: string) =>
  z
    .union([z.uuid({ error: message }), z.null(), z.literal('').transform(() => null)])
    .optional()
    .transform((v) => v ?? null);

/** Plan the next sessions of a group from its weekly schedule and its programme's templates. */
export const ZGenerateInput = z.object({
  count: ZWholeNumber('The number of sessions', 1, 100),
  skipBankHolidays: ZYesNo,
  /** Which of the group's weekly time, where the autumn clock change gives it twice on a date planned. */
  offset: ZLondonOffset,
});
export type TGenerateInput = z.output<typeof ZGenerateInput>;

export const ZRescheduleInput = z.object({
  date: ZDate('The new date'),
  time: ZTime('the new start time'),
  offset: ZLondonOffset,
  venueId: ZOptionalId('Select a venue from the list'),
  reason: ZReason('the reason for the change'),
});
export type TRescheduleInput = z.output<typeof ZRescheduleInput>;

export const ZReasonInput = z.object({ reason: ZReason('the reason') });
export type TReasonInput = z.output<typeof ZReasonInput>;

/** A catch-up session: for the whole group, or for one man who missed a session. */
export const ZCatchUpInput = z.object({
  templateId: ZOptionalId('Select the session it catches up'),
  title: z
    .string()
    .trim()
    .max(200, 'The title must be 200 characters or fewer')
    .nullish()
    .transform((v) => (v ? v : null)),
  date: ZDate('The date'),
  time: ZTime('the start time'),
  offset: ZLondonOffset,
  durationMinutes: ZOptionalWholeNumber('The length in minutes', 15, 600),
  venueId: ZOptionalId('Select a venue from the list'),
  enrolmentId: ZOptionalId('Select a participant in the group'),
});
export type TCatchUpInput = z.output<typeof ZCatchUpInput>;

export const ZSessionFacilitatorInput = z.object({
  userId: ZChoice('Select a facilitator from the list'),
  role: z.enum(['regular', 'cover'], { error: 'Select regular or cover' }).default('cover'),
});
export type TSessionFacilitatorInput = z.output<typeof ZSessionFacilitatorInput>;

export const GENERATE_FORM_FIELDS = ['count', 'skipBankHolidays', 'offset'] as const;
export const RESCHEDULE_FORM_FIELDS = ['date', 'time', 'offset', 'venueId', 'reason'] as const;
export const CATCH_UP_FORM_FIELDS = [
  'templateId',
  'title',
  'date',
  'time',
  'offset',
  'durationMinutes',
  'venueId',
  'enrolmentId',
] as const;
