import { z } from 'zod';
import { todayInLondon } from '../dates/london.js';

/** Shared field rules for people on either side of the wall. */
export const GENDERS = ['man', 'woman', 'non_binary', 'other', 'not_known'] as const;
export const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = {
  man: 'Man',
  woman: 'Woman',
  non_binary: 'Non-binary',
  other: 'Other',
  not_known: 'Not known',
};

export const ZName = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(100, `The ${label} must be 100 characters or fewer`);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZOptionalText = optionalText;

/** An ISO date (YYYY-MM-DD) of a real day, not in the future. */
export const ZPastDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, `${label} must be a real date`)
    .refine((value) => value >= '1900-01-01', `${label} must be after 1900`)
    .refine((value) => value <= todayInLondon(), `${label} must be today or in the past`);

export const ZOptionalPastDate = (label: string) =>
  z
    .union([ZPastDate(label), z.null(), z.literal('').transform(() => null)])
    .optional()
    .transform((v) => v ?? null);

export const ZPhone = (label: string) =>
  z
    .string()
    .trim()
    .max(30, `${label} must be 30 characters or fewer`)
    .refine(
      (v) => v === '' || /^\+?[0-9 ()-]{7,25}$/.test(v),
      `Enter ${label.toLowerCase()} in the right format, like 07700 900 982`,
    )
    .nullish()
    .transform((v) => (v ? v : null));

/** A UK postcode however it was typed ("se17tp", "SE1  7TP"), kept as "SE1 7TP": upper case, one space before the last three. */
export const ZPostcode = z
  .string()
  .trim()
  .max(10, 'Postcode must be 10 characters or fewer')
  .refine(
    (v) => v === '' || /^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[0-9][A-Za-z]{2}$/.test(v.replace(/\s+/g, '')),
    'Enter a real postcode, like SE1 7TP',
  )
  .nullish()
  .transform((v) => (v ? formatPostcode(v) : null));

function formatPostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const ZEmail = z
  .string()
  .trim()
  .max(320, 'Email address must be 320 characters or fewer')
  .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address in the right format, like name@example.com')
  .nullish()
  .transform((v) => (v ? v.toLowerCase() : null));

/** A yes/no radio answer (or a JSON boolean); unanswered is no. */
export const ZYesNo = z
  .union([z.boolean(), z.enum(['yes', 'no'])])
  .optional()
  .transform((v) => v === true || v === 'yes');

export const ZUuid = (message: string) => z.uuid(message);

export const ZOptionalUuid = (message: string) =>
  z
    .union([z.uuid(message), z.null(), z.literal('').transform(() => null)])
    .optional()
    .transform((v) => v ?? null);

/**
 * The govuk date input sends three fields (name-day, name-month, name-year); the API sends one
 * ISO date. This turns the form's three into the API's one, so one schema validates both.
 */
export function dateFromForm(form: Record<string, unknown>, name: string): string | null | undefined {
  const part = (key: string) => String(form[`${name}-${key}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) {
    return null;
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return 'invalid';
  }
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The three parts of an ISO date, for filling a govuk date input again. */
export function dateParts(value: string | null | undefined): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = (value ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

export function formText(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value : undefined;
}
