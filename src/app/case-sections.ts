import { can } from '../access/index.js';
import type { HisCaseSection } from '../participants/routes.js';
import type { HerCaseSection } from '../partner-support/routes.js';
import type { Services } from './services.js';

/*
 * The case pages composed from sections: each capability answers its own section of his and her
 * case file, in the order the page reads them, each on the tabs that show it (src/web/case-sections.ts).
 * A tab reads only its own sections and those of the header band ('every'), each once. The case
 * file's own folder knows only that it has sections.
 */

/** His case file: her cases linked to him, his contact attempts, his children, his programme, his risk, the shares. */
export function hisCaseSections(services: Services): HisCaseSection[] {
  const { partnerCases, firstContact, children, programmeProgress, riskAssessments, sharing } = services;
  return [
    {
      // His current risk level and its date, for the header band: null to anyone who may not see assessments.
      name: 'riskAssessment',
      tabs: 'every',
      read: (actor, { participantId }) => riskAssessments.section(actor, participantId),
    },
    {
      // Only the partner side and management ever see her case listed under his record.
      name: 'linkedPartnerCases',
      tabs: ['overview'],
      read: (actor, { participantId }, origin) =>
        can(actor, 'partnerCase.list') ? partnerCases.listForParticipant(actor, participantId, origin) : Promise.resolve(null),
    },
    {
      name: 'attempts',
      tabs: ['contact'],
      read: (actor, { participantId }) =>
        can(actor, 'participant.logContact') ? firstContact.participantAttempts(actor, participantId) : Promise.resolve(null),
    },
    {
      // What the partner side records of a child is on her case, not here.
      name: 'children',
      tabs: ['children'],
      read: async (actor, { participantId }) =>
        can(actor, 'child.list') ? (await children.list(actor, participantId)).children : null,
    },
    {
      // Progress, reviews and disclosures for his side; attendance and status for hers.
      name: 'programme',
      tabs: ['overview', 'programme'],
      read: (actor, { participantId }) => programmeProgress.casePanel(actor, participantId),
    },
    {
      // The share ledger's entries for his record, for those who may list them.
      name: 'shares',
      tabs: ['shares'],
      read: (actor, { participantId }, origin) =>
        can(actor, 'share.listForParticipant')
          ? sharing.list(actor, { kind: 'participant', id: participantId }, origin)
          : Promise.resolve(null),
    },
  ];
}

/** Her case file: her contact, the glass broken to her address, the children, his programme, duties, plan, DASH, MARAC, shares. */
export function herCaseSections(services: Services): HerCaseSection[] {
  const { firstContact, partnerContact, sealedAddresses, partnerChildren, partnerAlerts, partnerDuties, partnerFollowUp } =
    services;
  const { safetyPlans, dash, marac, appointments, sharing } = services;
  return [
    {
      // Her safe-contact rules: the header band warns with them on every tab, before any contact action.
      name: 'contactRules',
      tabs: 'every',
      read: async (actor, partnerCase) => (await partnerContact.panel(actor, partnerCase.id)).panel,
    },
    {
      // Her latest DASH level and date, for the header band.
      name: 'dashStatus',
      tabs: 'every',
      read: (actor, partnerCase, origin) => dash.statusForCase(actor, partnerCase.id, origin),
    },
    {
      // His attendance and status, and the basic alerts not yet seen for her case (counted in the band).
      name: 'programme',
      tabs: 'every',
      read: (actor, partnerCase, origin) => partnerAlerts.forPartnerCase(actor, partnerCase.id, origin),
    },
    {
      // The duties to inform her (the open ones counted in the band).
      name: 'duties',
      tabs: 'every',
      read: (actor, partnerCase, origin) => partnerDuties.forPartnerCase(actor, partnerCase.id, origin),
    },
    {
      // Her next appointment, on the overview.
      name: 'appointments',
      tabs: ['overview'],
      read: async (actor, partnerCase, origin) =>
        can(actor, 'partnerCase.viewAppointments')
          ? (await appointments.listForCase(actor, partnerCase.id, origin)).appointments
          : null,
    },
    { name: 'attempts', tabs: ['contact'], read: (actor, partnerCase) => firstContact.partnerAttempts(actor, partnerCase.id) },
    {
      name: 'notEngaged',
      tabs: ['contact'],
      read: (actor, partnerCase) => partnerContact.notEngagedStatus(actor, partnerCase.id),
    },
    {
      // Who broke the glass to see her sealed address: shown to her allocated worker only.
      name: 'glassBreaks',
      tabs: ['contact'],
      read: (actor, partnerCase) => sealedAddresses.glassBreaks(actor, partnerCase),
    },
    {
      name: 'children',
      tabs: ['children'],
      read: (actor, partnerCase, origin) => partnerChildren.listForPartnerCase(actor, partnerCase.id, origin),
    },
    {
      name: 'afterProgramme',
      tabs: ['support'],
      read: (actor, partnerCase) => partnerFollowUp.forPartnerCase(actor, partnerCase.id),
    },
    { name: 'safetyPlan', tabs: ['risk'], read: (actor, partnerCase) => safetyPlans.statusForCase(actor, partnerCase.id) },
    {
      name: 'maracReferrals',
      tabs: ['risk'],
      read: (actor, partnerCase, origin) =>
        can(actor, 'marac.view') ? marac.forCase(actor, partnerCase.id, origin) : Promise.resolve(null),
    },
    {
      // The share ledger's entries for her case.
      name: 'shares',
      tabs: ['shares'],
      read: (actor, partnerCase, origin) =>
        can(actor, 'share.listForPartnerCase')
          ? sharing.list(actor, { kind: 'partnerCase', id: partnerCase.id }, origin)
          : Promise.resolve(null),
    },
  ];
}
