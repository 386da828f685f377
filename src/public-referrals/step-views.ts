import { AGENCY_LABELS, AGENCY_TYPES } from '../referrals/schemas.js';
import { selectItems } from '../web/pagination.js';
import type { Answers, Slots } from './answers.js';
import {
  CHILD_LIVES_WITH,
  CHILD_PROTECTION_LABELS,
  CHILD_PROTECTION_STATUSES,
  CHILD_RELATIONSHIPS,
  CHILD_RELATIONSHIP_LABELS,
  FAMILY_RELATIONSHIPS,
  FAMILY_RELATIONSHIP_LABELS,
  GENDER_LABELS,
  INTERPRETER_ANSWERS,
  INTERPRETER_LABELS,
  PARTNER_RELATIONSHIPS,
  PARTNER_RELATIONSHIP_LABELS,
  PUBLIC_GENDERS,
  RELATIONSHIP_CONTEXTS,
  RELATIONSHIP_CONTEXT_LABELS,
  YOUR_RELATIONSHIP_LABELS,
  livesWithLabels,
  type PublicRoute,
} from './labels.js';
import { MAX_CHILDREN, MAX_PARTNERS, childField, maxOtherPartners, partnerField, type StepId } from './steps.js';

/*
 * What each question page's template receives besides the answers: the choices of its radios and
 * selects (checked as answered), its list boxes, and the words for the person referred ("you"
 * when someone refers themselves, "they" otherwise: not always a man).
 */
const radios = <K extends string>(keys: readonly K[], labels: Record<K, string>, selected: string | undefined) =>
  keys.map((key) => ({ value: key, text: labels[key], checked: selected === key }));

export const STEP_TEMPLATES: Record<StepId, string> = {
  him: 'public-referrals/views/steps/him.njk',
  interpreter: 'public-referrals/views/steps/interpreter.njk',
  partners: 'public-referrals/views/steps/partners.njk',
  children: 'public-referrals/views/steps/children.njk',
  referral: 'public-referrals/views/steps/referral.njk',
  you: 'public-referrals/views/steps/you.njk',
};

export function wordsFor(route: PublicRoute) {
  return route === 'self'
    ? { their: 'your', Their: 'Your', they: 'you', They: 'You', them: 'you' }
    : { their: 'their', Their: 'Their', they: 'they', They: 'They', them: 'them' };
}

function partnerSlots(route: PublicRoute, values: Answers, slots: Slots) {
  return Array.from({ length: slots.partners }, (_, i) => {
    const n = i + 1;
    const field = (f: 'givenName' | 'familyName' | 'relationship' | 'phone') => partnerField(n, f);
    return {
      n,
      ids: {
        givenName: field('givenName'),
        familyName: field('familyName'),
        relationship: field('relationship'),
        phone: field('phone'),
      },
      relationshipItems: radios(PARTNER_RELATIONSHIPS, PARTNER_RELATIONSHIP_LABELS, values[field('relationship')]),
      heading: route === 'partner' ? `Other partner or ex-partner ${n}` : `Partner or ex-partner ${n}`,
    };
  });
}

function childSlots(route: PublicRoute, values: Answers, slots: Slots) {
  const livesWith = livesWithLabels(route);
  return Array.from({ length: slots.children }, (_, i) => {
    const n = i + 1;
    const field = (f: 'givenName' | 'age' | 'relationship' | 'livesWith' | 'protection' | 'school') => childField(n, f);
    return {
      n,
      ids: {
        givenName: field('givenName'),
        age: field('age'),
        relationship: field('relationship'),
        livesWith: field('livesWith'),
        protection: field('protection'),
        school: field('school'),
      },
      relationshipItems: radios(CHILD_RELATIONSHIPS, CHILD_RELATIONSHIP_LABELS, values[field('relationship')]),
      livesWithItems: radios(CHILD_LIVES_WITH, livesWith, values[field('livesWith')]),
      protectionItems: radios(CHILD_PROTECTION_STATUSES, CHILD_PROTECTION_LABELS, values[field('protection')]),
    };
  });
}

/** The choices and boxes of one question page, from the answers shown on it. */
export function stepContext(route: PublicRoute, step: StepId, values: Answers, slots: Slots): Record<string, unknown> {
  const words = wordsFor(route);
  const yesNo = (field: string) => radios(['yes', 'no'] as const, { yes: 'Yes', no: 'No' }, values[field]);
  switch (step) {
    case 'him':
      return {
        words,
        dateOfBirth: {
          day: values['dateOfBirth-day'] ?? '',
          month: values['dateOfBirth-month'] ?? '',
          year: values['dateOfBirth-year'] ?? '',
        },
        genderItems: radios(PUBLIC_GENDERS, GENDER_LABELS, values.gender),
      };
    case 'interpreter':
      return { words, interpreterItems: radios(INTERPRETER_ANSWERS, INTERPRETER_LABELS, values.interpreter) };
    case 'partners':
      return {
        words,
        contextItems: radios(RELATIONSHIP_CONTEXTS, RELATIONSHIP_CONTEXT_LABELS, values.relationshipContext),
        partnerSlots: partnerSlots(route, values, slots),
        canAddPartner: slots.partners < maxOtherPartners(route),
        maxPartners: maxOtherPartners(route),
        maxPartnersWithYou: MAX_PARTNERS,
      };
    case 'children':
      return {
        words,
        childSlots: childSlots(route, values, slots),
        canAddChild: slots.children < MAX_CHILDREN,
        maxChildren: MAX_CHILDREN,
      };
    case 'referral':
      return { words, mandatedItems: yesNo('mandated') };
    case 'you':
      return {
        words,
        agencyItems: selectItems(
          AGENCY_TYPES.map((a) => ({ value: a, text: AGENCY_LABELS[a] })),
          values.agencyType ?? null,
          'Select the kind of agency',
        ),
        yourRelationshipItems: radios(PARTNER_RELATIONSHIPS, YOUR_RELATIONSHIP_LABELS, values.yourRelationship),
        messageItems: yesNo('messageMayBeLeft'),
        familyItems: radios(FAMILY_RELATIONSHIPS, FAMILY_RELATIONSHIP_LABELS, values.familyRelationship),
      };
  }
}
