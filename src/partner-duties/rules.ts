import type { DutyMethod, DutyNotToldReason, ParticipantEventType } from '../db/schema.js';
import { addWorkingDays, type Region } from '../dates/working-days.js';

/*
 * The duties to inform her (seed 001, the partner service's "special responsibilities and duties"):
 * his assessment outcome, his start, each missed session, suspension, drop-out, exclusion,
 * completion, a breach of his order, a disclosure ("he disclosed violence/abuse"), and a register
 * corrected after she was told he missed a session. Waiting-list placement and resuming are shown in
 * his status on her case page but are not duties of their own.
 */
export const DUTY_EVENT_TYPES = [
  'assessment_outcome',
  'started',
  'missed_session',
  'suspended',
  'dropped_out',
  'excluded',
  'completed',
  'breached',
  'disclosure',
  'attendance_corrected',
] as const satisfies readonly ParticipantEventType[];
export type DutyEventType = (typeof DUTY_EVENT_TYPES)[number];

export const DUTY_EVENT_LABELS: Record<DutyEventType, string> = {
  assessment_outcome: 'Assessment outcome',
  started: 'Started the programme',
  missed_session: 'Missed a session',
  suspended: 'Suspended',
  dropped_out: 'Dropped out',
  excluded: 'Excluded',
  completed: 'Completed the programme',
  breached: 'Breach of a court order',
  disclosure: 'Disclosure of violence or abuse',
  attendance_corrected: 'Attendance corrected',
};

/**
 * Working days from the day the event was recorded to the end of the day the duty is due.
 * Disclosures, suspension, drop-out and exclusion: the same or the next working day (seed 001:
 * "as soon as possible, in some cases immediately"), so due at the end of the next working day.
 * A breach is reported to probation and is a change of status like the others: 1 as well.
 */
export const DEFAULT_DUE_DAYS: Record<DutyEventType, number> = {
  assessment_outcome: 5,
  started: 5,
  missed_session: 5,
  suspended: 1,
  dropped_out: 1,
  excluded: 1,
  completed: 5,
  breached: 1,
  disclosure: 1,
  attendance_corrected: 5,
};

/**
 * A partner whose case is opened after the event is still told of it when it was recorded in the
 * 28 days before her case opened (a new partner referred the week after he was suspended must know
 * he is suspended); the clock then runs from the day her case opened. Anything older is history:
 * her worker sees his current status and attendance in the programme panel of her case.
 */
export const RELEVANT_BEFORE_OPENING_DAYS = 28;

export function isDutyEventType(type: string): type is DutyEventType {
  return (DUTY_EVENT_TYPES as readonly string[]).includes(type);
}

/** The day a duty is due: `days` working days after the later of the day recorded and the day her case opened. */
export function dutyDueOn(recordedOn: string, caseOpenedOn: string, days: number, region: Region): string {
  const from = recordedOn > caseOpenedOn ? recordedOn : caseOpenedOn;
  return addWorkingDays(from, days, region);
}

export const DUTY_METHODS = ['phone', 'in_person', 'text', 'letter', 'email'] as const satisfies readonly DutyMethod[];
export const DUTY_METHOD_LABELS: Record<DutyMethod, string> = {
  phone: 'Phone',
  in_person: 'In person',
  text: 'Text message',
  letter: 'Letter',
  email: 'Email',
};

export const NOT_TOLD_REASONS = [
  'unreachable',
  'unsafe_to_contact',
  'asked_not_to_be_told',
  'case_closed',
] as const satisfies readonly DutyNotToldReason[];
export const NOT_TOLD_REASON_LABELS: Record<DutyNotToldReason, string> = {
  unreachable: 'The partner could not be reached',
  unsafe_to_contact: 'It was not safe to make contact',
  asked_not_to_be_told: 'The partner asked not to be told',
  case_closed: 'The partner’s case is closed',
};
