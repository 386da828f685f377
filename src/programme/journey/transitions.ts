import type { Actor } from '../../access/index.js';
import type { EnrolmentStatus, Side } from '../../db/schema.js';

/*
 * The participant's journey on a programme as data: which status may follow which, who may make
 * each change, and its coded reasons. A change not listed here, or made by a side not listed for
 * it, is refused. The status of an enrolment is the latest row of its append-only history.
 *
 * Every change is his programme team's or case management's to make (the perpetrator side and
 * management). The partner service is told of each one (src/programme/journey/events.ts), with the reason
 * "if known" (seed 001): so reason labels are written to be said to her as they stand, and name
 * nothing she told her worker.
 */
export const ENROLMENT_STATUS_LABELS: Record<EnrolmentStatus, string> = {
  waiting: 'Waiting to start',
  active: 'Attending',
  suspended: 'Suspended',
  completed: 'Completed',
  dropped_out: 'Dropped out',
  excluded: 'Excluded',
  breached: 'Breach reported',
};

/** The statuses that end his time on the programme: the end-of-programme summary is written for them. */
export const ENDED_STATUSES: readonly EnrolmentStatus[] = ['completed', 'dropped_out', 'excluded', 'breached'];

export type JourneyEvent = 'started' | 'resumed' | 'suspended' | 'completed' | 'dropped_out' | 'excluded' | 'breached';

export type Transition = {
  from: readonly EnrolmentStatus[];
  to: EnrolmentStatus;
  /** What the partner service is told (src/programme/journey/events.ts). */
  event: JourneyEvent;
  sides: readonly Side[];
  /** The button's words. */
  action: string;
  reasons: Readonly<Record<string, string>>;
  /** Completion needs the programme's completion rule met (src/programme/journey/progress.ts). */
  needsCompletionRule?: true;
  /** A breach is reported to probation: only for a man mandated by a court or probation. */
  mandatedOnly?: true;
};

const HIS_TEAM: readonly Side[] = ['perpetrator', 'management'];

/**
 * Labels of the reasons for the first row of an enrolment's history, written when he joins a
 * waiting list (src/programme/groups/enrolments-*, which owns the codes; repeated here for the history).
 */
export const WAITING_REASONS: Readonly<Record<string, string>> = {
  assessed_suitable: 'Assessed as suitable for this programme',
  returning: 'Returning after a break or suspension',
  transferred: 'Moved from another programme or group',
  court_or_probation_requirement: 'Required by a court order or probation',
  other: 'Another reason',
  accepted_for_programme: 'Accepted for the programme',
};

export const TRANSITIONS: readonly Transition[] = [
  {
    from: ['waiting'],
    to: 'active',
    event: 'started',
    sides: HIS_TEAM,
    action: 'Started',
    reasons: { started: 'Started the programme', first_session_attended: 'Attended a first session' },
  },
  {
    from: ['active'],
    to: 'suspended',
    event: 'suspended',
    sides: HIS_TEAM,
    action: 'Suspend',
    reasons: {
      repeated_absence: 'Repeated absences',
      non_compliance: 'Not keeping to the programme agreement',
      risk_concern: 'A concern about risk',
      further_offence_alleged: 'A further offence alleged',
      personal_circumstances: 'Personal circumstances, such as illness or work',
    },
  },
  {
    from: ['suspended'],
    to: 'active',
    event: 'resumed',
    sides: HIS_TEAM,
    action: 'Resume',
    reasons: { suspension_ended: 'The suspension ended', review_completed: 'A review found attendance may continue' },
  },
  {
    from: ['active', 'suspended'],
    to: 'completed',
    event: 'completed',
    sides: HIS_TEAM,
    action: 'Complete',
    reasons: { completion_rule_met: 'Met the programme’s completion requirements' },
    needsCompletionRule: true,
  },
  {
    from: ['waiting', 'active', 'suspended'],
    to: 'dropped_out',
    event: 'dropped_out',
    sides: HIS_TEAM,
    action: 'Dropped out',
    reasons: {
      stopped_attending: 'Stopped attending',
      chose_to_leave: 'Chose to leave the programme',
      moved_away: 'Moved out of the area',
      lost_contact: 'The programme lost contact',
      in_custody: 'In custody',
    },
  },
  {
    from: ['waiting', 'active', 'suspended'],
    to: 'excluded',
    event: 'excluded',
    sides: HIS_TEAM,
    action: 'Exclude',
    reasons: {
      further_violence: 'Further violence or abuse',
      abusive_in_group: 'Abusive or threatening behaviour in the group',
      persistent_non_compliance: 'Persistent breaking of the programme agreement',
      unmanageable_risk: 'A risk the programme cannot manage safely',
      intoxicated_in_sessions: 'Under the influence of alcohol or drugs in sessions',
    },
  },
  {
    from: ['active', 'suspended'],
    to: 'breached',
    event: 'breached',
    sides: HIS_TEAM,
    action: 'Report a breach',
    reasons: {
      failed_to_attend: 'Failed to attend as required',
      failed_to_comply: 'Failed to comply with the programme',
      further_offence: 'A further offence',
    },
    mandatedOnly: true,
  },
];

export function transitionFor(from: EnrolmentStatus, to: EnrolmentStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.from.includes(from) && t.to === to);
}

export function mayMake(actor: Actor, transition: Transition): boolean {
  return transition.sides.some((side) => actor.sides.has(side));
}

/** The changes this user may make from the current status. */
export function transitionsOpenTo(actor: Actor, from: EnrolmentStatus): Transition[] {
  return TRANSITIONS.filter((t) => t.from.includes(from) && mayMake(actor, t));
}

/** A reason's label for the history, whichever change it was given for. */
export function reasonLabel(to: EnrolmentStatus, code: string): string {
  if (to === 'waiting') {
    return WAITING_REASONS[code] ?? code;
  }
  for (const transition of TRANSITIONS) {
    const label = transition.to === to ? transition.reasons[code] : undefined;
    if (label) {
      return label;
    }
  }
  return code;
}

/** A reason as it may be told to her ("repeated absences"), or null for a code not in the table. */
export function toldReason(to: EnrolmentStatus, code: string): string | null {
  const label = reasonLabel(to, code);
  if (label === code) {
    return null;
  }
  return label.charAt(0).toLowerCase() + label.slice(1);
}
