import type {
  EnrolmentStatus,
  GroupIntake,
  GroupStatus,
  NonAssociationReason,
  ProgrammeKind,
  SessionChange,
  SessionKind,
  SessionStatus,
} from '../db/schema.js';

/** The words of the work for the codes of programme delivery (seeds 002, 003, 004). */
export const PROGRAMME_KINDS = ['group_dapp', 'one_to_one', 'early_response', 'high_harm', 'partner_support_group'] as const;
export const PROGRAMME_KIND_LABELS: Record<ProgrammeKind, string> = {
  group_dapp: 'Group domestic abuse prevention programme (DAPP)',
  one_to_one: 'One-to-one programme',
  early_response: 'Early response',
  high_harm: 'High-harm case management',
  partner_support_group: 'Partner support group (partner support service)',
};

export const INTAKES = ['rolling', 'closed'] as const;
export const INTAKE_LABELS: Record<GroupIntake, string> = {
  rolling: 'Rolling: men join when ready',
  closed: 'Closed: everyone starts together',
};

export const GROUP_STATUSES = ['planned', 'running', 'finished', 'cancelled'] as const;
export const GROUP_STATUS_LABELS: Record<GroupStatus, string> = {
  planned: 'Planned',
  running: 'Running',
  finished: 'Finished',
  cancelled: 'Cancelled',
};

export const DAY_LABELS: Record<number, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

export const ENROLMENT_STATUS_LABELS: Record<EnrolmentStatus, string> = {
  waiting: 'Waiting',
  active: 'On the programme',
  suspended: 'Suspended',
  completed: 'Completed',
  dropped_out: 'Dropped out',
  excluded: 'Excluded',
  breached: 'Breached',
};
/** An enrolment in one of these still holds (or waits for) a place. */
export const CURRENT_ENROLMENT_STATUSES = ['waiting', 'active', 'suspended'] as const satisfies readonly EnrolmentStatus[];

/** Why he joins a waiting list: the first entry of his enrolment's history. */
export const WAITING_REASONS = [
  'assessed_suitable',
  'returning',
  'transferred',
  'court_or_probation_requirement',
  'other',
] as const;
export const WAITING_REASON_LABELS: Record<(typeof WAITING_REASONS)[number], string> = {
  assessed_suitable: 'Assessed as suitable for this programme',
  returning: 'Returning after a break or suspension',
  transferred: 'Moved from another programme or group',
  court_or_probation_requirement: 'Required by a court order or probation',
  other: 'Another reason (see the note)',
};

/** Neutral codes only: where the reason comes from the partner service, nothing of her reaches his side. */
export const NON_ASSOCIATION_REASONS = ['safety_request', 'related', 'conflict', 'co_accused', 'other'] as const;
export const NON_ASSOCIATION_REASON_LABELS: Record<NonAssociationReason, string> = {
  safety_request: 'Requested for safety',
  related: 'Connected to the same family or partner',
  conflict: 'Conflict between them',
  co_accused: 'Co-accused or co-defendants',
  other: 'Another reason',
};

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
};
export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  scheduled: 'Group session',
  catch_up: 'Catch-up session',
  one_to_one: 'One-to-one session',
};
export const SESSION_CHANGE_LABELS: Record<SessionChange, string> = {
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
  reinstated: 'Reinstated',
  venue_changed: 'Venue changed',
};

export function labelOf(labels: Record<string, string>, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : (labels[value] ?? value);
}
