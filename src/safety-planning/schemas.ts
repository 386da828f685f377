import { z } from 'zod';
import { ZOptionalText, dateFromForm, formText } from '../people/schemas.js';
import { daysAfter, todayInLondon } from '../dates/london.js';

/*
 * Her safety plan (issue 5, point 2): what she names as risks, warning signs, safe places and
 * people, the children's safety, an escape plan, emergency numbers and technology safety, with a
 * review date agreed with her. Every save is a new version.
 */

/** Today as an ISO date (UTC, like the other date rules). */
export const todayIso = (): string => todayInLondon();

/** How far ahead a review may be agreed: a plan unreviewed for longer than this is out of date. */
export const MAX_REVIEW_DAYS = 366;

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const latestReview = () => daysAfter(todayInLondon(), MAX_REVIEW_DAYS);

export const ZReviewDate = z
  .string({ error: 'Enter the date agreed with the partner to review the plan' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'The review date must be a real date')
  .refine(isRealDate, 'The review date must be a real date')
  .refine((value) => value >= todayIso(), 'The review date must be today or in the future')
  .refine((value) => value <= latestReview(), 'The review date must be within a year');

const text = (label: string) => ZOptionalText(5000, label);

export const ZSafetyPlanInput = z.object({
  risks: z
    .string({ error: 'Enter the risks the partner names' })
    .trim()
    .min(1, 'Enter the risks the partner names')
    .max(5000, 'The risks must be 5000 characters or fewer'),
  warningSigns: text('The warning signs'),
  safePlaces: text('The safe places'),
  safePeople: text('The safe people'),
  childrenSafety: text('The children’s safety'),
  escapeBag: text('The bag'),
  escapeDocuments: text('The documents'),
  escapeRoute: text('The route'),
  escapeDestination: text('Where the partner would go'),
  localPolice: ZOptionalText(200, 'The local police number'),
  workerContact: ZOptionalText(200, 'The partner support worker’s number'),
  technologySafety: text('Technology safety'),
  reviewOn: ZReviewDate,
});
export type TSafetyPlanInput = z.infer<typeof ZSafetyPlanInput>;

export const SAFETY_PLAN_TEXT_FIELDS = [
  'risks',
  'warningSigns',
  'safePlaces',
  'safePeople',
  'childrenSafety',
  'escapeBag',
  'escapeDocuments',
  'escapeRoute',
  'escapeDestination',
  'localPolice',
  'workerContact',
  'technologySafety',
] as const;

/** The form's answers in the API's shape; the review date's three boxes become one ISO date. */
export function safetyPlanFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of SAFETY_PLAN_TEXT_FIELDS) {
    values[field] = formText(form, field);
  }
  const reviewOn = dateFromForm(form, 'reviewOn');
  values.reviewOn = reviewOn === null ? undefined : reviewOn;
  return values;
}

/** Numbers every plan carries, whatever she agreed (printed on every copy). */
export const NATIONAL_NUMBERS = [
  { label: 'Emergency: police, ambulance', number: '999' },
  {
    label: 'Silent Solution: if you cannot speak on a 999 call from a mobile, press 55 when asked',
    number: '999, then 55',
  },
  { label: 'National Domestic Abuse Helpline (free, 24 hours)', number: '0808 2000 247' },
] as const;
