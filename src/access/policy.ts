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
  // The partner case: partner side and management only.
  'partnerCase.list': ['partner', 'management'],
  'partnerCase.view': ['partner', 'management'],
  'partnerCase.create': ['partner', 'management'],
  'partnerCase.update': ['partner', 'management'],
  'partnerCase.addNote': ['partner', 'management'],
  'partnerCase.logContact': ['partner', 'management'],
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
  /** The first-contact targets are service settings, not case data. */
  'firstContact.configure': ['management', 'admin'],
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
  if (can(actor, 'users.manage')) {
    items.push({ href: '/admin/users', text: 'Users' }, { href: '/admin/teams', text: 'Teams' });
    if (can(actor, 'firstContact.configure')) {
      items.push({ href: '/settings/first-contact', text: 'First-contact targets' });
    }
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
