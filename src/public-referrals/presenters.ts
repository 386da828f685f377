import { AGENCY_LABELS } from '../referrals/schemas.js';
import { FAMILY_RELATIONSHIP_LABELS, PARTNER_RELATIONSHIP_LABELS, type TPublicReferral } from './schemas.js';

/** One section of the check-your-answers page, as govukSummaryList rows (text only: always escaped). */
export type AnswerSection = { title: string; rows: Array<{ key: { text: string }; value: { text: string } }> };

const row = (key: string, value: string | null | undefined) => ({
  key: { text: key },
  value: { text: value ? value : 'Not given' },
});
const yesNo = (value: 'yes' | 'no' | null) => (value === 'yes' ? 'Yes' : value === 'no' ? 'No' : null);

function hisDetails(input: TPublicReferral): AnswerSection {
  return {
    title: 'His details',
    rows: [
      row('First name', input.givenName),
      row('Last name', input.familyName),
      row('Date of birth', input.dateOfBirth ? input.dateOfBirth.split('-').reverse().join('/') : null),
      row('Area he lives in', input.area),
    ],
  };
}

function namedPartners(input: TPublicReferral, slots: ReadonlyArray<1 | 2>): AnswerSection[] {
  const record = input as unknown as Record<string, string | null>;
  return slots
    .filter((n) => record[`partner${n}GivenName`])
    .map((n) => {
      const relationship = record[`partner${n}Relationship`];
      return {
        title: slots.length > 1 ? `Partner or ex-partner ${n}` : 'His partner or ex-partner',
        rows: [
          row('Her name', `${record[`partner${n}GivenName`] ?? ''} ${record[`partner${n}FamilyName`] ?? ''}`.trim()),
          row(
            'Relationship to him',
            relationship === 'current' || relationship === 'ex' ? PARTNER_RELATIONSHIP_LABELS[relationship] : null,
          ),
          row('Her phone number', record[`partner${n}Phone`]),
        ],
      };
    });
}

/** Every answer given, grouped as the questions page asks them. */
export function checkAnswerSections(input: TPublicReferral): AnswerSection[] {
  const referral = { title: 'The referral', rows: [row('What is happening and why you are referring', input.reason)] };
  if (input.route === 'agency') {
    return [
      {
        title: 'About you',
        rows: [
          row('Kind of agency', input.agencyType ? AGENCY_LABELS[input.agencyType] : null),
          row('Your name', input.referrerName),
          row('Your organisation', input.referrerOrganisation),
          row('Your phone number', input.referrerPhone),
          row('Your email address', input.referrerEmail),
        ],
      },
      hisDetails(input),
      {
        title: 'The referral',
        rows: [
          ...referral.rows,
          row('Is he mandated to attend?', yesNo(input.mandated)),
          row('Court context', input.courtContext),
          row('Child protection context', input.childProtectionContext),
        ],
      },
      ...namedPartners(input, [1, 2]),
    ];
  }
  if (input.route === 'self') {
    return [
      { ...hisDetails(input), title: 'Your details' },
      {
        title: 'How to contact you',
        rows: [row('Phone number', input.referrerPhone), row('Email address', input.referrerEmail)],
      },
      referral,
    ];
  }
  if (input.route === 'partner') {
    return [
      {
        title: 'About you',
        rows: [
          row('Your name', `${input.herGivenName ?? ''} ${input.herFamilyName ?? ''}`.trim()),
          row('He is your', input.herRelationship ? PARTNER_RELATIONSHIP_LABELS[input.herRelationship].toLowerCase() : null),
          row('Safe phone number', input.safePhone),
          row('Safe times to call', input.safeTimes),
          row('May we leave a message?', yesNo(input.messageMayBeLeft)),
          row('Code word', input.codeWord),
        ],
      },
      hisDetails(input),
      referral,
    ];
  }
  return [
    {
      title: 'About you',
      rows: [
        row('Your name', input.referrerName),
        row('Your phone number', input.referrerPhone),
        row('You are his', input.familyRelationship ? FAMILY_RELATIONSHIP_LABELS[input.familyRelationship].toLowerCase() : null),
      ],
    },
    hisDetails(input),
    referral,
    ...namedPartners(input, [1]),
  ];
}
