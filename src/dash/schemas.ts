import { z } from 'zod';
import { ZOptionalText, ZPastDate, formText } from '../people/schemas.js';
import { DASH_ANSWERS, DASH_LEVELS, DASH_QUESTION_COUNT } from './questions.js';

/*
 * The DASH risk identification checklist with her (issue 6, point 3): the safety questions first,
 * then the 24 questions, police call-outs, her own view of the risk, and professional judgement.
 * One schema for the pages and the API; the yes count and the level are always computed on the
 * server, never taken from the input.
 */

/** The question numbers, 1 to 24, in order. */
export const QUESTION_NUMBERS: readonly number[] = Array.from({ length: DASH_QUESTION_COUNT }, (_, i) => i + 1);

export const NOT_SAFE_TO_TALK = 'It is not safe to talk now: stop, and end the contact safely. Nothing has been saved.';
export const JUDGEMENT_CANNOT_LOWER = 'Professional judgement can raise the level, never lower it';

/** A required yes/no radio (or a JSON boolean). */
const ZRequiredYesNo = (message: string) =>
  z.union([z.boolean(), z.enum(['yes', 'no'])], { error: message }).transform((v) => v === true || v === 'yes');

const answers = z.object(
  Object.fromEntries(
    QUESTION_NUMBERS.map((n) => [String(n), z.enum(DASH_ANSWERS, { error: `Answer question ${n}: yes, no or don’t know` })]),
  ),
  { error: 'Answer all 24 questions' },
);

const comments = z
  .object(Object.fromEntries(QUESTION_NUMBERS.map((n) => [String(n), ZOptionalText(2000, `The comment on question ${n}`)])))
  .optional()
  .transform((v) => v ?? {});

const ZPoliceCallouts = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : Number(v))),
    z.null(),
  ])
  .optional()
  .transform((v) => (v === undefined || v === null ? null : v))
  .refine(
    (v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 365),
    'Enter the number of police call-outs as a whole number from 0 to 365',
  );

/** No judgement: left empty, "none", or null. Any level may be sent; the service refuses one that does not raise. */
const ZJudgementLevel = z
  .union([z.enum(DASH_LEVELS), z.literal(''), z.literal('none'), z.null()], { error: 'Choose a level from the list' })
  .optional()
  .transform((v) => (v === undefined || v === null || v === '' || v === 'none' ? null : v));

/** Before the questions: is it safe to talk now? Where is he, where are the children? */
export const ZDashSafety = z.object({
  safeToTalk: ZRequiredYesNo('Say whether it is safe to talk now'),
  safeContactChecked: ZRequiredYesNo('Say whether the partner’s safe number and safe times were checked'),
  hisWhereabouts: ZOptionalText(1000, 'Where the person causing harm is'),
  childrenWhereabouts: ZOptionalText(1000, 'Where the children are'),
});
export type TDashSafety = z.infer<typeof ZDashSafety>;

/** The safety answers and the 24 answers (the questions page). */
export const ZDashAnswers = ZDashSafety.extend({ answers, comments });

/** A whole DASH, as the last page and the API send it. */
export const ZDashInput = ZDashAnswers.extend({
  completedOn: ZPastDate('The date completed').optional(),
  policeCalloutsPastYear: ZPoliceCallouts,
  herViewOfRisk: ZOptionalText(5000, 'The partner’s view of the risk'),
  judgementLevel: ZJudgementLevel,
  judgementReasons: ZOptionalText(5000, 'The reasons'),
}).superRefine((value, ctx) => {
  if (!value.safeToTalk) {
    ctx.addIssue({ code: 'custom', path: ['safeToTalk'], message: NOT_SAFE_TO_TALK });
  }
  if (value.judgementLevel !== null && value.judgementReasons === null) {
    ctx.addIssue({ code: 'custom', path: ['judgementReasons'], message: 'Give the reasons for raising the level' });
  }
});
export type TDashInput = z.infer<typeof ZDashInput>;

/** The form's fields in the API's shape: q1..q24 and q1-comment.. become `answers` and `comments`. */
export function dashFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {
    safeToTalk: formText(form, 'safeToTalk'),
    safeContactChecked: formText(form, 'safeContactChecked'),
    hisWhereabouts: formText(form, 'hisWhereabouts'),
    childrenWhereabouts: formText(form, 'childrenWhereabouts'),
    answers: Object.fromEntries(QUESTION_NUMBERS.map((n) => [String(n), formText(form, `q${n}`)])),
    comments: Object.fromEntries(QUESTION_NUMBERS.map((n) => [String(n), formText(form, `q${n}-comment`)])),
  };
  for (const key of ['policeCalloutsPastYear', 'herViewOfRisk', 'judgementLevel', 'judgementReasons'] as const) {
    if (key in form) {
      values[key] = formText(form, key);
    }
  }
  return values;
}

/** The API's error keys as the form's field names: answers.5 is q5, comments.5 is q5-comment. */
export function formFieldName(key: string): string {
  const match = /^(answers|comments)\.(\d+)$/.exec(key);
  if (!match) {
    return key;
  }
  return match[1] === 'answers' ? `q${match[2]}` : `q${match[2]}-comment`;
}
