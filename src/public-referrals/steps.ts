import type { PublicRoute } from './labels.js';

/*
 * The question pages of the public form, one thing per page (GOV.UK pattern): who is referring,
 * the person referred, their interpreter need, their partners and ex-partners, the children, what
 * is happening, and the referrer's own details (a partner's safe-contact preferences), then check
 * your answers. Someone referring themselves gives their contact details on the first page.
 */
export const STEPS = ['him', 'interpreter', 'partners', 'children', 'referral', 'you'] as const;
export type StepId = (typeof STEPS)[number];
/** Every page the form can show: the first question (who is referring), the steps, and check your answers. */
export type PageId = 'who' | StepId | 'check';

export function stepsFor(route: PublicRoute): StepId[] {
  return route === 'self' ? STEPS.filter((s) => s !== 'you') : [...STEPS];
}

/** At most this many partners and ex-partners (the partner referring included) and children in one referral. */
export const MAX_PARTNERS = 5;
export const MAX_CHILDREN = 10;
/** A partner referring is one of the five: she can name this many others. */
export const maxOtherPartners = (route: PublicRoute): number => (route === 'partner' ? MAX_PARTNERS - 1 : MAX_PARTNERS);

/** How many partner and child boxes the page shows when first opened. */
export const initialPartnerSlots = (route: PublicRoute | null): number => (route === 'partner' ? 0 : 1);
export const INITIAL_CHILD_SLOTS = 1;

export const PARTNER_SLOT_FIELDS = ['givenName', 'familyName', 'relationship', 'phone'] as const;
export const CHILD_SLOT_FIELDS = ['givenName', 'age', 'relationship', 'livesWith', 'protection', 'school'] as const;
export const partnerField = (n: number, field: (typeof PARTNER_SLOT_FIELDS)[number]): string => `partner-${n}-${field}`;
export const childField = (n: number, field: (typeof CHILD_SLOT_FIELDS)[number]): string => `child-${n}-${field}`;

const FIXED_FIELDS: Record<StepId, (route: PublicRoute) => string[]> = {
  him: (route) => [
    'givenName',
    'familyName',
    'dateOfBirth-day',
    'dateOfBirth-month',
    'dateOfBirth-year',
    'gender',
    'phone',
    ...(route === 'self' ? ['email'] : []),
    'postcode',
    'area',
  ],
  interpreter: () => ['interpreter', 'interpreterLanguage'],
  partners: () => ['relationshipContext'],
  children: () => [],
  referral: (route) => ['reason', ...(route === 'agency' ? ['mandated', 'courtContext', 'childProtectionContext'] : [])],
  you: (route) => {
    if (route === 'agency') {
      return ['agencyType', 'referrerName', 'referrerOrganisation', 'referrerPhone', 'referrerEmail'];
    }
    if (route === 'partner') {
      return ['yourGivenName', 'yourFamilyName', 'yourRelationship', 'safePhone', 'safeTimes', 'messageMayBeLeft', 'codeWord'];
    }
    return route === 'family' ? ['referrerName', 'referrerPhone', 'familyRelationship'] : [];
  },
};

/** The form fields a step posts, for the number of partner and child boxes shown. */
export function fieldsOf(step: StepId, route: PublicRoute, slots: { partners: number; children: number }): string[] {
  const fields = FIXED_FIELDS[step](route);
  if (step === 'partners') {
    for (let n = 1; n <= slots.partners; n += 1) {
      fields.push(...PARTNER_SLOT_FIELDS.map((f) => partnerField(n, f)));
    }
  }
  if (step === 'children') {
    const childFields = CHILD_SLOT_FIELDS.filter((f) => f !== 'school' || route === 'partner');
    for (let n = 1; n <= slots.children; n += 1) {
      fields.push(...childFields.map((f) => childField(n, f)));
    }
  }
  return fields;
}

/** Whether an answer's name belongs to a step (whatever the number of boxes), so a step's answers can be replaced. */
export function belongsTo(step: StepId, route: PublicRoute, name: string): boolean {
  if (step === 'partners' && name.startsWith('partner-')) {
    return true;
  }
  if (step === 'children' && name.startsWith('child-')) {
    return true;
  }
  return FIXED_FIELDS[step](route).includes(name);
}
