import type { z } from 'zod';
import type { ChildLivesWith, ChildProtectionStatus, ChildRelationshipToParticipant } from '../db/schema.js';
import { InvalidInputError } from '../errors.js';
import { dateFromForm } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import type { InterpreterAnswer, PartnerRelationship, PublicRoute, RelationshipContext } from './labels.js';
import {
  agencyDetailsSchema,
  childSlotSchema,
  familyDetailsSchema,
  himSchema,
  interpreterSchema,
  partnerSlotSchema,
  referralSchema,
  relationshipContextSchema,
  safeContactSchema,
  type TAgencyDetails,
  type TFamilyDetails,
  type THim,
  type TReferralStep,
  type TSafeContact,
} from './schemas.js';
import {
  CHILD_SLOT_FIELDS,
  MAX_CHILDREN,
  MAX_PARTNERS,
  PARTNER_SLOT_FIELDS,
  childField,
  fieldsOf,
  maxOtherPartners,
  partnerField,
  stepsFor,
  type StepId,
} from './steps.js';

/*
 * The answers of each page checked against its schema, and at the end the whole referral put
 * together from them. Every error is keyed by the form field's name, so it shows beside the field
 * and the error summary links to it.
 */
export type Answers = Record<string, string>;
export type Slots = { partners: number; children: number };
type Errors = Record<string, string>;
type Result<T> = { value: T; errors: null } | { value: null; errors: Errors };

export type TNamedPartner = { givenName: string; familyName: string; relationship: PartnerRelationship; phone: string | null };
export type TChild = {
  givenName: string | null;
  age: number;
  relationship: ChildRelationshipToParticipant;
  livesWith: ChildLivesWith;
  protection: ChildProtectionStatus;
  /** Partner-side: asked only of a partner referring. */
  school: string | null;
};
export type TReferrer =
  | ({ route: 'agency' } & TAgencyDetails)
  | ({ route: 'partner' } & TSafeContact)
  | ({ route: 'family' } & TFamilyDetails)
  | { route: 'self' };
export type TPublicReferral = {
  referrer: TReferrer;
  him: THim;
  interpreter: TInterpreter;
  relationshipContext: RelationshipContext;
  partners: TNamedPartner[];
  children: TChild[];
  referral: TReferralStep;
};

const blank = (value: string | undefined) => value === undefined || value.trim() === '';
/** The answers a schema reads: a blank answer is "not answered". */
const present = (answers: Record<string, string | undefined>, names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, blank(answers[name]) ? undefined : answers[name]]));

function parseWith<S extends z.ZodType>(schema: S, values: Record<string, unknown>, extra: Errors = {}): Result<z.output<S>> {
  try {
    const value = parseInput(schema, values);
    return Object.keys(extra).length > 0 ? { value: null, errors: extra } : { value, errors: null };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { value: null, errors: { ...extra, ...error.fields } };
    }
    throw error;
  }
}

function him(route: PublicRoute, answers: Answers): Result<THim> {
  const schema = himSchema(route);
  const values = present(answers, Object.keys(schema.shape));
  return parseWith(schema, { ...values, dateOfBirth: dateFromForm(answers, 'dateOfBirth') });
}

export type TInterpreter = { needed: InterpreterAnswer; language: string | null };

function interpreter(route: PublicRoute, answers: Answers): Result<TInterpreter> {
  const missing: Errors = {};
  if (answers.interpreter === 'yes' && blank(answers.interpreterLanguage)) {
    missing.interpreterLanguage = 'Enter the language';
  }
  const parsed = parseWith(interpreterSchema(route), present(answers, ['interpreter', 'interpreterLanguage']), missing);
  if (parsed.errors) {
    return parsed;
  }
  const needed = parsed.value.interpreter;
  return { value: { needed, language: needed === 'yes' ? parsed.value.interpreterLanguage : null }, errors: null };
}

/** Each numbered box of a list (partners, children): its answers without the number, and its field names. */
function slotsOf<F extends string>(answers: Answers, count: number, fields: readonly F[], name: (n: number, f: F) => string) {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const values = Object.fromEntries(fields.map((f) => [f, answers[name(n, f)]])) as Record<F, string | undefined>;
    return { n, values, filled: fields.some((f) => !blank(values[f])) };
  });
}
const prefixed = (errors: Errors, name: (field: string) => string) =>
  Object.fromEntries(Object.entries(errors).map(([field, message]) => [name(field), message]));

function partners(
  route: PublicRoute,
  answers: Answers,
  slots: Slots,
): Result<{ context: RelationshipContext; named: TNamedPartner[] }> {
  const errors: Errors = {};
  const context = parseWith(relationshipContextSchema, present(answers, ['relationshipContext']));
  Object.assign(errors, context.errors);
  const named: TNamedPartner[] = [];
  const filled = slotsOf(answers, slots.partners, PARTNER_SLOT_FIELDS, partnerField).filter((slot) => slot.filled);
  if (filled.length > maxOtherPartners(route)) {
    errors.partners =
      route === 'partner'
        ? `You can name up to ${maxOtherPartners(route)} other partners or ex-partners (${MAX_PARTNERS} with you) in one referral. Remove one, and tell us about the others in what is happening`
        : `You can name up to ${MAX_PARTNERS} partners or ex-partners in one referral. Remove one, and tell us about the others in what is happening`;
  }
  for (const { n, values } of filled) {
    const missing: Errors = {};
    const need = (field: keyof typeof values, message: string) => {
      if (blank(values[field])) {
        missing[field] = message;
      }
    };
    need('givenName', 'Enter their first name, or remove this partner');
    need('familyName', 'Enter their last name, or remove this partner');
    need('relationship', 'Select partner or ex-partner');
    const slot = parseWith(partnerSlotSchema, present(values, PARTNER_SLOT_FIELDS), missing);
    if (slot.errors) {
      Object.assign(
        errors,
        prefixed(slot.errors, (f) => partnerField(n, f as (typeof PARTNER_SLOT_FIELDS)[number])),
      );
    } else if (slot.value.givenName && slot.value.familyName && slot.value.relationship) {
      named.push({
        ...slot.value,
        givenName: slot.value.givenName,
        familyName: slot.value.familyName,
        relationship: slot.value.relationship,
      });
    }
  }
  if (Object.keys(errors).length > 0 || !context.value) {
    return { value: null, errors };
  }
  return { value: { context: context.value.relationshipContext, named }, errors: null };
}

function children(route: PublicRoute, answers: Answers, slots: Slots): Result<TChild[]> {
  const errors: Errors = {};
  const fields = CHILD_SLOT_FIELDS.filter((f) => f !== 'school' || route === 'partner');
  const filled = slotsOf(answers, slots.children, fields, childField).filter((slot) => slot.filled);
  if (filled.length > MAX_CHILDREN) {
    errors.children = `You can name up to ${MAX_CHILDREN} children in one referral. Remove one, and tell us about the others in what is happening`;
  }
  const named: TChild[] = [];
  for (const { n, values } of filled) {
    const missing: Errors = blank(values.age) ? { age: 'Enter the child’s age, or your best guess' } : {};
    const slot = parseWith(childSlotSchema, present(values, fields), missing);
    if (slot.errors) {
      Object.assign(
        errors,
        prefixed(slot.errors, (f) => childField(n, f as (typeof CHILD_SLOT_FIELDS)[number])),
      );
    } else if (slot.value.age !== null) {
      named.push({
        givenName: slot.value.givenName,
        age: slot.value.age,
        relationship: slot.value.relationship ?? 'not_known',
        livesWith: slot.value.livesWith ?? 'not_known',
        protection: slot.value.protection ?? 'not_known',
        school: route === 'partner' ? slot.value.school : null,
      });
    }
  }
  return Object.keys(errors).length > 0 ? { value: null, errors } : { value: named, errors: null };
}

function referral(route: PublicRoute, answers: Answers): Result<TReferralStep> {
  const schema = referralSchema(route);
  return parseWith(schema, present(answers, Object.keys(schema.shape)));
}

function referrer(route: PublicRoute, answers: Answers): Result<TReferrer> {
  if (route === 'agency') {
    const parsed = parseWith(agencyDetailsSchema, present(answers, Object.keys(agencyDetailsSchema.shape)));
    return parsed.errors ? parsed : { value: { route, ...parsed.value }, errors: null };
  }
  if (route === 'partner') {
    const parsed = parseWith(safeContactSchema, present(answers, Object.keys(safeContactSchema.shape)));
    return parsed.errors ? parsed : { value: { route, ...parsed.value }, errors: null };
  }
  if (route === 'family') {
    const parsed = parseWith(familyDetailsSchema, present(answers, Object.keys(familyDetailsSchema.shape)));
    return parsed.errors ? parsed : { value: { route, ...parsed.value }, errors: null };
  }
  return { value: { route }, errors: null };
}

/** The errors of one page's answers, or none. */
export function stepErrors(route: PublicRoute, step: StepId, answers: Answers, slots: Slots): Errors | null {
  const checks: Record<StepId, () => Result<unknown>> = {
    him: () => him(route, answers),
    interpreter: () => interpreter(route, answers),
    partners: () => partners(route, answers, slots),
    children: () => children(route, answers, slots),
    referral: () => referral(route, answers),
    you: () => referrer(route, answers),
  };
  return checks[step]().errors;
}

/** The posted answers of a page: each field it shows, kept only if it is one piece of text. */
export function postedStep(route: PublicRoute, step: StepId, slots: Slots, read: (name: string) => string | undefined): Answers {
  const answers: Answers = {};
  for (const name of fieldsOf(step, route, slots)) {
    const value = read(name);
    if (value !== undefined && value !== '') {
      answers[name] = value;
    }
  }
  return answers;
}

/**
 * The whole referral from the answers kept, or the first page that is not complete (with its
 * errors), checked again at the end whatever the pages said before.
 */
export function assemble(
  route: PublicRoute,
  answers: Answers,
  slots: Slots,
  done: readonly StepId[],
): { referral: TPublicReferral; incomplete: null } | { referral: null; incomplete: { step: StepId; errors: Errors } } {
  const h = him(route, answers);
  const i = interpreter(route, answers);
  const p = partners(route, answers, slots);
  const c = children(route, answers, slots);
  const r = referral(route, answers);
  const who = referrer(route, answers);
  const byStep: Record<StepId, Errors | null> = {
    him: h.errors,
    interpreter: i.errors,
    partners: p.errors,
    children: c.errors,
    referral: r.errors,
    you: who.errors,
  };
  for (const step of stepsFor(route)) {
    if (!done.includes(step) || byStep[step]) {
      return { referral: null, incomplete: { step, errors: done.includes(step) ? (byStep[step] ?? {}) : {} } };
    }
  }
  if (h.errors || i.errors || p.errors || c.errors || r.errors || who.errors) {
    // Not reached: every step of the route was checked above (and "you" always passes for self).
    return { referral: null, incomplete: { step: 'him', errors: {} } };
  }
  return {
    referral: {
      referrer: who.value,
      him: h.value,
      interpreter: i.value,
      relationshipContext: p.value.context,
      partners: p.value.named,
      children: c.value,
      referral: r.value,
    },
    incomplete: null,
  };
}
