import { CHILD_RELATIONSHIPS as STAFF_CHILD_RELATIONSHIPS, LIVES_WITH, PROTECTION_STATUSES } from '../children/schemas.js';
import type { ChildLivesWith, ChildProtectionStatus, ChildRelationshipToParticipant, Gender } from '../db/schema.js';

/*
 * The public form's choices in the words of the person filling it in. The person referred is
 * usually, but not always, a man, so the form says "they" until told otherwise (product.md, "Not
 * only men, not only women"). The children's labels are kept here rather than shared with the
 * staff pages, whose wording is for workers.
 */

/** Who is making a referral through the public form. */
export const ROUTES = ['agency', 'self', 'partner', 'family'] as const;
export type PublicRoute = (typeof ROUTES)[number];
export const ROUTE_LABELS: Record<PublicRoute, string> = {
  agency: 'A professional or agency worker',
  self: 'Someone who wants help with their own behaviour',
  partner: 'The partner or ex-partner of the person I am referring',
  family: 'A family member or friend of the person I am referring',
};

export const PARTNER_RELATIONSHIPS = ['current', 'ex'] as const;
export type PartnerRelationship = (typeof PARTNER_RELATIONSHIPS)[number];
export const PARTNER_RELATIONSHIP_LABELS: Record<PartnerRelationship, string> = { current: 'Partner', ex: 'Ex-partner' };
/** A partner referring says what the person referred is to her. */
export const YOUR_RELATIONSHIP_LABELS: Record<PartnerRelationship, string> = {
  current: 'They are my partner',
  ex: 'They are my ex-partner',
};

export const FAMILY_RELATIONSHIPS = ['family', 'friend'] as const;
export type FamilyRelationship = (typeof FAMILY_RELATIONSHIPS)[number];
export const FAMILY_RELATIONSHIP_LABELS: Record<FamilyRelationship, string> = { family: 'Family member', friend: 'Friend' };

export const PUBLIC_GENDERS = ['man', 'woman', 'non_binary', 'other', 'not_known'] as const satisfies readonly Gender[];
export const GENDER_LABELS: Record<Gender, string> = {
  man: 'Man',
  woman: 'Woman',
  non_binary: 'Non-binary',
  other: 'Another gender',
  not_known: 'I do not know or prefer not to say',
};

export const INTERPRETER_ANSWERS = ['yes', 'no', 'not_known'] as const;
export type InterpreterAnswer = (typeof INTERPRETER_ANSWERS)[number];
export const INTERPRETER_LABELS: Record<InterpreterAnswer, string> = { yes: 'Yes', no: 'No', not_known: 'I do not know' };

/** The relationship context (referrals.relationship_context), as a referrer would say it. */
export const RELATIONSHIP_CONTEXTS = ['heterosexual', 'same_sex', 'womens_use_of_violence', 'other', 'not_known'] as const;
export type RelationshipContext = (typeof RELATIONSHIP_CONTEXTS)[number];
export const RELATIONSHIP_CONTEXT_LABELS: Record<RelationshipContext, string> = {
  heterosexual: 'A man and a woman, where the man is the one causing harm',
  same_sex: 'Two men or two women (a same-sex relationship)',
  womens_use_of_violence: 'A man and a woman, where the woman is the one causing harm',
  other: 'Something else',
  not_known: 'I do not know or prefer not to say',
};

/** The same values as staff record (src/children); the public form words them for the referrer. */
export const CHILD_RELATIONSHIPS = STAFF_CHILD_RELATIONSHIPS;
export const CHILD_RELATIONSHIP_LABELS: Record<ChildRelationshipToParticipant, string> = {
  parent: 'Parent',
  step_parent: 'Step-parent',
  other: 'Neither',
  not_known: 'I do not know',
};

export const CHILD_LIVES_WITH = LIVES_WITH;
/** Who a child lives with, from where the person filling in the form stands. */
export function livesWithLabels(route: PublicRoute): Record<ChildLivesWith, string> {
  const common = {
    other_family: 'With other family members',
    looked_after: 'In care (looked after by the council)',
    not_known: 'I do not know',
  };
  if (route === 'partner') {
    return {
      participant: 'With the person I am referring',
      other_parent: 'With me',
      both_parents: 'With both of us',
      ...common,
    };
  }
  if (route === 'self') {
    return { participant: 'With me', other_parent: 'With their other parent', both_parents: 'With both of us', ...common };
  }
  return {
    participant: 'With the person being referred',
    other_parent: 'With their other parent',
    both_parents: 'With both parents',
    ...common,
  };
}

export const CHILD_PROTECTION_STATUSES = PROTECTION_STATUSES;
export const CHILD_PROTECTION_LABELS: Record<ChildProtectionStatus, string> = {
  none: 'No plan',
  child_in_need: 'Child in need plan',
  child_protection_plan: 'Child protection plan',
  looked_after: 'Looked after (in care)',
  not_known: 'I do not know',
};
