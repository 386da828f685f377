import { z } from 'zod';
import { AGENCY_TYPES } from '../referrals/schemas.js';
import { ZEmail, ZOptionalPastDate, ZOptionalText, ZPhone, dateFromForm, formText } from '../people/schemas.js';

/** Who is making a referral through the public form. */
export const ROUTES = ['agency', 'self', 'partner', 'family'] as const;
export type PublicRoute = (typeof ROUTES)[number];
export const ROUTE_LABELS: Record<PublicRoute, string> = {
  agency: 'An agency or professional',
  self: 'I want help with my own behaviour',
  partner: 'I am his partner or ex-partner',
  family: 'I am a family member or friend',
};

export const PARTNER_RELATIONSHIPS = ['current', 'ex'] as const;
export const PARTNER_RELATIONSHIP_LABELS: Record<(typeof PARTNER_RELATIONSHIPS)[number], string> = {
  current: 'Partner',
  ex: 'Ex-partner',
};
export const FAMILY_RELATIONSHIPS = ['family', 'friend'] as const;
export const FAMILY_RELATIONSHIP_LABELS: Record<(typeof FAMILY_RELATIONSHIPS)[number], string> = {
  family: 'Family member',
  friend: 'Friend',
};

/** The honeypot: a field people never see; a filled one means a robot posted the form. */
export const HONEYPOT_FIELD = 'website';

export const ZRoute = z.object({ route: z.enum(ROUTES, { error: 'Select who is making this referral' }) });

const required = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .enum(values, { error: message })
    .nullish()
    .transform((v) => v ?? null);

const partnerSlot = (n: 1 | 2) => ({
  [`partner${n}GivenName`]: ZOptionalText(100, 'Her first name'),
  [`partner${n}FamilyName`]: ZOptionalText(100, 'Her last name'),
  [`partner${n}Relationship`]: optionalChoice(PARTNER_RELATIONSHIPS, 'Select partner or ex-partner'),
  [`partner${n}Phone`]: ZPhone('Her phone number'),
});

/** Every answer the public form can carry; which are required depends on the route. */
const ZAnswers = z.object({
  route: z.enum(ROUTES, { error: 'Select who is making this referral' }),
  givenName: required(100, 'his first name'),
  familyName: required(100, 'his last name'),
  dateOfBirth: ZOptionalPastDate('His date of birth'),
  area: ZOptionalText(100, 'Area'),
  reason: required(5000, 'what is happening and why you are referring'),
  agencyType: optionalChoice(AGENCY_TYPES, 'Select the kind of agency'),
  referrerName: ZOptionalText(200, 'Your name'),
  referrerOrganisation: ZOptionalText(200, 'Your organisation'),
  referrerPhone: ZPhone('Your phone number'),
  referrerEmail: ZEmail,
  mandated: optionalChoice(['yes', 'no'] as const, 'Select yes or no'),
  courtContext: ZOptionalText(2000, 'Court context'),
  childProtectionContext: ZOptionalText(2000, 'Child protection context'),
  herGivenName: ZOptionalText(100, 'Your first name'),
  herFamilyName: ZOptionalText(100, 'Your last name'),
  herRelationship: optionalChoice(PARTNER_RELATIONSHIPS, 'Select whether he is your partner or ex-partner'),
  safePhone: ZPhone('A safe phone number'),
  safeTimes: ZOptionalText(500, 'Safe times to call'),
  messageMayBeLeft: optionalChoice(['yes', 'no'] as const, 'Select whether we may leave a message'),
  codeWord: ZOptionalText(100, 'The code word'),
  familyRelationship: optionalChoice(FAMILY_RELATIONSHIPS, 'Select family member or friend'),
  ...partnerSlot(1),
  ...partnerSlot(2),
});

type Answers = z.output<typeof ZAnswers>;
type Ctx = z.RefinementCtx;
const need = (ctx: Ctx, ok: unknown, path: string, message: string) => {
  if (!ok) {
    ctx.addIssue({ code: 'custom', path: [path], message });
  }
};

function checkPartnerSlot(value: Record<string, unknown>, n: 1 | 2, ctx: Ctx): void {
  const fields = ['GivenName', 'FamilyName', 'Relationship', 'Phone'].map((f) => value[`partner${n}${f}`]);
  if (fields.every((f) => f === null)) {
    return;
  }
  need(ctx, value[`partner${n}GivenName`], `partner${n}GivenName`, 'Enter her first name, or leave her details empty');
  need(ctx, value[`partner${n}FamilyName`], `partner${n}FamilyName`, 'Enter her last name, or leave her details empty');
  need(ctx, value[`partner${n}Relationship`], `partner${n}Relationship`, 'Select partner or ex-partner');
}

/**
 * What each route must have, checked against the posted answers as well, so that every missing
 * answer is shown at once (zod runs an object's refinements only once its fields all parse).
 */
export function missingAnswers(values: Record<string, unknown>): Record<string, string> {
  const missing: Record<string, string> = {};
  const ctx = {
    addIssue: (issue: { path?: PropertyKey[]; message?: string }) => {
      const key = String(issue.path?.[0] ?? '_');
      missing[key] ??= issue.message ?? 'Answer this question';
    },
  } as unknown as Ctx;
  const blank = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
  const answers = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, blank(v)]));
  routeRules(answers as unknown as Answers, ctx);
  return missing;
}

export const ZPublicReferral = ZAnswers.superRefine((value: Answers, ctx) => routeRules(value, ctx));

function routeRules(value: Answers, ctx: Ctx): void {
  const record = value as unknown as Record<string, unknown>;
  if (value.route === 'agency') {
    need(ctx, value.agencyType, 'agencyType', 'Select the kind of agency');
    need(ctx, value.referrerName, 'referrerName', 'Enter your name');
    need(ctx, value.referrerOrganisation, 'referrerOrganisation', 'Enter your organisation');
    need(ctx, value.referrerPhone, 'referrerPhone', 'Enter your phone number');
    need(ctx, value.mandated, 'mandated', 'Select whether he is mandated to attend');
    checkPartnerSlot(record, 1, ctx);
    checkPartnerSlot(record, 2, ctx);
  }
  if (value.route === 'self') {
    need(ctx, value.referrerPhone, 'referrerPhone', 'Enter a phone number we can call you on');
  }
  if (value.route === 'partner') {
    need(ctx, value.herGivenName, 'herGivenName', 'Enter your first name');
    need(ctx, value.herFamilyName, 'herFamilyName', 'Enter your last name');
    need(ctx, value.safePhone, 'safePhone', 'Enter a phone number that is safe to call');
    need(ctx, value.messageMayBeLeft, 'messageMayBeLeft', 'Select whether we may leave a message');
    need(ctx, value.herRelationship, 'herRelationship', 'Select whether he is your partner or ex-partner');
  }
  if (value.route === 'family') {
    need(ctx, value.referrerName, 'referrerName', 'Enter your name');
    need(ctx, value.referrerPhone, 'referrerPhone', 'Enter your phone number');
    need(ctx, value.familyRelationship, 'familyRelationship', 'Select family member or friend');
    checkPartnerSlot(record, 1, ctx);
  }
}
export type TPublicReferral = z.output<typeof ZPublicReferral>;

/** The form fields each route asks, in order (the date of birth travels as its three parts). */
const HIS_FIELDS = ['givenName', 'familyName', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', 'area'];
const SLOT = (n: number) => [`partner${n}GivenName`, `partner${n}FamilyName`, `partner${n}Relationship`, `partner${n}Phone`];
export const ROUTE_FIELDS: Record<PublicRoute, string[]> = {
  agency: [
    ...HIS_FIELDS,
    'agencyType',
    'referrerName',
    'referrerOrganisation',
    'referrerPhone',
    'referrerEmail',
    'reason',
    'mandated',
    'courtContext',
    'childProtectionContext',
    ...SLOT(1),
    ...SLOT(2),
  ],
  self: [...HIS_FIELDS, 'referrerPhone', 'referrerEmail', 'reason'],
  partner: [
    'herGivenName',
    'herFamilyName',
    'herRelationship',
    'safePhone',
    'safeTimes',
    'messageMayBeLeft',
    'codeWord',
    ...HIS_FIELDS,
    'reason',
  ],
  family: [...HIS_FIELDS, 'referrerName', 'referrerPhone', 'familyRelationship', 'reason', ...SLOT(1)],
};

/** A posted field is kept as text only if it is a single string: anything else is dropped. */
export function postedAnswers(form: Record<string, unknown>, route: PublicRoute): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const field of ROUTE_FIELDS[route]) {
    const value = formText(form, field);
    if (value !== undefined && value !== '') {
      answers[field] = value;
    }
  }
  return answers;
}

/** The answers in the shape the schema reads: empty choices are "not answered", the date is one field. */
export function answersForSchema(route: PublicRoute, answers: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = { route };
  for (const field of ROUTE_FIELDS[route]) {
    if (!field.startsWith('dateOfBirth-')) {
      values[field] = answers[field];
    }
  }
  values.dateOfBirth = dateFromForm(answers, 'dateOfBirth');
  return values;
}

export const ZSlug = z
  .string({ error: 'Enter the address' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{3,60}$/, 'Use 3 to 60 lower-case letters, numbers and hyphens, like northbridge');
export const ZSlugInput = z.object({ slug: ZSlug });
