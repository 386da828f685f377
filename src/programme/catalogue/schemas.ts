import { z } from 'zod';
import { ZOptionalText, ZYesNo, formText } from '../../people/schemas.js';
import { ZOptionalWholeNumber, ZWholeNumber } from '../fields.js';
import { PROGRAMME_KINDS } from '../labels.js';

const ZTitle = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(200, `The ${label} must be 200 characters or fewer`);

/**
 * A programme of the catalogue with its rules. Completion: every rule that is set must be met
 * (and every required module attended). Absence: this many consecutive unexplained absences flag
 * him for review.
 */
export const ZProgrammeInput = z.object({
  kind: z.enum(PROGRAMME_KINDS, { error: 'Select the kind of programme' }),
  name: ZTitle('name of the programme'),
  description: ZOptionalText(5000, 'The description'),
  completionMinSessions: ZOptionalWholeNumber('The minimum number of sessions', 1, 500),
  completionMinHours: ZOptionalWholeNumber('The minimum number of hours', 1, 1000),
  absenceReviewAfter: ZWholeNumber('The number of absences', 1, 20),
});
export type TProgrammeInput = z.output<typeof ZProgrammeInput>;

/** A change to a programme: its kind (and so its side of the wall) is fixed once it exists. */
export const ZProgrammeUpdate = ZProgrammeInput.omit({ kind: true }).extend({ active: ZYesNo });
export type TProgrammeUpdate = z.output<typeof ZProgrammeUpdate>;

export const ZModuleInput = z.object({
  title: ZTitle('module title'),
  description: ZOptionalText(5000, 'The description'),
  required: ZYesNo,
});
export type TModuleInput = z.output<typeof ZModuleInput>;

export const ZTemplateInput = z.object({
  title: ZTitle('session title'),
  moduleId: z
    .union([z.uuid({ error: 'Select a module of this programme' }), z.null(), z.literal('').transform(() => null)])
    .optional()
    .transform((v) => v ?? null),
  durationMinutes: ZWholeNumber('The duration in minutes', 15, 600),
  delivery: z.enum(['group', 'one_to_one'], { error: 'Select group or one-to-one' }),
  contentNotes: ZOptionalText(10000, 'The content notes'),
});
export type TTemplateInput = z.output<typeof ZTemplateInput>;

/** The text fields of a posted form, as the schemas take them (radios and selects left unset when empty). */
export function fromForm(form: Record<string, unknown>, fields: readonly string[], choices: readonly string[] = []) {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = formText(form, field);
    values[field] = value === '' && choices.includes(field) ? undefined : value;
  }
  return values;
}

export const PROGRAMME_FORM_FIELDS = [
  'kind',
  'name',
  'description',
  'completionMinSessions',
  'completionMinHours',
  'absenceReviewAfter',
  'active',
] as const;
export const MODULE_FORM_FIELDS = ['title', 'description', 'required'] as const;
export const TEMPLATE_FORM_FIELDS = ['title', 'moduleId', 'durationMinutes', 'delivery', 'contentNotes'] as const;
