import type { Actor } from '../access/index.js';
import type { ReferralStatus, Side } from '../db/schema.js';

/*
 * Triage as data: which status may follow which, who may make each change, and the coded reasons
 * for it. A change not listed here, or made by a side not listed for it, is refused.
 *
 * Accepting him for assessment and declining him are case management decisions; the perpetrator
 * programme team may start triage, signpost him elsewhere or record a withdrawal. The partner
 * support service does not decide his triage: her support goes on whatever the outcome.
 */
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  received: 'Received',
  triage: 'In triage',
  accepted: 'Accepted for assessment',
  signposted: 'Signposted elsewhere',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

export const REASONS: Record<ReferralStatus, Record<string, string>> = {
  received: { referral_received: 'Referral received' },
  triage: { triage_started: 'Triage started' },
  accepted: {
    meets_criteria: 'Meets the criteria for assessment',
    mandated_by_court: 'Mandated by a court or probation',
  },
  signposted: {
    substance_misuse_first: 'Substance misuse support needed first',
    mental_health_first: 'Mental health support needed first',
    other_service_better_fit: 'Another service fits better',
  },
  declined: {
    out_of_area: 'Outside the service’s area',
    risk_too_high_for_programme: 'Risk needs a high-harm response (e.g. MARAC, Drive)',
    no_domestic_abuse_identified: 'No domestic abuse identified',
    already_on_a_programme: 'Already on a programme elsewhere',
  },
  withdrawn: {
    referrer_withdrew: 'The referrer withdrew it',
    participant_declined: 'The participant declined to take part',
    no_contact: 'No contact could be made with the participant',
  },
};

export type Transition = { from: ReferralStatus; to: ReferralStatus; sides: readonly Side[] };

export const TRANSITIONS: readonly Transition[] = [
  { from: 'received', to: 'triage', sides: ['perpetrator', 'management'] },
  { from: 'received', to: 'withdrawn', sides: ['perpetrator', 'management'] },
  { from: 'triage', to: 'accepted', sides: ['management'] },
  { from: 'triage', to: 'declined', sides: ['management'] },
  { from: 'triage', to: 'signposted', sides: ['perpetrator', 'management'] },
  { from: 'triage', to: 'withdrawn', sides: ['perpetrator', 'management'] },
];

export function transitionFor(from: ReferralStatus, to: ReferralStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

export function mayMake(actor: Actor, transition: Transition): boolean {
  return transition.sides.some((side) => actor.sides.has(side));
}

/** The changes this user may make from the referral's current status. */
export function transitionsOpenTo(actor: Actor, from: ReferralStatus): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from && mayMake(actor, t));
}
