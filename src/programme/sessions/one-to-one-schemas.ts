import { z } from 'zod';
import { ZLondonOffset } from '../../dates/schemas.js';
import { ZChoice, ZDate, ZOptionalWholeNumber, ZTime, ZWholeNumber } from '../fields.js';

const ZOptionalId = (message: string) =>
  z
    .union([z.uuid({ error: message }), z.null(), z.literal('').transform(() => null)])
    .optional()
    .transform((v) => v ?? null);

const common = {
  userId: ZChoice('Select a facilitator from the list'),
  venueId: ZOptionalId('Select a venue from the list'),
  time: ZTime('the start time'),
  offset: ZLondonOffset,
};

/** Weekly one-to-one sessions for one man, following his programme's session templates in order. */
export const ZPlanOneToOne = z.object({
  ...common,
  startDate: ZDate('The first date'),
  count: ZWholeNumber('The number of sessions', 1, 40),
});
export type TPlanOneToOne = z.output<typeof ZPlanOneToOne>;

/** One ad hoc one-to-one session. */
export const ZOneToOneSession = z.object({
  ...common,
  date: ZDate('The date'),
  title: z
    .string()
    .trim()
    .max(200, 'The title must be 200 characters or fewer')
    .nullish()
    .transform((v) => (v ? v : null)),
  durationMinutes: ZOptionalWholeNumber('The length in minutes', 15, 600),
});
export type TOneToOneSession = z.output<typeof ZOneToOneSession>;

export const PLAN_FORM_FIELDS = ['userId', 'venueId', 'startDate', 'time', 'offset', 'count'] as const;
export const SESSION_FORM_FIELDS = ['userId', 'venueId', 'date', 'time', 'offset', 'title', 'durationMinutes'] as const;
