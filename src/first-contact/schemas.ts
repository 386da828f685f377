import { z } from 'zod';
import { ZOptionalText, dateFromForm, formText } from '../people/schemas.js';

export const METHODS = ['phone', 'text', 'voicemail', 'email', 'letter', 'in_person'] as const;
export const METHOD_LABELS: Record<(typeof METHODS)[number], string> = {
  phone: 'Phone call',
  text: 'Text message',
  voicemail: 'Voicemail',
  email: 'Email',
  letter: 'Letter',
  in_person: 'In person',
};

export const OUTCOMES = ['reached', 'no_answer', 'message_left', 'unsafe_to_talk', 'wrong_number'] as const;
export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  reached: 'Spoke with them (or they responded)',
  no_answer: 'No answer',
  message_left: 'Message left',
  unsafe_to_talk: 'Not safe to talk',
  wrong_number: 'Wrong number',
};

export const ZContactAttempt = z.object({
  attemptedOn: z
    .string({ error: 'Enter the date of the attempt' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a real date')
    .refine(
      (v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      'Enter a real date',
    ),
  attemptedTime: z
    .string({ error: 'Enter the time' })
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Enter the time as hours and minutes, like 14:30'),
  method: z.enum(METHODS, { error: 'Select how you tried to make contact' }),
  outcome: z.enum(OUTCOMES, { error: 'Select what happened' }),
  note: ZOptionalText(5000, 'The note'),
});
export type TContactAttempt = z.output<typeof ZContactAttempt>;

export function attemptFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const on = dateFromForm(form, 'attemptedOn');
  return {
    attemptedOn: on ?? undefined,
    attemptedTime: formText(form, 'attemptedTime'),
    method: formText(form, 'method') || undefined,
    outcome: formText(form, 'outcome') || undefined,
    note: formText(form, 'note'),
  };
}

const ZDays = (label: string, missing: string) =>
  z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    z
      .string({ error: missing })
      .trim()
      .min(1, missing)
      .regex(/^\d+$/, `Enter ${label.toLowerCase()} as a whole number of working days`)
      .transform(Number)
      .pipe(z.number().max(30, `${label} must be 30 working days or fewer`)),
  );

export const ZTargets = z.object({
  partnerDays: ZDays('The partner target', 'Enter the target for a first attempt with a partner'),
  participantDays: ZDays('The participant target', 'Enter the target for a first attempt with a participant'),
});
