import { z } from 'zod';
import { ZEmail, ZOptionalPastDate, ZOptionalText, ZPhone, ZPostcode } from '../people/schemas.js';
import { AGENCY_TYPES } from '../referrals/schemas.js';
import {
  CHILD_LIVES_WITH,
  CHILD_PROTECTION_STATUSES,
  CHILD_RELATIONSHIPS,
  FAMILY_RELATIONSHIPS,
  INTERPRETER_ANSWERS,
  PARTNER_RELATIONSHIPS,
  PUBLIC_GENDERS,
  RELATIONSHIP_CONTEXTS,
  ROUTES,
  type PublicRoute,
} from './labels.js';

/*
 * One schema per question page. Lengths match the database's checks (migrations 0003 and 0006)
 * or the staff referral form's, so nothing that passes here fails when stored. Messages speak to
 * the person filling in the form: "your" when they refer themselves, "their" otherwise.
 */

const capitalised = (text: string) => `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
const required = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${capitalised(what)} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .enum(values, { error: message })
    .nullish()
    .transform((v) => v ?? null);
const requiredPhone = (label: string, missing: string) => ZPhone(label).refine((v) => v !== null, missing);
const YES_NO = ['yes', 'no'] as const;
const their = (route: PublicRoute) => (route === 'self' ? 'your' : 'their');

export const ZRoute = z.object({ route: z.enum(ROUTES, { error: 'Select who you are' }) });

export const himSchema = (route: PublicRoute) =>
  z.object({
    givenName: required(100, `${their(route)} first name`),
    familyName: required(100, `${their(route)} last name`),
    dateOfBirth: ZOptionalPastDate(capitalised(`${their(route)} date of birth`)),
    gender: optionalChoice(PUBLIC_GENDERS, 'Select a gender from the list'),
    phone:
      route === 'self'
        ? requiredPhone('Your phone number', 'Enter a phone number we can call you on')
        : ZPhone('Their phone number'),
    email: ZEmail,
    postcode: ZPostcode,
    area: ZOptionalText(100, 'The area'),
  });
export type THim = z.output<ReturnType<typeof himSchema>>;

export const interpreterSchema = (route: PublicRoute) =>
  z.object({
    interpreter: z.enum(INTERPRETER_ANSWERS, {
      error: route === 'self' ? 'Select whether you need an interpreter' : 'Select whether they need an interpreter',
    }),
    interpreterLanguage: ZOptionalText(100, 'The language'),
  });

export const relationshipContextSchema = z.object({
  relationshipContext: z.enum(RELATIONSHIP_CONTEXTS, { error: 'Select what kind of relationship it is' }),
});

export const partnerSlotSchema = z.object({
  givenName: ZOptionalText(100, 'Their first name'),
  familyName: ZOptionalText(100, 'Their last name'),
  relationship: optionalChoice(PARTNER_RELATIONSHIPS, 'Select partner or ex-partner'),
  phone: ZPhone('Their phone number'),
});

const ZChildAge = z
  .string()
  .trim()
  .regex(/^\d{1,3}$/, 'Enter the child’s age in years as a number, like 7 (0 for a baby under 1)')
  .transform(Number)
  .refine((age) => age <= 25, 'Enter an age from 0 to 25')
  .nullish()
  .transform((v) => v ?? null);

export const childSlotSchema = z.object({
  givenName: ZOptionalText(100, 'The child’s first name'),
  age: ZChildAge,
  relationship: optionalChoice(CHILD_RELATIONSHIPS, 'Select from the list'),
  livesWith: optionalChoice(CHILD_LIVES_WITH, 'Select who the child lives with'),
  protection: optionalChoice(CHILD_PROTECTION_STATUSES, 'Select from the list'),
  school: ZOptionalText(200, 'The school or nursery'),
});
export type TChildSlot = z.output<typeof childSlotSchema>;

export const referralSchema = (route: PublicRoute) =>
  z.object({
    reason: required(5000, 'what is happening'),
    mandated:
      route === 'agency'
        ? z.enum(YES_NO, { error: 'Select whether they are mandated to attend' })
        : optionalChoice(YES_NO, 'Select yes or no'),
    courtContext: ZOptionalText(2000, 'Court context'),
    childProtectionContext: ZOptionalText(2000, 'Child protection context'),
  });
export type TReferralStep = z.output<ReturnType<typeof referralSchema>>;

export const agencyDetailsSchema = z.object({
  agencyType: z.enum(AGENCY_TYPES, { error: 'Select the kind of agency' }),
  referrerName: required(200, 'your name'),
  referrerOrganisation: required(200, 'your organisation'),
  referrerPhone: requiredPhone('Your phone number', 'Enter your phone number'),
  referrerEmail: ZEmail,
});
export type TAgencyDetails = z.output<typeof agencyDetailsSchema>;

/** A partner referring: who she is and how she can be reached safely. */
export const safeContactSchema = z.object({
  yourGivenName: required(100, 'your first name'),
  yourFamilyName: required(100, 'your last name'),
  yourRelationship: z.enum(PARTNER_RELATIONSHIPS, { error: 'Select whether they are your partner or ex-partner' }),
  safePhone: requiredPhone('A safe phone number', 'Enter a phone number that is safe to call'),
  safeTimes: ZOptionalText(500, 'Safe times to call'),
  messageMayBeLeft: z.enum(YES_NO, { error: 'Select whether we may leave a message' }),
  codeWord: ZOptionalText(100, 'The code word'),
});
export type TSafeContact = z.output<typeof safeContactSchema>;

export const familyDetailsSchema = z.object({
  referrerName: required(200, 'your name'),
  referrerPhone: requiredPhone('Your phone number', 'Enter your phone number'),
  familyRelationship: z.enum(FAMILY_RELATIONSHIPS, { error: 'Select family member or friend' }),
});
export type TFamilyDetails = z.output<typeof familyDetailsSchema>;

export const ZSlug = z
  .string({ error: 'Enter the address' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{3,60}$/, 'Use 3 to 60 lower-case letters, numbers and hyphens, like northbridge');
export const ZSlugInput = z.object({ slug: ZSlug });
