import { z } from 'zod';
import { CONTACT_FIELDS, participantContactFields } from '../participants/schemas.js';
import {
  GENDERS,
  ZEmail,
  ZName,
  ZOptionalPastDate,
  ZOptionalText,
  ZPhone,
  dateFromForm,
  formText,
  ZYesNo,
} from '../people/schemas.js';

export const CHANNELS = ['phone', 'email', 'letter', 'in_person', 'online_form'] as const;
export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  phone: 'Phone call',
  email: 'Email',
  letter: 'Letter or form',
  in_person: 'In person',
  online_form: 'Online referral form',
};

export const SOURCES = ['agency', 'self', 'community'] as const;
export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = {
  agency: 'An agency',
  self: 'Self-referral (the participant)',
  community: 'A partner, a family member or a friend',
};

export const AGENCY_TYPES = [
  'childrens_services',
  'probation',
  'court',
  'cafcass',
  'police',
  'health',
  'substance_misuse',
  'couples_counselling',
  'housing',
  'other_agency',
] as const;
export const AGENCY_LABELS: Record<(typeof AGENCY_TYPES)[number], string> = {
  childrens_services: 'Children’s services',
  probation: 'Probation',
  court: 'Family or criminal court',
  cafcass: 'Cafcass',
  police: 'Police',
  health: 'Health (GP, health visitor, hospital)',
  substance_misuse: 'Substance misuse service',
  couples_counselling: 'Couples counselling',
  housing: 'Housing',
  other_agency: 'Another agency',
};

/**
 * What his side's record says of a referral from his partner, her family or a friend: their own
 * account of what is happening is theirs, kept partner-side (seed 001: nothing of her engagement,
 * and nothing she told the service, reaches him).
 */
export const COMMUNITY_REASON_ON_HIS_RECORD =
  'Community referral. The referrer’s account is held by the partner support service; ask the partner support worker what can be shared for safety.';

export const COMMUNITY_RELATIONSHIPS = ['partner', 'ex_partner', 'family', 'friend', 'other'] as const;
export const COMMUNITY_LABELS: Record<(typeof COMMUNITY_RELATIONSHIPS)[number], string> = {
  partner: 'The participant’s partner',
  ex_partner: 'The participant’s ex-partner',
  family: 'A family member',
  friend: 'A friend',
  other: 'Someone else',
};

export const RELATIONSHIP_CONTEXTS = ['heterosexual', 'same_sex', 'womens_use_of_violence', 'other', 'not_known'] as const;
export const RELATIONSHIP_CONTEXT_LABELS: Record<(typeof RELATIONSHIP_CONTEXTS)[number], string> = {
  heterosexual: 'Heterosexual relationship',
  same_sex: 'Same-sex relationship',
  womens_use_of_violence: 'Woman’s use of violence',
  other: 'Other',
  not_known: 'Not known',
};

/** A referral as staff enter it (phone, email, letter) and as the API receives it. */
export const ZReferralInput = z
  .object({
    givenName: ZName('first name'),
    familyName: ZName('last name'),
    dateOfBirth: ZOptionalPastDate('Date of birth'),
    gender: z
      .enum(GENDERS, { error: 'Select the gender' })
      .nullish()
      .transform((v) => v ?? null),
    channel: z.enum(CHANNELS, { error: 'Select how the referral came in' }),
    source: z.enum(SOURCES, { error: 'Select who made the referral' }),
    agencyType: z
      .enum(AGENCY_TYPES, { error: 'Select the kind of agency' })
      .nullish()
      .transform((v) => v ?? null),
    referrerName: ZOptionalText(200, 'Referrer’s name'),
    referrerOrganisation: ZOptionalText(200, 'Referrer’s organisation'),
    referrerPhone: ZPhone('Referrer’s phone number'),
    referrerEmail: ZEmail,
    communityRelationship: z
      .enum(COMMUNITY_RELATIONSHIPS, { error: 'Select who made the referral' })
      .nullish()
      .transform((v) => v ?? null),
    communityName: ZOptionalText(200, 'Their name'),
    communityPhone: ZPhone('Their phone number'),
    communitySafeToContact: ZOptionalText(500, 'When it is safe to contact them'),
    reason: z
      .string({ error: 'Enter the reason for the referral' })
      .trim()
      .min(1, 'Enter the reason for the referral')
      .max(5000, 'The reason must be 5,000 characters or fewer'),
    mandated: ZYesNo,
    courtContext: ZOptionalText(2000, 'Court context'),
    childProtectionContext: ZOptionalText(2000, 'Child protection context'),
    area: ZOptionalText(100, 'Area'),
    // How to reach him: copied to his participant record, never shown on the referral.
    ...participantContactFields(),
    interpreterLanguage: ZOptionalText(100, 'Interpreter language'),
    relationshipContext: z
      .enum(RELATIONSHIP_CONTEXTS, { error: 'Select the relationship context' })
      .nullish()
      .transform((v) => v ?? null),
  })
  .superRefine((value, ctx) => {
    if (value.source === 'agency' && !value.agencyType) {
      ctx.addIssue({ code: 'custom', path: ['agencyType'], message: 'Select the kind of agency' });
    }
    if (value.source === 'community' && !value.communityRelationship) {
      ctx.addIssue({ code: 'custom', path: ['communityRelationship'], message: 'Select who made the referral' });
    }
  });
export type TReferralInput = z.output<typeof ZReferralInput>;

const FORM_FIELDS = [
  'givenName',
  'familyName',
  'gender',
  'channel',
  'source',
  'agencyType',
  'referrerName',
  'referrerOrganisation',
  'referrerPhone',
  'referrerEmail',
  'communityRelationship',
  'communityName',
  'communityPhone',
  'communitySafeToContact',
  'reason',
  'mandated',
  'courtContext',
  'childProtectionContext',
  'area',
  'interpreterLanguage',
  ...CONTACT_FIELDS,
  'relationshipContext',
] as const;

const CHOICE_FIELDS = new Set(['gender', 'channel', 'source', 'agencyType', 'communityRelationship', 'relationshipContext']);

export function referralFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { dateOfBirth: dateFromForm(form, 'dateOfBirth') };
  for (const field of FORM_FIELDS) {
    const value = formText(form, field);
    values[field] = value === '' && CHOICE_FIELDS.has(field) ? undefined : value;
  }
  return values;
}

export const ZTransitionInput = z.object({
  to: z.enum(['triage', 'accepted', 'signposted', 'declined', 'withdrawn'], { error: 'Select the outcome' }),
  reasonCode: z.string({ error: 'Select a reason' }).trim().min(1, 'Select a reason').max(100, 'Select a reason from the list'),
  note: ZOptionalText(5000, 'The note'),
});
export type TTransitionInput = z.output<typeof ZTransitionInput>;
