import { z } from 'zod';
import {
  GENDERS,
  ZEmail,
  ZName,
  ZOptionalPastDate,
  ZOptionalText,
  ZOptionalUuid,
  ZPhone,
  ZPostcode,
  dateFromForm,
  formText,
  ZYesNo,
} from '../people/schemas.js';
import { ZInterpreterLanguage, ZKnownAs } from '../participants/schemas.js';

export const RELATIONSHIPS = ['current', 'ex', 'new'] as const;
export const RELATIONSHIP_LABELS: Record<(typeof RELATIONSHIPS)[number], string> = {
  current: 'Current partner',
  ex: 'Ex-partner',
  new: 'New partner',
};

export const PARTNER_CASE_STATUSES = ['open', 'contacting', 'engaged', 'not_engaged', 'closed'] as const;
export const PARTNER_CASE_STATUS_LABELS: Record<(typeof PARTNER_CASE_STATUSES)[number], string> = {
  open: 'Open: not yet contacted',
  contacting: 'Trying to make contact',
  engaged: 'Engaged with the service',
  not_engaged: 'Not engaged',
  closed: 'Closed',
};

export const RELATIONSHIP_ENDED_BEFORE_STARTED =
  'The date the relationship ended must be the same as or after the date it started';

/** The partner, her contact details and safe-contact preferences, and her case. */
const partnerCaseFields = z.object({
  givenName: ZName('first name'),
  familyName: ZName('last name'),
  knownAs: ZKnownAs,
  dateOfBirth: ZOptionalPastDate('Date of birth'),
  gender: z
    .enum(GENDERS, { error: 'Select the gender' })
    .nullish()
    .transform((v) => v ?? null),
  relationship: z.enum(RELATIONSHIPS, { error: 'Select the relationship to the participant' }),
  relationshipStartedOn: ZOptionalPastDate('The date the relationship started'),
  relationshipEndedOn: ZOptionalPastDate('The date the relationship ended'),
  phone: ZPhone('Phone number'),
  email: ZEmail,
  addressLine1: ZOptionalText(200, 'Address line 1'),
  addressLine2: ZOptionalText(200, 'Address line 2'),
  town: ZOptionalText(100, 'Town or city'),
  postcode: ZPostcode,
  safePhone: ZPhone('Safe phone number'),
  safeTimes: ZOptionalText(500, 'Safe times to contact'),
  messageMayBeLeft: ZYesNo,
  codeWord: ZOptionalText(100, 'Code word'),
  interpreterLanguage: ZInterpreterLanguage,
  status: z.enum(PARTNER_CASE_STATUSES, { error: 'Select the case status' }).default('open'),
  allocatedWorkerId: ZOptionalUuid('Select a worker from the list'),
});

/** A relationship cannot end before it started (a PATCH sending one date is checked against the other by the service). */
function relationshipDatesInOrder(
  value: { relationshipStartedOn?: string | null; relationshipEndedOn?: string | null },
  ctx: z.RefinementCtx,
): void {
  const { relationshipStartedOn: started, relationshipEndedOn: ended } = value;
  if (started && ended && ended < started) {
    ctx.addIssue({ code: 'custom', path: ['relationshipEndedOn'], message: RELATIONSHIP_ENDED_BEFORE_STARTED });
  }
}

export const ZPartnerCaseInput = partnerCaseFields.superRefine(relationshipDatesInOrder);
export type TPartnerCaseInput = z.output<typeof ZPartnerCaseInput>;

/** A PATCH changes only what it sends: no default status, or any change would reopen the partner case as "not yet contacted". */
export const ZPartnerCaseUpdate = partnerCaseFields
  .partial()
  .extend({
    status: z.enum(PARTNER_CASE_STATUSES, { error: 'Select the case status' }).optional(),
  })
  .superRefine(relationshipDatesInOrder);
export type TPartnerCaseUpdate = z.output<typeof ZPartnerCaseUpdate>;

const FORM_TEXT_FIELDS = [
  'givenName',
  'familyName',
  'knownAs',
  'gender',
  'relationship',
  'phone',
  'email',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'safePhone',
  'safeTimes',
  'messageMayBeLeft',
  'codeWord',
  'interpreterLanguage',
  'status',
  'allocatedWorkerId',
] as const;

export function partnerCaseFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {
    dateOfBirth: dateFromForm(form, 'dateOfBirth'),
    relationshipStartedOn: dateFromForm(form, 'relationshipStartedOn'),
    relationshipEndedOn: dateFromForm(form, 'relationshipEndedOn'),
  };
  for (const field of FORM_TEXT_FIELDS) {
    const value = formText(form, field);
    values[field] = value === '' && ['gender', 'relationship', 'status'].includes(field) ? undefined : value;
  }
  return values;
}
