import { z } from 'zod';
import { ZLondonOffset } from '../dates/schemas.js';
import { ZOptionalText, dateFromForm, formText } from '../people/schemas.js';
import { Q_MAX, readSearch, type SearchTerms } from '../people/caseload-terms.js';
import { ZOverdueParam, ZScopeParam, cursorParams } from '../web/list-filter.js';
import { SORT_DIRECTIONS } from '../web/sort-heading.js';
import { DUTY_EVENT_TYPES, DUTY_METHODS, NOT_TOLD_REASONS } from './rules.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const realDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v) && v >= '2000-01-01';

/** What her worker records about a duty: how she was told, or why she could not be. */
export const ZDutyRecord = z
  .object({
    eventId: z.string({ error: 'Select a duty of this case' }).regex(UUID, 'Select a duty of this case'),
    outcome: z.enum(['told', 'not_told'], { error: 'Select whether the partner was told' }),
    method: z.enum(DUTY_METHODS, { error: 'Select how the partner was told' }).nullish(),
    toldOn: z.string({ error: 'Enter the date the partner was told' }).nullish(),
    toldTime: z.string({ error: 'Enter the time' }).trim().nullish(),
    offset: ZLondonOffset,
    reason: z.enum(NOT_TOLD_REASONS, { error: 'Select why the partner could not be told' }).nullish(),
    note: ZOptionalText(5000, 'The note'),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'told') {
      if (!v.method) {
        ctx.addIssue({ code: 'custom', path: ['method'], message: 'Select how the partner was told' });
      }
      if (!v.toldOn || !realDate(v.toldOn)) {
        ctx.addIssue({ code: 'custom', path: ['toldOn'], message: 'Enter the date the partner was told as a real date' });
      }
      if (!v.toldTime || !/^([01]?\d|2[0-3]):[0-5]\d$/.test(v.toldTime)) {
        ctx.addIssue({ code: 'custom', path: ['toldTime'], message: 'Enter the time as hours and minutes, like 14:30' });
      }
    } else if (!v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Select why the partner could not be told' });
    }
  })
  .transform((v) =>
    v.outcome === 'told'
      ? {
          eventId: v.eventId,
          outcome: 'told' as const,
          method: v.method ?? null,
          toldOn: v.toldOn ?? '',
          toldTime: v.toldTime ?? '',
          offset: v.offset,
          reason: null,
          note: v.note,
        }
      : {
          eventId: v.eventId,
          outcome: 'not_told' as const,
          method: null,
          toldOn: null,
          toldTime: null,
          offset: null,
          reason: v.reason ?? null,
          note: v.note,
        },
  );
export type TDutyRecord = z.output<typeof ZDutyRecord>;

export function dutyRecordFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const on = dateFromForm(form, 'toldOn');
  const blank = (name: string) => formText(form, name) || undefined;
  return {
    eventId: blank('eventId'),
    outcome: blank('outcome'),
    method: blank('method'),
    toldOn: on ?? undefined,
    toldTime: blank('toldTime'),
    offset: blank('offset'),
    reason: blank('reason'),
    note: formText(form, 'note'),
  };
}

const ZWorkingDays = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    z
      .string({ error: `Enter the working days for “${label}”` })
      .trim()
      .min(1, `Enter the working days for “${label}”`)
      .regex(/^\d+$/, `Enter the working days for “${label}” as a whole number`)
      .transform(Number)
      .pipe(z.number().max(30, `“${label}” must be 30 working days or fewer`)),
  );

const ZMonths = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    z
      .string({ error: `Enter ${label}` })
      .trim()
      .min(1, `Enter ${label}`)
      .regex(/^\d+$/, `Enter ${label} as a whole number of months`)
      .transform(Number)
      .pipe(z.number().min(1, `${label} must be at least 1 month`).max(24, `${label} must be 24 months or fewer`)),
  );

/** Due times per kind of event (working days, fields `dueDays-<type>`), and the follow-up period after his programme ends. */
export function dutySettingsSchema(labels: Record<string, string>) {
  const dueDays = Object.fromEntries(DUTY_EVENT_TYPES.map((type) => [`dueDays-${type}`, ZWorkingDays(labels[type] ?? type)]));
  return z
    .object({
      ...dueDays,
      followUpMonths: ZMonths('The follow-up period'),
      reviewMonths: ZMonths('The review point'),
    })
    .superRefine((v, ctx) => {
      if (v.reviewMonths > v.followUpMonths) {
        ctx.addIssue({ code: 'custom', path: ['reviewMonths'], message: 'The review point must be within the follow-up period' });
      }
    })
    .transform((v): TDutySettings => ({
      dueDays: Object.fromEntries(
        DUTY_EVENT_TYPES.map((type) => [type, Number((v as Record<string, unknown>)[`dueDays-${type}`])]),
      ),
      followUpMonths: v.followUpMonths,
      reviewMonths: v.reviewMonths,
    }));
}
export type TDutySettings = { dueDays: Record<string, number>; followUpMonths: number; reviewMonths: number };

/** The API's shape ({ dueDays: { suspended: 1, ... }, followUpMonths, reviewMonths }) as the form's fields. */
export function dutySettingsFromJson(body: unknown): Record<string, unknown> {
  const value = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const due = (value.dueDays && typeof value.dueDays === 'object' ? value.dueDays : {}) as Record<string, unknown>;
  return {
    ...Object.fromEntries(DUTY_EVENT_TYPES.map((type) => [`dueDays-${type}`, due[type]])),
    followUpMonths: value.followUpMonths,
    reviewMonths: value.reviewMonths,
  };
}

export const CLOSURE_OUTCOMES = [
  'support_completed',
  'she_ended_support',
  'moved_away',
  'referred_on',
  'not_engaged',
  'other',
] as const;
export const CLOSURE_OUTCOME_LABELS: Record<(typeof CLOSURE_OUTCOMES)[number], string> = {
  support_completed: 'Support completed',
  she_ended_support: 'The partner ended the support',
  moved_away: 'The partner moved out of the area',
  referred_on: 'Referred on to another service',
  not_engaged: 'Not engaged',
  other: 'Other',
};
export const SAFETY_AT_CLOSE = ['safer', 'no_change', 'less_safe', 'not_known'] as const;
export const SAFETY_AT_CLOSE_LABELS: Record<(typeof SAFETY_AT_CLOSE)[number], string> = {
  safer: 'Safer than when support began',
  no_change: 'No change',
  less_safe: 'Less safe',
  not_known: 'Not known',
};

/** Her case's closing summary. A reason is needed when it closes before the follow-up period ends (the service decides). */
export const ZClosure = z.object({
  outcome: z.enum(CLOSURE_OUTCOMES, { error: 'Select the outcome of the support' }),
  safetyAtClose: z.enum(SAFETY_AT_CLOSE, { error: 'Select how safe the partner is at closing' }),
  feelingSafe: z.preprocess(
    (v) => (v === '' || v === null || v === undefined ? null : typeof v === 'number' ? String(v) : v),
    z
      .string({ error: 'Enter the partner’s rating as a whole number from 1 to 10' })
      .trim()
      .regex(/^\d{1,2}$/, 'Enter the partner’s rating as a whole number from 1 to 10')
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, 'Enter the partner’s rating as a whole number from 1 to 10')
          .max(10, 'Enter the partner’s rating as a whole number from 1 to 10'),
      )
      .nullable(),
  ),
  onwardReferrals: ZOptionalText(2000, 'The onward referrals'),
  summary: z
    .string({ error: 'Enter a closing summary' })
    .trim()
    .min(1, 'Enter a closing summary')
    .max(10000, 'The closing summary must be 10000 characters or fewer'),
  earlyReason: ZOptionalText(2000, 'The reason'),
});
export type TClosure = z.output<typeof ZClosure>;

const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** The columns the duties list sorts by: due date (the default, most overdue first), the partner's name, the kind of duty. */
export const DUTY_SORTS = ['due', 'name', 'type'] as const;
export type DutySort = (typeof DUTY_SORTS)[number];

const SEARCH_HINT = 'Enter at least 2 letters of the partner’s name, or a case reference like PS-1042';

/**
 * The search box, read as the caseloads read it (src/people/caseload-terms.ts): a name (typos
 * found), or a case reference or its start. Whatever else it reads as (a date, a phone number, a
 * postcode) finds nothing here, as this list is searched by the partner's name and case reference.
 */
const ZDutySearch = z.preprocess(
  blankIsAbsent,
  z
    .string({ error: 'Give q once' })
    .trim()
    .max(Q_MAX, `Enter no more than ${Q_MAX} characters to search`)
    .transform((q, ctx): { q: string; terms: SearchTerms } | typeof z.NEVER => {
      const terms = readSearch(q);
      if (typeof terms === 'string') {
        ctx.addIssue({ code: 'custom', message: SEARCH_HINT });
        return z.NEVER;
      }
      return { q, terms };
    })
    .optional(),
);

/**
 * The duties list's parameters, on the page and in the API: whose cases, overdue or not yet, the
 * search (the partner's name or case reference), and the order (sort=due|name|type, dir=asc|desc).
 */
export const ZDutyListQuery = z.object({
  scope: ZScopeParam,
  overdue: ZOverdueParam,
  q: ZDutySearch.describe('The partner’s name (typos and other spellings found), or the case reference or its start (PS-1042)'),
  sort: z.preprocess(
    blankIsAbsent,
    z
      .enum(DUTY_SORTS, { error: 'sort must be due, name or type' })
      .optional()
      .describe('The order: due date (the default, most overdue first), the partner’s name, or the kind of duty'),
  ),
  dir: z.preprocess(
    blankIsAbsent,
    z.enum(SORT_DIRECTIONS, { error: 'dir must be asc or desc' }).optional().describe('Ascending (the default) or descending'),
  ),
  ...cursorParams,
});
export type TDutyListQuery = z.output<typeof ZDutyListQuery>;
