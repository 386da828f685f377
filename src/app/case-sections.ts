import { can } from '../access/index.js';
import type { HisCaseSection } from '../participants/routes.js';
import type { HerCaseSection } from '../partner-support/routes.js';
import type { Services } from './services.js';

/*
 * The case pages composed from sections: each capability answers its own section of his and her
 * case file, in the order the page reads them (a record read by an earlier section is not read
 * again: see readOnce). The case file's own folder knows only that it has sections.
 */

/** His case page: her cases linked to him, his contact attempts, his children, his programme. */
export function hisCaseSections(services: Services): HisCaseSection[] {
  const { partnerCases, firstContact, children, programmeProgress } = services;
  return [
    {
      // Only the partner side and management ever see her case listed under his record.
      name: 'linkedPartnerCases',
      read: (actor, { participantId }, origin) =>
        can(actor, 'partnerCase.list') ? partnerCases.listForParticipant(actor, participantId, origin) : Promise.resolve(null),
    },
    {
      name: 'attempts',
      read: (actor, { participantId }) =>
        can(actor, 'participant.logContact') ? firstContact.participantAttempts(actor, participantId) : Promise.resolve(null),
    },
    {
      // What the partner side records of a child is on her case, not here.
      name: 'children',
      read: async (actor, { participantId }) =>
        can(actor, 'child.list') ? (await children.list(actor, participantId)).children : null,
    },
    {
      // Progress, reviews and disclosures for his side; attendance and status for hers.
      name: 'programme',
      read: (actor, { participantId }) => programmeProgress.casePanel(actor, participantId),
    },
  ];
}

/** Her case page: her contact, the glass broken to her address, the children, his programme, duties, plan, DASH, MARAC. */
export function herCaseSections(services: Services): HerCaseSection[] {
  const { firstContact, partnerContact, sealedAddresses, partnerChildren, partnerAlerts, partnerDuties, partnerFollowUp } =
    services;
  const { safetyPlans, dash, marac } = services;
  return [
    { name: 'attempts', read: (actor, partnerCase) => firstContact.partnerAttempts(actor, partnerCase.id) },
    {
      // Her safe-contact rules, shown before any contact action.
      name: 'contactRules',
      read: async (actor, partnerCase) => (await partnerContact.panel(actor, partnerCase.id)).panel,
    },
    { name: 'notEngaged', read: (actor, partnerCase) => partnerContact.notEngagedStatus(actor, partnerCase.id) },
    {
      // Who broke the glass to see her sealed address: shown to her allocated worker only.
      name: 'glassBreaks',
      read: (actor, partnerCase) => sealedAddresses.glassBreaks(actor, partnerCase),
    },
    {
      name: 'children',
      read: (actor, partnerCase, origin) => partnerChildren.listForPartnerCase(actor, partnerCase.id, origin),
    },
    {
      // His attendance and status, and the basic alerts not yet seen for her case.
      name: 'programme',
      read: (actor, partnerCase, origin) => partnerAlerts.forPartnerCase(actor, partnerCase.id, origin),
    },
    { name: 'duties', read: (actor, partnerCase, origin) => partnerDuties.forPartnerCase(actor, partnerCase.id, origin) },
    { name: 'afterProgramme', read: (actor, partnerCase) => partnerFollowUp.forPartnerCase(actor, partnerCase.id) },
    { name: 'safetyPlan', read: (actor, partnerCase) => safetyPlans.statusForCase(actor, partnerCase.id) },
    { name: 'dashStatus', read: (actor, partnerCase, origin) => dash.statusForCase(actor, partnerCase.id, origin) },
    {
      name: 'maracReferrals',
      read: (actor, partnerCase, origin) =>
        can(actor, 'marac.view') ? marac.forCase(actor, partnerCase.id, origin) : Promise.resolve(null),
    },
  ];
}
