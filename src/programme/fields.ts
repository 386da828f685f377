import { z } from 'zod';

/** Field rules shared by the programme forms and API bodies. */

/** A whole number from a form's text or a JSON number; empty is "not set" (null). */
export const ZOptionalWholeNumber = (label: string, min: number, max: number) =>
  z
    .union([z.number(), z.string().trim(), z.null()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || v === '') {
        return null;
      }
      const n = typeof v === 'number' ? v : /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

export const ZWholeNumber = (label: string, min: number, max: number) =>
  ZOptionalWholeNumber(label, min, max).transform((v, ctx) => {
    if (v === null) {
      ctx.addIssue({ code: 'custom', message: `Enter ${label.toLowerCase()}` });
      return z.NEVER;
    }
    return v;
  });

const isRealDate = (v: string) => {
  const date = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
};

/** An ISO date of a real day, in a range a programme could use. */
export const ZDate = (label: string) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine(isRealDate, `${label} must be a real date`)
    .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', `${label} must be between 2000 and 2100`);

/** A London wall-clock time, "18:30". */
export const ZTime = (label: string) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `Enter ${label.toLowerCase()} as hours and minutes, like 18:30`)
    .transform((v) => v.padStart(5, '0'));

/** A reason for a change that is kept in a record's history. */
export const ZReason = (label = 'the reason') =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(2000, `${label[0]?.toUpperCase()}${label.slice(1)} must be 2,000 characters or fewer`);

/** A required record id chosen from a list. */
export const ZChoice = (message: string) => z.uuid({ error: message });
