import { AGENCY_LABELS } from '../referrals/schemas.js';
import type { TPublicReferral } from './answers.js';
import {
  CHILD_PROTECTION_LABELS,
  CHILD_RELATIONSHIP_LABELS,
  FAMILY_RELATIONSHIP_LABELS,
  GENDER_LABELS,
  INTERPRETER_LABELS,
  PARTNER_RELATIONSHIP_LABELS,
  RELATIONSHIP_CONTEXT_LABELS,
  ROUTE_LABELS,
  YOUR_RELATIONSHIP_LABELS,
  livesWithLabels,
} from './labels.js';
import type { PageId } from './steps.js';

/**
 * One card of the check-your-answers page, as govukSummaryList rows (text only: always escaped),
 * with the page its Change button goes back to.
 */
export type AnswerSection = {
  step: PageId;
  title: string;
  rows: Array<{ key: { text: string }; value: { text: string } }>;
};

const row = (key: string, value: string | null | undefined) => ({
  key: { text: key },
  value: { text: value ? value : 'Not given' },
});
const yesNo = (value: 'yes' | 'no' | null) => (value === 'yes' ? 'Yes' : value === 'no' ? 'No' : null);
const fullName = (given: string | null, family: string | null) => `${given ?? ''} ${family ?? ''}`.trim();
const displayDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : null);

function aboutThem(input: TPublicReferral): AnswerSection {
  const self = input.referrer.route === 'self';
  const { him } = input;
  return {
    step: 'him',
    title: self ? 'About you' : 'The person you are referring',
    rows: [
      row('Name', fullName(him.givenName, him.familyName)),
      row('Date of birth', displayDate(him.dateOfBirth)),
      row('Gender', him.gender ? GENDER_LABELS[him.gender] : null),
      row('Phone number', him.phone),
      ...(self ? [row('Email address', him.email)] : []),
      row('Postcode', him.postcode),
      row('Borough or county', him.area),
    ],
  };
}

function relationships(input: TPublicReferral): AnswerSection[] {
  const route = input.referrer.route;
  const named = input.partners.map((partner, i) => ({
    step: 'partners' as const,
    title: route === 'partner' ? `Other partner or ex-partner ${i + 1}` : `Partner or ex-partner ${i + 1}`,
    rows: [
      row('Name', fullName(partner.givenName, partner.familyName)),
      row('Partner or ex-partner', PARTNER_RELATIONSHIP_LABELS[partner.relationship]),
      row('Phone number', partner.phone),
    ],
  }));
  const none = route === 'partner' ? 'No other partners or ex-partners named' : 'No partners or ex-partners named';
  return [
    {
      step: 'partners',
      title: route === 'self' ? 'Your relationships' : 'Their relationships',
      rows: [
        row('Kind of relationship', RELATIONSHIP_CONTEXT_LABELS[input.relationshipContext]),
        ...(named.length === 0 ? [row('Partners and ex-partners', none)] : []),
      ],
    },
    ...named,
  ];
}

function children(input: TPublicReferral): AnswerSection[] {
  const route = input.referrer.route;
  if (input.children.length === 0) {
    return [{ step: 'children', title: 'Children', rows: [row('Children', 'No children named')] }];
  }
  const livesWith = livesWithLabels(route);
  return input.children.map((child, i) => ({
    step: 'children',
    title: `Child ${i + 1}`,
    rows: [
      row('First name', child.givenName),
      row('Age', child.age === 0 ? 'Under 1' : String(child.age)),
      row(
        route === 'self' ? 'Your relationship to the child' : 'Their relationship to the child',
        CHILD_RELATIONSHIP_LABELS[child.relationship],
      ),
      row('Lives with', livesWith[child.livesWith]),
      row('Child protection or child in need plan', CHILD_PROTECTION_LABELS[child.protection]),
      ...(route === 'partner' ? [row('School or nursery', child.school)] : []),
    ],
  }));
}

function whatIsHappening(input: TPublicReferral): AnswerSection {
  const agency = input.referrer.route === 'agency';
  return {
    step: 'referral',
    title: 'What is happening',
    rows: [
      row('What is happening', input.referral.reason),
      ...(agency
        ? [
            row('Mandated to attend?', yesNo(input.referral.mandated)),
            row('Court context', input.referral.courtContext),
            row('Child protection context', input.referral.childProtectionContext),
          ]
        : []),
    ],
  };
}

function aboutYou(input: TPublicReferral): AnswerSection[] {
  const referrer = input.referrer;
  switch (referrer.route) {
    case 'agency':
      return [
        {
          step: 'you',
          title: 'Your details',
          rows: [
            row('Kind of agency', AGENCY_LABELS[referrer.agencyType]),
            row('Your name', referrer.referrerName),
            row('Your organisation', referrer.referrerOrganisation),
            row('Your phone number', referrer.referrerPhone),
            row('Your email address', referrer.referrerEmail),
          ],
        },
      ];
    case 'partner':
      return [
        {
          step: 'you',
          title: 'How we can contact you safely',
          rows: [
            row('Your name', fullName(referrer.yourGivenName, referrer.yourFamilyName)),
            row('The person you are referring', YOUR_RELATIONSHIP_LABELS[referrer.yourRelationship]),
            row('Safe phone number', referrer.safePhone),
            row('Safe times to call', referrer.safeTimes),
            row('May we leave a message?', yesNo(referrer.messageMayBeLeft)),
            row('Code word', referrer.codeWord),
          ],
        },
      ];
    case 'family':
      return [
        {
          step: 'you',
          title: 'Your details',
          rows: [
            row('Your name', referrer.referrerName),
            row('Your phone number', referrer.referrerPhone),
            row('You are their', FAMILY_RELATIONSHIP_LABELS[referrer.familyRelationship].toLowerCase()),
          ],
        },
      ];
    case 'self':
      return [];
  }
}

/** Every answer given, one card per question page (and per partner and child), in the order asked. */
export function checkAnswerSections(input: TPublicReferral): AnswerSection[] {
  const { needed, language } = input.interpreter;
  return [
    { step: 'who', title: 'Who you are', rows: [row('Who you are', ROUTE_LABELS[input.referrer.route])] },
    aboutThem(input),
    {
      step: 'interpreter',
      title: 'Interpreter',
      rows: [row('Interpreter needed', needed === 'yes' ? `Yes: ${language ?? ''}` : INTERPRETER_LABELS[needed])],
    },
    ...relationships(input),
    ...children(input),
    whatIsHappening(input),
    ...aboutYou(input),
  ];
}
