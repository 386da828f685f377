import { z } from 'zod';
import { ZOptionalText } from '../../people/schemas.js';
import { ZChoice, ZDate, ZTime, ZWholeNumber } from '../fields.js';
import { GROUP_STATUSES, INTAKES } from '../labels.js';

const ZOptionalId = (message: string) =>
  z
    .union([z.uuid({ error: message }), z.null(), z.literal('').transform(() => null)])
    .optional()
    .transform((v) => v ?? null);

const groupFields = {
  name: z
    .string({ error: 'Enter the name of the group' })
    .trim()
    .min(1, 'Enter the name of the group')
    .max(200, 'The name must be 200 characters or fewer'),
  intake: z.enum(INTAKES, { error: 'Select rolling or closed intake' }),
  venueId: ZOptionalId('Select a venue from the list'),
  dayOfWeek: ZWholeNumber('The day of the week', 1, 7),
  startTime: ZTime('the start time'),
  durationMinutes: ZWholeNumber('The length of a session in minutes', 15, 600),
  capacity: ZWholeNumber('The capacity', 1, 50),
  startDate: ZDate('The start date'),
  interpreterLanguage: ZOptionalText(100, 'The interpreter language'),
};

/** A new group of a programme: where and when it meets, how many it takes, how men join. */
export const ZGroupInput = z.object({ programmeId: ZChoice('Select the programme'), ...groupFields });
export type TGroupInput = z.output<typeof ZGroupInput>;

export const ZGroupUpdate = z.object({ ...groupFields, status: z.enum(GROUP_STATUSES, { error: 'Select the status' }) });
export type TGroupUpdate = z.output<typeof ZGroupUpdate>;

export const ZFacilitatorInput = z.object({
  userId: ZChoice('Select a facilitator from the list'),
  role: z.enum(['regular', 'cover'], { error: 'Select regular or cover' }),
});
export type TFacilitatorInput = z.output<typeof ZFacilitatorInput>;

export const ZRemoveFacilitator = z.object({ userId: ZChoice('Select a facilitator') });

export const GROUP_FORM_FIELDS = [
  'programmeId',
  'name',
  'intake',
  'venueId',
  'dayOfWeek',
  'startTime',
  'durationMinutes',
  'capacity',
  'startDate',
  'interpreterLanguage',
  'status',
] as const;
export const GROUP_CHOICE_FIELDS = ['programmeId', 'intake', 'dayOfWeek', 'status'] as const;
