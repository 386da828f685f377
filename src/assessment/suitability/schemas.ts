import { z } from 'zod';
import type {
  Acknowledgement,
  ExclusionFactor,
  Motivation,
  Responsibility,
  ResponsivityNeed,
  SuitabilityOutcome,
} from '../../db/schema.js';
import { ZOptionalText, ZPastDate, dateFromForm, formText } from '../../people/schemas.js';

/*
 * His suitability assessment (issue 6, point 1; seed 003): does he acknowledge a problem, take some
 * responsibility, show motivation; what would exclude him; what he needs to take part (responsivity);
 * and the intervention he is matched to, with the reasons.
 */

export const ACKNOWLEDGEMENTS = ['acknowledges', 'partly', 'denies'] as const satisfies readonly Acknowledgement[];
export const ACKNOWLEDGEMENT_LABELS: Record<Acknowledgement, string> = {
  acknowledges: 'Acknowledges a problem',
  partly: 'Partly acknowledges a problem',
  denies: 'Denies there is a problem',
};

export const RESPONSIBILITIES = ['accepts', 'partly', 'denies'] as const satisfies readonly Responsibility[];
export const RESPONSIBILITY_LABELS: Record<Responsibility, string> = {
  accepts: 'Accepts responsibility for the behaviour',
  partly: 'Partly accepts responsibility (blames others or circumstances in part)',
  denies: 'Denies responsibility',
};

export const MOTIVATIONS = ['high', 'some', 'low', 'none'] as const satisfies readonly Motivation[];
export const MOTIVATION_LABELS: Record<Motivation, string> = {
  high: 'High',
  some: 'Some',
  low: 'Low',
  none: 'None',
};

export const EXCLUSION_FACTORS = [
  'severe_mental_illness',
  'chaotic_substance_use',
  'group_unsuitable',
  'cognitive_impairment',
  'no_relationship_abuse',
  'other',
] as const satisfies readonly ExclusionFactor[];
export const EXCLUSION_FACTOR_LABELS: Record<ExclusionFactor, string> = {
  severe_mental_illness: 'Severe mental illness',
  chaotic_substance_use: 'Chaotic substance use',
  group_unsuitable: 'Unsuitable for group work',
  cognitive_impairment: 'Cognitive impairment',
  no_relationship_abuse: 'No abuse in an intimate relationship',
  other: 'Other',
};

export const RESPONSIVITY_NEEDS = [
  'interpreter',
  'same_sex_relationship',
  'learning_needs',
  'literacy',
  'disability',
  'shift_work',
  'other',
] as const satisfies readonly ResponsivityNeed[];
export const RESPONSIVITY_NEED_LABELS: Record<ResponsivityNeed, string> = {
  interpreter: 'Needs an interpreter',
  same_sex_relationship: 'Abuse in a same-sex relationship',
  learning_needs: 'Learning needs',
  literacy: 'Literacy',
  disability: 'Disability',
  shift_work: 'Shift work',
  other: 'Other',
};

export const OUTCOMES = [
  'early_response',
  'group_dapp',
  'one_to_one',
  'high_harm',
  'not_suitable',
] as const satisfies readonly SuitabilityOutcome[];
export const OUTCOME_LABELS: Record<SuitabilityOutcome, string> = {
  early_response: 'Early response',
  group_dapp: 'Group domestic abuse perpetrator programme (DAPP)',
  one_to_one: 'One-to-one programme',
  high_harm: 'High-harm case management',
  not_suitable: 'Not suitable',
};

const notes = (label: string) => ZOptionalText(5000, label);

/** A checkbox group: any of `values`, each once; an error names the group, not one box. */
const choices = <T extends string>(values: readonly T[], message: string) =>
  z
    .array(z.string(), { error: message })
    .default([])
    .refine((list) => list.every((item) => (values as readonly string[]).includes(item)), message)
    .transform((list) => [...new Set(list)] as T[]);

export const ZSuitabilityInput = z
  .object({
    assessedOn: z.string({ error: 'Enter the date of the assessment' }).pipe(ZPastDate('The date of the assessment')),
    acknowledgement: z.enum(ACKNOWLEDGEMENTS, { error: 'Select whether the participant acknowledges a problem' }),
    acknowledgementNotes: notes('The notes on acknowledgement'),
    responsibility: z.enum(RESPONSIBILITIES, { error: 'Select whether the participant takes responsibility' }),
    responsibilityNotes: notes('The notes on responsibility'),
    motivation: z.enum(MOTIVATIONS, { error: 'Select the participant’s motivation to change' }),
    motivationNotes: notes('The notes on motivation'),
    exclusionFactors: choices(EXCLUSION_FACTORS, 'Select exclusion factors from the list'),
    exclusionNotes: notes('The notes on exclusion factors'),
    responsivityNeeds: choices(RESPONSIVITY_NEEDS, 'Select responsivity needs from the list'),
    responsivityNotes: notes('The notes on responsivity needs'),
    outcome: z.enum(OUTCOMES, { error: 'Select the outcome of the assessment' }),
    reasons: z
      .string({ error: 'Enter the reasons for the outcome' })
      .trim()
      .min(1, 'Enter the reasons for the outcome')
      .max(5000, 'The reasons must be 5000 characters or fewer'),
  })
  .superRefine((value, ctx) => {
    // "Other" says nothing on its own: whoever reads the record later must know what it was.
    if (value.exclusionFactors.includes('other') && !value.exclusionNotes) {
      ctx.addIssue({ code: 'custom', path: ['exclusionNotes'], message: 'Describe the other exclusion factor' });
    }
    if (value.responsivityNeeds.includes('other') && !value.responsivityNotes) {
      ctx.addIssue({ code: 'custom', path: ['responsivityNotes'], message: 'Describe the other responsivity need' });
    }
  });
export type TSuitabilityInput = z.output<typeof ZSuitabilityInput>;

/** A checkbox group's answers: none, one (a string) or several (an array). */
function checked(form: Record<string, unknown>, name: string): string[] {
  const value = form[name];
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string');
  }
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** The form's answers in the API's shape; the date's three boxes become one ISO date. */
export function suitabilityFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const choice = (name: string) => formText(form, name) || undefined;
  const assessedOn = dateFromForm(form, 'assessedOn');
  return {
    assessedOn: assessedOn === null ? undefined : assessedOn,
    acknowledgement: choice('acknowledgement'),
    acknowledgementNotes: formText(form, 'acknowledgementNotes'),
    responsibility: choice('responsibility'),
    responsibilityNotes: formText(form, 'responsibilityNotes'),
    motivation: choice('motivation'),
    motivationNotes: formText(form, 'motivationNotes'),
    exclusionFactors: checked(form, 'exclusionFactors'),
    exclusionNotes: formText(form, 'exclusionNotes'),
    responsivityNeeds: checked(form, 'responsivityNeeds'),
    responsivityNotes: formText(form, 'responsivityNotes'),
    outcome: choice('outcome'),
    reasons: formText(form, 'reasons'),
  };
}

/** The answers the suggested outcome is worked out from (the form's "Show the suggested outcome"). */
export const ZSuggestionAnswers = z.object({
  acknowledgement: z.enum(ACKNOWLEDGEMENTS),
  responsibility: z.enum(RESPONSIBILITIES),
  exclusionFactors: z.array(z.enum(EXCLUSION_FACTORS)).default([]),
  responsivityNeeds: z.array(z.enum(RESPONSIVITY_NEEDS)).default([]),
});
