import { z } from 'zod';
import { ZLondonOffset } from '../dates/schemas.js';
import { ZOptionalText, ZPhone, dateFromForm, formText } from '../people/schemas.js';

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
  offset: ZLondonOffset,
  method: z.enum(METHODS, { error: 'Select how you tried to make contact' }),
  outcome: z.enum(OUTCOMES, { error: 'Select what happened' }),
  note: ZOptionalText(5000, 'The note'),
  /** The number called or texted (her contact attempts only): checked against her safe number. */
  numberUsed: ZPhone('The number used')
    .optional()
    .transform((v) => v ?? null),
  /** Set after the warning: the attempt broke her safe-contact rules and is recorded anyway, with why. */
  confirmBreach: z
    .union([z.boolean(), z.literal('yes'), z.literal('')])
    .optional()
    .transform((v) => v === true || v === 'yes'),
  breachReason: ZOptionalText(2000, 'The reason')
    .optional()
    .transform((v) => v ?? null),
});
export type TContactAttempt = z.output<typeof ZContactAttempt>;

export function attemptFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const on = dateFromForm(form, 'attemptedOn');
  return {
    attemptedOn: on ?? undefined,
    attemptedTime: formText(form, 'attemptedTime'),
    offset: formText(form, 'offset'),
    method: formText(form, 'method') || undefined,
    outcome: formText(form, 'outcome') || undefined,
    note: formText(form, 'note'),
    numberUsed: formText(form, 'numberUsed'),
    confirmBreach: formText(form, 'confirmBreach'),
    breachReason: formText(form, 'breachReason'),
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

const ZCount = (label: string, missing: string, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    z
      .string({ error: missing })
      .trim()
      .min(1, missing)
      .regex(/^\d+$/, `Enter ${label.toLowerCase()} as a whole number`)
      .transform(Number)
      .pipe(z.number().min(1, `${label} must be at least 1`).max(max, `${label} must be ${max} or fewer`)),
  );

export const ZTargets = z.object({
  partnerDays: ZDays('The partner target', 'Enter the target for a first attempt with a partner'),
  participantDays: ZDays('The participant target', 'Enter the target for a first attempt with a participant'),
  /** Her follow-up rules (migration 0012); left as they are when not sent. */
  followUpDays: ZCount('The follow-up interval', 'Enter the working days before the next attempt is due', 30).optional(),
  notEngagedAttempts: ZCount(
    'The number of attempts',
    'Enter how many attempts without reaching the partner come before closing as not engaged',
    20,
  ).optional(),
});
export type TTargets = z.output<typeof ZTargets>;

/** Her safe times as checkable days and hours (Europe/London). */
const ZTime = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .string({ error: `Enter ${label} as hours and minutes, like 10:00` })
      .trim()
      .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `Enter ${label} as hours and minutes, like 10:00`)
      .transform((v) => (v.length === 4 ? `0${v}` : v))
      .nullish(),
  );

export const ZSafeTimes = z
  .object({
    safeDays: z
      .array(z.coerce.number().int().min(1, 'Select days from the list').max(7, 'Select days from the list'))
      .default([])
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    safeFrom: ZTime('the start time').transform((v) => v ?? null),
    safeTo: ZTime('the end time').transform((v) => v ?? null),
  })
  .superRefine((value, ctx) => {
    if ((value.safeFrom === null) !== (value.safeTo === null)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.safeFrom === null ? 'safeFrom' : 'safeTo'],
        message: 'Enter both times, or neither',
      });
    } else if (value.safeFrom && value.safeTo && value.safeFrom >= value.safeTo) {
      ctx.addIssue({ code: 'custom', path: ['safeTo'], message: 'The end time must be after the start time' });
    }
  });
export type TSafeTimes = z.output<typeof ZSafeTimes>;

export function safeTimesFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const days = form.safeDays;
  return {
    safeDays: Array.isArray(days) ? days : typeof days === 'string' && days ? [days] : [],
    safeFrom: formText(form, 'safeFrom'),
    safeTo: formText(form, 'safeTo'),
  };
}

/** Closing her case as not engaged: always with a reason. */
export const ZNotEngaged = z.object({
  reason: z
    .string({ error: 'Enter why the case is closing as not engaged' })
    .trim()
    .min(1, 'Enter why the case is closing as not engaged')
    .max(2000, 'The reason must be 2000 characters or fewer'),
});
