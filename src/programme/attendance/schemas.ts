import { z } from 'zod';
import { ZOptionalText } from '../../people/schemas.js';
import { ZScopeParam } from '../../web/list-filter.js';
import { OUTCOMES } from './rules.js';

/** Minutes late: a number from the API, the text of a box from the form; read only for a late arrival. */
const ZMinutesLate = z
  .union([
    z.number({ error: 'Enter the minutes late as a number' }),
    z.string().max(20, 'Enter the minutes late as a number'),
    z.null(),
  ])
  .optional()
  .transform((v) =>
    typeof v === 'string' ? (/^\s*\d{1,4}\s*$/.test(v) ? Number(v) : v.trim() === '' ? null : Number.NaN) : (v ?? null),
  );

/** One man's line of the register. */
export const ZRegisterEntry = z
  .object({
    enrolmentId: z.uuid('Select a participant on this register'),
    outcome: z.enum(OUTCOMES, { error: 'Select an outcome' }),
    minutesLate: ZMinutesLate,
    note: ZOptionalText(10000, 'The participation note'),
  })
  .superRefine((entry, ctx) => {
    if (entry.outcome !== 'late') {
      return;
    }
    const minutes = entry.minutesLate;
    if (minutes === null) {
      ctx.addIssue({ code: 'custom', path: ['minutesLate'], message: 'Enter how many minutes late' });
    } else if (!Number.isInteger(minutes) || minutes < 1 || minutes > 600) {
      ctx.addIssue({ code: 'custom', path: ['minutesLate'], message: 'Minutes late must be a whole number from 1 to 600' });
    }
  })
  // Minutes late mean something only for a late arrival.
  .transform((entry) => ({ ...entry, minutesLate: entry.outcome === 'late' ? entry.minutesLate : null }));
export type TRegisterEntry = z.output<typeof ZRegisterEntry>;

/** A whole register, saved at once: one entry for every man on it. */
export const ZRegisterInput = z.object({
  entries: z
    .array(ZRegisterEntry, { error: 'Send the register as a list of entries' })
    .min(1, 'Record an outcome for each participant')
    .max(100, 'A register has at most 100 participants'),
});
export type TRegisterInput = z.output<typeof ZRegisterInput>;

/**
 * The register form: a hidden `enrolment` field per man (in the order shown) and, for each,
 * `outcome-<id>`, `minutesLate-<id>` and `note-<id>`: the field ids the errors link to.
 */
export function registerFromForm(form: Record<string, unknown>): { ids: string[]; input: { entries: unknown[] } } {
  const raw = form.enrolment;
  const ids = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v.length > 0).slice(0, 100);
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : undefined);
  const entries = ids.map((id) => ({
    enrolmentId: id,
    outcome: text(`outcome-${id}`) || undefined,
    minutesLate: text(`minutesLate-${id}`) ?? '',
    note: text(`note-${id}`) ?? '',
  }));
  return { ids, input: { entries } };
}

/** The API's error keys ("entries.2.outcome") as the form's field ids ("outcome-<enrolment id>"). */
export function formFieldErrors(fields: Record<string, string>, ids: readonly string[]): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const match = /^entries\.(\d+)\.(\w+)$/.exec(key);
    const id = match ? ids[Number(match[1])] : undefined;
    const field = match?.[2] === 'enrolmentId' ? 'outcome' : match?.[2];
    mapped[id && field ? `${field}-${id}` : key] ??= message;
  }
  return mapped;
}

export const ZReviewResolution = z.object({
  resolution: z
    .string({ error: 'Enter what was decided' })
    .trim()
    .min(1, 'Enter what was decided')
    .max(5000, 'The note must be 5,000 characters or fewer'),
});
export type TReviewResolution = z.output<typeof ZReviewResolution>;

/** The open reviews list's filter, on the page and in the API: whose cases (every open review without it). */
export const ZReviewListQuery = z.object({ scope: ZScopeParam });
