import type { Side } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Actor } from './actor.js';

/*
 * THE access policy: who may do what to which record. Pages, API, exports, search and reports all
 * ask here; nothing else decides access. The database's row-level security repeats the wall as a
 * second line (migrations/0001_foundation.ts).
 *
 * Respect standard: "limited confidentiality for the men and greater confidentiality for
 * survivors". Nothing of the partner case reaches the perpetrator side: not her details, not
 * her notes, not that she engages with the service at all.
 */
export const ACTIONS = {
  // The participant (the man) and his perpetrator case.
  'participant.list': ['perpetrator', 'partner', 'management'],
  /** Partner-side users see his name, reference and status only (the presenter enforces which fields). */
  'participant.view': ['perpetrator', 'partner', 'management'],
  'participant.create': ['perpetrator', 'management'],
  'participant.update': ['perpetrator', 'management'],
  /** What he said and what his workers wrote stays on the perpetrator side (seed 001: too much detail gets repeated to him). */
  'participant.viewNotes': ['perpetrator', 'management'],
  'participant.addNote': ['perpetrator', 'management'],
  'participant.logContact': ['perpetrator', 'management'],
  // The children a referral names (age, his relationship to them, who they live with, their
  // child-protection status): both case files work with them. Recorded by his side and
  // management: a child her worker added would tell his side what she said; what she says of a
  // child goes into the partner-side details below.
  'child.list': ['perpetrator', 'partner', 'management'],
  'child.create': ['perpetrator', 'management'],
  'child.update': ['perpetrator', 'management'],
  // The partner case: partner side and management only.
  'partnerCase.list': ['partner', 'management'],
  'partnerCase.view': ['partner', 'management'],
  'partnerCase.create': ['partner', 'management'],
  'partnerCase.update': ['partner', 'management'],
  'partnerCase.addNote': ['partner', 'management'],
  'partnerCase.logContact': ['partner', 'management'],
  /** Her appointments (seed 001: procedures to prevent partners meeting, or meeting him). */
  'partnerCase.viewAppointments': ['partner', 'management'],
  'partnerCase.bookAppointment': ['partner', 'management'],
  /** The minutes kept between her appointment and his session at the same venue: a service setting. */
  'appointmentBuffer.configure': ['management'],
  /** Which partner a child is linked to, the child's school or nursery, her worker's notes: they can lead him to her. */
  'partnerCase.viewChildren': ['partner', 'management'],
  'partnerCase.updateChildDetails': ['partner', 'management'],
  // Her safety plan (versions, print) and the support work with her: sessions, information sessions, referrals she wants.
  'partnerCase.viewSafetyPlan': ['partner', 'management'],
  'partnerCase.writeSafetyPlan': ['partner', 'management'],
  'partnerCase.viewSupportWork': ['partner', 'management'],
  'partnerCase.recordSupportWork': ['partner', 'management'],
  // The share ledger.
  'share.listForPartnerCase': ['partner', 'management'],
  'share.recordForPartnerCase': ['partner', 'management'],
  'share.listForParticipant': ['perpetrator', 'management'],
  'share.recordForParticipant': ['perpetrator', 'management'],
  // Intake: the known-person check. Each side searches only the records it may see (the service
  // searches partners only for those who may list partner cases); merging is for management.
  'intake.search': ['perpetrator', 'partner', 'management'],
  'intake.merge': ['management'],
  // Referrals and triage. Who in the community referred him is partner-side: he is never told she referred.
  'referral.list': ['perpetrator', 'partner', 'management'],
  'referral.view': ['perpetrator', 'partner', 'management'],
  'referral.create': ['perpetrator', 'partner', 'management'],
  'referral.viewCommunitySource': ['partner', 'management'],
  /** The coarse gate; which change each side may make is data, in src/referrals/transitions.ts. */
  'referral.triage': ['perpetrator', 'management'],
  // Documents attached to a referral (a letter, a court order, a report). Whoever may record a
  // referral may attach one, and says at upload which side may read it: a document that names a
  // partner or says what she said is partner-side, and answers "not found" to everyone else.
  'referral.attachDocument': ['perpetrator', 'partner', 'management'],
  'referral.viewDocuments': ['perpetrator', 'partner', 'management'],
  'referral.viewPartnerSideDocuments': ['partner', 'management'],
  // Programme delivery: the catalogue, groups, sessions and calendars. His side's programmes are
  // seen by both case-holding sides (the partner service is told his attendance and status, and
  // must not book her at a venue while his group meets there); the partner side's own support
  // groups answer "not found" to his side (programme.viewPartnerSide, with authorizePartnerSide).
  'programme.view': ['perpetrator', 'partner', 'management'],
  'programme.configure': ['management'],
  'programme.viewPartnerSide': ['partner', 'management'],
  /** Venues are service settings, not case data. */
  'venue.manage': ['management', 'admin'],
  'group.manage': ['perpetrator', 'management'],
  'group.managePartnerSide': ['partner', 'management'],
  /** Who is waiting for and placed in his groups: his side's work (the partner side is told his status, not the roster). */
  'enrolment.view': ['perpetrator', 'management'],
  'enrolment.manage': ['perpetrator', 'management'],
  /** Men who must not be in the same group: his side only, with a neutral reason code. */
  'nonAssociation.view': ['perpetrator', 'management'],
  'nonAssociation.manage': ['perpetrator', 'management'],
  /** One's own calendar and its secret feed address. */
  'calendar.view': ['perpetrator', 'partner', 'management'],
  // Programme delivery, in and after sessions. The register, participation notes and the detail
  // of a disclosure stay on his side: "too much detail gets repeated to him" (seed 001). Both case
  // sides see his attendance and status; the partner side's alerts are derived from the basic
  // events of the men linked to her cases, and which of her cases have seen them is hers alone.
  'attendance.record': ['perpetrator', 'management'],
  'attendance.viewSummary': ['perpetrator', 'partner', 'management'],
  'attendance.viewParticipation': ['perpetrator', 'management'],
  /** Reviews raised by the absence rule: seen and resolved by his facilitators and managers. */
  'attendance.manageReviews': ['perpetrator', 'management'],
  'disclosure.record': ['perpetrator', 'management'],
  'disclosure.view': ['perpetrator', 'management'],
  /** The coarse gate; which change each side may make is data, in src/programme/journey/transitions.ts. */
  'journey.change': ['perpetrator', 'management'],
  'partnerAlert.view': ['partner', 'management'],
  'partnerAlert.acknowledge': ['partner', 'management'],
  // Duties to inform her (src/partner-duties): derived from his events, done when her worker records
  // how she was told or why she could not be. His side never learns whether she was told.
  'partnerDuty.view': ['partner', 'management'],
  'partnerDuty.record': ['partner', 'management'],
  /** Due times per kind of event, and how long her case stays open after his programme ends. */
  'partnerDuty.configure': ['management'],
  /** Closing her case with a closing summary, after the follow-up period or early with a reason. */
  'partnerCase.close': ['partner', 'management'],
  /** The first-contact targets are service settings, not case data. */
  'firstContact.configure': ['management', 'admin'],
  // Assessment of him (src/assessment): suitability, the expert risk assessment by domains, and the
  // written report for the referrer. His side's work: the partner side is told the outcome through
  // his events (seed 001: "feedback to the woman regarding her (ex) partner's assessment").
  'assessment.view': ['perpetrator', 'management'],
  'assessment.record': ['perpetrator', 'management'],
  'assessmentReport.view': ['perpetrator', 'management'],
  'assessmentReport.write': ['perpetrator', 'management'],
  /**
   * Partner-side information in his assessment report, each piece through a share-ledger entry
   * with its basis (Respect standard: more than attendance leaves only with her consent or under
   * the exceptions). Management alone sees both his report and her case.
   */
  'assessmentReport.includePartnerInformation': ['management'],
  // Risk identification with her (DASH RIC) and MARAC: partner side and management only. His side
  // never learns that she was asked, what she answered, or that she was referred to MARAC.
  'dash.view': ['partner', 'management'],
  'dash.record': ['partner', 'management'],
  'marac.view': ['partner', 'management'],
  'marac.refer': ['partner', 'management'],
  'marac.recordOutcome': ['partner', 'management'],
  'marac.manageMeetings': ['partner', 'management'],
  /** The local escalation criterion (police call-outs in 12 months): a service setting. */
  'marac.configure': ['management'],
  // The risk picture over time: each side sees its own inputs; the combined picture, with his
  // account set against hers (minimisation is itself a risk signal, seed 000), is management's.
  'riskPicture.viewHisSide': ['perpetrator', 'management'],
  'riskPicture.viewHerSide': ['partner', 'management'],
  'riskPicture.viewCombined': ['management'],
  /** Escalation alerts: each side reads and acknowledges its own side's alerts (row-level security keeps them apart). */
  'riskAlert.view': ['perpetrator', 'partner', 'management'],
  'riskAlert.acknowledge': ['perpetrator', 'partner', 'management'],
  // System roles: no case data.
  'users.manage': ['admin'],
  'audit.view': ['dpo'],
} as const satisfies Record<string, readonly Side[]>;

export type Action = keyof typeof ACTIONS;

/** A record the policy can check: every case record carries its organisation. */
export type OwnedRecord = { organisationId: string };

export function can(actor: Actor, action: Action, record?: OwnedRecord): boolean {
  if (record && record.organisationId !== actor.organisationId) {
    return false;
  }
  const allowed: readonly Side[] = ACTIONS[action];
  return allowed.some((side) => actor.sides.has(side));
}

/**
 * Throws unless `actor` may do `action`. A record in another organisation is "not found" rather
 * than "forbidden", so that its existence is never confirmed.
 */
export function authorize(actor: Actor, action: Action, record?: OwnedRecord): void {
  if (record && record.organisationId !== actor.organisationId) {
    throw new NotFoundError();
  }
  if (!can(actor, action, record)) {
    throw new ForbiddenError();
  }
}

/** Partner-side records answer "not found", never "forbidden", to anyone not allowed to see them. */
export function authorizePartnerSide(actor: Actor, action: Action, record?: OwnedRecord): void {
  if (!can(actor, action, record)) {
    throw new NotFoundError();
  }
}

/** The navigation a user sees, derived from the same policy. */
export function navigationFor(actor: Actor): Array<{ href: string; text: string }> {
  const items: Array<{ href: string; text: string }> = [];
  const participants = { href: '/participants', text: 'Participants' };
  const partnerCases = { href: '/partner-cases', text: 'Partner cases' };
  // Partner support workers start from their own caseload; his record is reached from hers.
  if (can(actor, 'partnerCase.list') && !can(actor, 'participant.create')) {
    items.push(partnerCases);
  } else if (can(actor, 'participant.list')) {
    items.push(participants);
    if (can(actor, 'partnerCase.list')) {
      items.push(partnerCases);
    }
  }
  if (can(actor, 'partnerCase.logContact') || can(actor, 'participant.logContact')) {
    items.push({ href: '/dashboard', text: 'Due and overdue' });
  }
  if (can(actor, 'referral.list')) {
    items.push({ href: '/referrals', text: 'Referrals' });
  }
  if (can(actor, 'intake.search')) {
    items.push({ href: '/intake/known-people', text: 'Known people check' });
  }
  if (can(actor, 'programme.view')) {
    items.push({ href: '/programmes', text: 'Programmes' }, { href: '/groups', text: 'Groups' });
  }
  if (can(actor, 'calendar.view')) {
    items.push({ href: '/calendar', text: 'My calendar' });
  }
  if (can(actor, 'marac.view')) {
    items.push({ href: '/marac', text: 'MARAC' });
  }
  if (can(actor, 'users.manage')) {
    items.push({ href: '/admin/users', text: 'Users' }, { href: '/admin/teams', text: 'Teams' });
    if (can(actor, 'firstContact.configure')) {
      items.push({ href: '/settings/first-contact', text: 'First-contact targets' });
    }
    if (can(actor, 'venue.manage')) {
      items.push({ href: '/venues', text: 'Venues' });
    }
    // The public referral form's address is set with the same right as users (PublicReferralService).
    items.push({ href: '/admin/public-referrals', text: 'Public referral form' });
  }
  if (can(actor, 'audit.view')) {
    items.push({ href: '/audit', text: 'Audit log' });
  }
  return items;
}

/** Where a user lands after signing in. */
export function homeFor(actor: Actor): string {
  return navigationFor(actor)[0]?.href ?? '/account';
}
