import { z } from 'zod';
import { ZScopeParam, cursorParams } from '../web/list-filter.js';
import { sortParams } from './keyset-order.js';
import type { MaracCriterion, MaracStatus } from '../db/schema.js';
import { ZPastDate, dateFromForm, formText } from '../people/schemas.js';
import { todayInLondon } from '../dates/london.js';

/*
 * MARAC referrals (issue 6, point 4): her case referred to the Multi Agency Risk Assessment
 * Conference, pre-filled from her latest DASH and her case so that nothing is typed twice; the
 * criteria it meets, whether she knows and consents, the meeting it is heard at, the outcome and
 * the actions agreed.
 */

export const CRITERIA = [
  'visible_high_risk',
  'professional_judgement',
  'escalation',
  'repeat',
] as const satisfies readonly MaracCriterion[];
export const CRITERION_LABELS: Record<MaracCriterion, string> = {
  visible_high_risk: 'Visible high risk (14 or more “yes” answers on the DASH)',
  professional_judgement: 'Professional judgement',
  escalation: 'Potential escalation (police call-outs in the past 12 months)',
  repeat: 'Repeat (referred to MARAC within the past 12 months)',
};
/** Short labels for the meeting list a MARAC coordinator reads. */
export const CRITERION_SHORT_LABELS: Record<MaracCriterion, string> = {
  visible_high_risk: 'Visible high risk',
  professional_judgement: 'Professional judgement',
  escalation: 'Escalation',
  repeat: 'Repeat',
};

export const STATUS_LABELS: Record<MaracStatus, string> = { referred: 'Referred', heard: 'Heard', closed: 'Closed' };

/** Today in London as an ISO date. */
export const todayIso = (): string => todayInLondon();

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/** A date of a real day, today or earlier; missing is its own message. */
const pastDate = (label: string, missing: string) => z.string({ error: missing }).min(1, missing).pipe(ZPastDate(label));

/** Any real date (a meeting may be in the future, an action due later). */
const anyDate = (label: string, missing: string) =>
  z
    .string({ error: missing })
    .min(1, missing)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date`)
    .refine(isRealDate, `${label} must be a real date`)
    .refine((v) => v >= '2000-01-01' && v <= '2100-12-31', `${label} must be a real date`);

/**
 * Text the form pre-fills and the worker may change. Left out (undefined) in the API means "take
 * the pre-filled value"; blank or null means "none".
 */
const prefillable = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v ? v : null));

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => (v ? v : null));

/** A yes/no answer that must be given: radio "yes"/"no" or a JSON boolean. */
const requiredYesNo = (missing: string) =>
  z.union([z.boolean(), z.enum(['yes', 'no'])], { error: missing }).transform((v) => v === true || v === 'yes');

const callouts = z
  .union([z.number(), z.string().trim()], { error: 'Enter the number of police call-outs as a whole number, like 2' })
  .nullish()
  .transform((v, ctx) => {
    if (v === undefined) {
      return undefined;
    }
    if (v === null || v === '') {
      return null;
    }
    const n = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < 0 || n > 365) {
      ctx.addIssue({ code: 'custom', message: 'Enter the number of police call-outs as a whole number from 0 to 365' });
      return z.NEVER;
    }
    return n;
  });

export const ZReferralInput = z.object({
  /** Her DASH it is made from; left out, her latest. */
  dashAssessmentId: z
    .union([z.uuid('Choose one of this partner’s DASH checklists'), z.literal('').transform(() => null), z.null()])
    .optional()
    .transform((v) => v ?? null),
  referredOn: pastDate('The referral date', 'Enter the date of the referral'),
  area: prefillable(200, 'The MARAC area'),
  maracMeetingId: z
    .union([z.uuid('Choose a meeting from the list'), z.literal('').transform(() => null), z.null()])
    .optional()
    .transform((v) => v ?? null),
  professionalJudgement: z
    .union([z.boolean(), z.enum(['yes', 'no'])])
    .optional()
    .transform((v) => v === true || v === 'yes'),
  judgementReasons: optionalText(5000, 'The reasons'),
  policeCalloutsPastYear: callouts,
  safeToCall: requiredYesNo('Say whether it is safe to call the partner'),
  safeNumber: prefillable(50, 'The safe number'),
  safeTimes: prefillable(500, 'The safe times'),
  afraidOf: optionalText(2000, 'Who the partner is afraid of'),
  safeToTalkTo: optionalText(2000, 'Who is safe to talk to'),
  notSafeToTalkTo: optionalText(2000, 'Who is not safe to talk to'),
  childrenAndSchools: prefillable(5000, 'The children and their schools'),
  relationship: prefillable(500, 'The relationship'),
  previousMaracs: prefillable(2000, 'Previous MARACs'),
  sheKnows: requiredYesNo('Say whether the partner knows of the referral'),
  sheConsents: requiredYesNo('Say whether the partner consents to the referral'),
  noConsentReason: optionalText(5000, 'The reason'),
});
export type TReferralInput = z.infer<typeof ZReferralInput>;

export const ZMeetingChoice = z.object({
  maracMeetingId: z
    .union([z.uuid('Choose a meeting from the list'), z.literal('').transform(() => null), z.null()])
    .optional()
    .transform((v) => v ?? null),
});

export const ZOutcomeInput = z.object({
  heardOn: pastDate('The date it was heard', 'Enter the date the MARAC heard it'),
  outcome: z
    .string({ error: 'Enter the outcome of the meeting' })
    .trim()
    .min(1, 'Enter the outcome of the meeting')
    .max(10000, 'The outcome must be 10000 characters or fewer'),
});
export type TOutcomeInput = z.infer<typeof ZOutcomeInput>;

export const ZActionInput = z.object({
  action: z
    .string({ error: 'Enter the action agreed' })
    .trim()
    .min(1, 'Enter the action agreed')
    .max(2000, 'The action must be 2000 characters or fewer'),
  agency: z
    .string({ error: 'Enter the agency that will do it' })
    .trim()
    .min(1, 'Enter the agency that will do it')
    .max(200, 'The agency must be 200 characters or fewer'),
  dueOn: z
    .union([anyDate('The due date', 'Enter the due date'), z.literal('').transform(() => null), z.null()])
    .optional()
    .transform((v) => v ?? null),
});
export type TActionInput = z.infer<typeof ZActionInput>;

export const ZMeetingInput = z.object({
  area: z
    .string({ error: 'Enter the MARAC area' })
    .trim()
    .min(1, 'Enter the MARAC area')
    .max(200, 'The area must be 200 characters or fewer'),
  meetsOn: anyDate('The meeting date', 'Enter the date of the meeting'),
});
export type TMeetingInput = z.infer<typeof ZMeetingInput>;

export const ZRiskSettings = z.object({
  maracCalloutThreshold: z.coerce
    .number({ error: 'Enter a whole number of call-outs from 1 to 50' })
    .int('Enter a whole number of call-outs from 1 to 50')
    .min(1, 'Enter a whole number of call-outs from 1 to 50')
    .max(50, 'Enter a whole number of call-outs from 1 to 50'),
});
export type TRiskSettings = z.infer<typeof ZRiskSettings>;

const said = (value: unknown) => value === true || value === 'yes';
const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/**
 * The rules between answers: judgement needs its reasons; she cannot consent to what she does not
 * know of; without her knowledge or consent the reason is written down (a high-risk referral may
 * go ahead without consent, but never without saying why). Checked on the input as sent, so the
 * form shows them together with any other error.
 */
export function referralRuleErrors(v: {
  professionalJudgement?: unknown;
  judgementReasons?: unknown;
  sheKnows?: unknown;
  sheConsents?: unknown;
  noConsentReason?: unknown;
}): Record<string, string> {
  const fields: Record<string, string> = {};
  if (said(v.professionalJudgement) && blank(v.judgementReasons)) {
    fields.judgementReasons = 'Give the reasons for your professional judgement';
  }
  if (said(v.sheConsents) && v.sheKnows !== undefined && !said(v.sheKnows)) {
    fields.sheConsents = 'The partner cannot consent to a referral they do not know of';
  }
  const answered = v.sheKnows !== undefined && v.sheConsents !== undefined;
  if (answered && !(said(v.sheKnows) && said(v.sheConsents)) && blank(v.noConsentReason)) {
    fields.noConsentReason = said(v.sheKnows)
      ? 'Say why the partner does not consent and why the referral goes ahead'
      : 'Say why the partner does not know of the referral';
  }
  return fields;
}

/** A date from the form's three boxes; "invalid" stays as typed so the schema names the fault. */
const formDate = (form: Record<string, unknown>, name: string) => {
  const value = dateFromForm(form, name);
  return value === null ? undefined : value;
};

const REFERRAL_TEXT_FIELDS = [
  'judgementReasons',
  'safeNumber',
  'safeTimes',
  'afraidOf',
  'safeToTalkTo',
  'notSafeToTalkTo',
  'childrenAndSchools',
  'relationship',
  'previousMaracs',
  'noConsentReason',
  'area',
] as const;

/**
 * The form's answers in the API's shape. The form always sends its pre-filled fields, so a field
 * the worker emptied is stored empty, as given, never filled in again behind her back.
 */
export function referralFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of REFERRAL_TEXT_FIELDS) {
    values[field] = formText(form, field) ?? '';
  }
  values.dashAssessmentId = formText(form, 'dashAssessmentId');
  values.maracMeetingId = formText(form, 'maracMeetingId');
  values.referredOn = formDate(form, 'referredOn');
  values.policeCalloutsPastYear = formText(form, 'policeCalloutsPastYear') ?? '';
  const judgement = form.professionalJudgement;
  values.professionalJudgement = judgement === 'yes' || (Array.isArray(judgement) && judgement.includes('yes'));
  for (const field of ['safeToCall', 'sheKnows', 'sheConsents'] as const) {
    values[field] = formText(form, field);
  }
  return values;
}

export function outcomeFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return { heardOn: formDate(form, 'heardOn'), outcome: formText(form, 'outcome') };
}

export function actionFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return { action: formText(form, 'action'), agency: formText(form, 'agency'), dueOn: formDate(form, 'dueOn') ?? null };
}

export function meetingFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return { area: formText(form, 'area'), meetsOn: formDate(form, 'meetsOn') };
}

/** Open actions overdue (due before today) or due soon (from today to a week ahead). */
export const ACTION_DUE_FILTERS = ['overdue', 'soon'] as const;
export type ActionDue = (typeof ACTION_DUE_FILTERS)[number];

/** The MARAC actions list's filters, the same in the address and the API: whose cases, and overdue or due soon. */
/** The meetings' orders (/marac and GET /api/v1/marac-meetings): by area then date (the default), or by date. */
export const MARAC_MEETING_SORTS = ['area', 'date'] as const;
export type MaracMeetingSort = (typeof MARAC_MEETING_SORTS)[number];
export const ZMeetingSortQuery = z.object(sortParams(MARAC_MEETING_SORTS));

/** The open actions' orders: by due date (the earliest first unless dir=desc), her case's reference or the agency. */
export const MARAC_ACTION_SORTS = ['due', 'reference', 'agency'] as const;
export type MaracActionSort = (typeof MARAC_ACTION_SORTS)[number];

export const ZActionListQuery = z.object({
  scope: ZScopeParam,
  due: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(ACTION_DUE_FILTERS, { error: 'due must be overdue or soon' }).optional(),
  ),
  ...sortParams(MARAC_ACTION_SORTS),
  ...cursorParams,
});
