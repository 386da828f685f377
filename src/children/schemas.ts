import { z } from 'zod';
import type { ChildLivesWith, ChildProtectionStatus, ChildRelationshipToParticipant } from '../db/schema.js';
import { ZOptionalPastDate, ZOptionalText, dateFromForm, formText } from '../people/schemas.js';
import { todayInLondon } from '../dates/london.js';

/*
 * The children a referral names (seed 003: "370 men's violence affected children ... at least 728
 * children"). Worded without assuming the participant's gender or the child's.
 */

export const CHILD_RELATIONSHIPS = [
  'parent',
  'step_parent',
  'other',
  'not_known',
] as const satisfies readonly ChildRelationshipToParticipant[];
export const CHILD_RELATIONSHIP_LABELS: Record<ChildRelationshipToParticipant, string> = {
  parent: 'Parent',
  step_parent: 'Step-parent',
  other: 'Other (for example, a partner’s child from another relationship)',
  not_known: 'Not known',
};

export const LIVES_WITH = [
  'participant',
  'other_parent',
  'both_parents',
  'other_family',
  'looked_after',
  'not_known',
] as const satisfies readonly ChildLivesWith[];
export const LIVES_WITH_LABELS: Record<ChildLivesWith, string> = {
  participant: 'The participant',
  other_parent: 'The child’s other parent',
  both_parents: 'Both parents, together',
  other_family: 'Other family or friends (kinship care)',
  looked_after: 'Foster or residential care',
  not_known: 'Not known',
};

export const PROTECTION_STATUSES = [
  'none',
  'child_in_need',
  'child_protection_plan',
  'looked_after',
  'not_known',
] as const satisfies readonly ChildProtectionStatus[];
export const PROTECTION_STATUS_LABELS: Record<ChildProtectionStatus, string> = {
  none: 'None',
  child_in_need: 'Child in need',
  child_protection_plan: 'Child protection plan',
  looked_after: 'Looked after by the local authority',
  not_known: 'Not known',
};

/** The database keeps ages up to 25 (care leavers are supported to 25). */
export const MAX_AGE = 25;
const AGE_FORMAT = 'Enter the age in whole years, like 7';

/** An age in whole years, from a form (text) or the API (a number); blank is none. */
const ZAge = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((value, ctx): number | null => {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      return null;
    }
    const age = typeof value === 'number' ? value : /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(age) || age < 0) {
      ctx.addIssue({ code: 'custom', message: AGE_FORMAT });
      return z.NEVER;
    }
    if (age > MAX_AGE) {
      ctx.addIssue({ code: 'custom', message: `The age must be ${MAX_AGE} or under` });
      return z.NEVER;
    }
    return age;
  });

function yearsAgo(years: number): string {
  const [year = 0, month = 1, day = 1] = todayInLondon().split('-').map(Number);
  return new Date(Date.UTC(year - years, month - 1, day)).toISOString().slice(0, 10);
}

const ZChildDateOfBirth = ZOptionalPastDate('Date of birth').refine(
  (value) => value === null || value >= yearsAgo(MAX_AGE + 1),
  `A child’s date of birth must be within the last ${MAX_AGE} years`,
);

const childFields = z.object({
  givenName: z
    .string({ error: 'Enter the child’s first name as text' })
    .trim()
    .max(100, 'The first name must be 100 characters or fewer')
    .nullish()
    .transform((v) => (v ? v : null)),
  dateOfBirth: ZChildDateOfBirth,
  ageYears: ZAge,
  relationshipToParticipant: z
    .enum(CHILD_RELATIONSHIPS, { error: 'Select the participant’s relationship to the child' })
    .default('not_known'),
  livesWith: z.enum(LIVES_WITH, { error: 'Select who the child lives with' }).default('not_known'),
  protectionStatus: z.enum(PROTECTION_STATUSES, { error: 'Select the child’s child protection status' }).default('not_known'),
});

export const NEED_DATE_OR_AGE = 'Enter the child’s date of birth or, if you do not know it, their age';
export const NOT_BOTH = 'Enter the date of birth or the age, not both';

/** A child as the form and the API send one: a date of birth or an age, not both. */
export const ZChildInput = childFields.superRefine((value, ctx) => {
  if (value.dateOfBirth === null && value.ageYears === null) {
    ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: NEED_DATE_OR_AGE });
  }
  if (value.dateOfBirth !== null && value.ageYears !== null) {
    ctx.addIssue({ code: 'custom', path: ['ageYears'], message: NOT_BOTH });
  }
});
export type TChildInput = z.output<typeof ZChildInput>;

/** A PATCH changes what it sends; the service checks the date of birth and age against what is stored. */
export const ZChildUpdate = childFields
  .partial()
  .extend({
    relationshipToParticipant: z
      .enum(CHILD_RELATIONSHIPS, { error: 'Select the participant’s relationship to the child' })
      .optional(),
    livesWith: z.enum(LIVES_WITH, { error: 'Select who the child lives with' }).optional(),
    protectionStatus: z.enum(PROTECTION_STATUSES, { error: 'Select the child’s child protection status' }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.dateOfBirth && value.ageYears !== undefined && value.ageYears !== null) {
      ctx.addIssue({ code: 'custom', path: ['ageYears'], message: NOT_BOTH });
    }
  });
export type TChildUpdate = z.output<typeof ZChildUpdate>;

export function childFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const choice = (name: string) => formText(form, name) || undefined;
  return {
    givenName: formText(form, 'givenName'),
    dateOfBirth: dateFromForm(form, 'dateOfBirth'),
    ageYears: formText(form, 'ageYears'),
    relationshipToParticipant: choice('relationshipToParticipant'),
    livesWith: choice('livesWith'),
    protectionStatus: choice('protectionStatus'),
  };
}

/**
 * What her worker records of a child, partner-side: whether the child is linked to her, the
 * child's school or nursery, and notes. Never the perpetrator side (seed 001: her address and
 * contact details are never visible there; where a child is every day leads to her).
 */
export const ZChildPartnerDetails = z
  .object({
    linked: z
      .union([z.boolean(), z.enum(['yes', 'no'])], { error: 'Select whether the child is linked to this partner' })
      .transform((v) => v === true || v === 'yes'),
    school: ZOptionalText(200, 'School or nursery'),
    notes: ZOptionalText(2000, 'Notes'),
  })
  .superRefine((value, ctx) => {
    if (!value.linked && (value.school || value.notes)) {
      ctx.addIssue({
        code: 'custom',
        path: ['linked'],
        message: 'To record a school or notes, link the child to this partner',
      });
    }
  });
export type TChildPartnerDetails = z.output<typeof ZChildPartnerDetails>;

export function childPartnerDetailsFromForm(form: Record<string, unknown>): Record<string, unknown> {
  return {
    linked: formText(form, 'linked') || undefined,
    school: formText(form, 'school'),
    notes: formText(form, 'notes'),
  };
}
