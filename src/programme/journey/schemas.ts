import { z } from 'zod';
import { ZOptionalPastDate, ZOptionalText, dateFromForm, formText } from '../../people/schemas.js';

/** The statuses a change may lead to (waiting is where an enrolment starts, not a change). */
export const TARGET_STATUSES = ['active', 'suspended', 'completed', 'dropped_out', 'excluded', 'breached'] as const;

export const ZJourneyChange = z.object({
  to: z.enum(TARGET_STATUSES, { error: 'Select the change' }),
  reasonCode: z.string({ error: 'Select a reason' }).trim().min(1, 'Select a reason').max(100, 'Select a reason from the list'),
  note: ZOptionalText(5000, 'The note'),
  /** The day it took effect; today when left out. */
  effectiveOn: ZOptionalPastDate('The date of the change'),
});
export type TJourneyChange = z.output<typeof ZJourneyChange>;

export function journeyChangeFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return {
    to: formText(form, 'to') || undefined,
    reasonCode: formText(form, 'reasonCode'),
    note: formText(form, 'note'),
    effectiveOn: dateFromForm(form, 'effectiveOn'),
  };
}
