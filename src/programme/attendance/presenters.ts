import type { AttendanceOutcome, EnrolmentStatus, SessionKind, SessionStatus } from '../../db/schema.js';
import { todayInLondon } from '../../dates/london.js';
import { OUTCOME_LABELS } from './rules.js';
import type { ParticipationNoteRow, RegisterSessionRow, RosterRow } from './repository.js';
import { ENROLMENT_STATUS_LABELS } from '../journey/transitions.js';

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  scheduled: 'Group session',
  one_to_one: 'One-to-one session',
  catch_up: 'Catch-up session',
};

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  scheduled: 'Not yet marked',
  held: 'Held',
  cancelled: 'Cancelled',
};

/** The session a register belongs to. No participant's data. */
export type RegisterSessionView = {
  id: string;
  title: string;
  startsAt: string;
  /** The session's date in London. */
  date: string;
  durationMinutes: number;
  status: SessionStatus;
  statusLabel: string;
  kindLabel: string;
  programmeName: string;
  groupName: string | null;
  moduleTitle: string | null;
  groupId: string | null;
};

export function presentRegisterSession(row: RegisterSessionRow): RegisterSessionView {
  return {
    id: row.id,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    date: todayInLondon(row.startsAt),
    durationMinutes: row.durationMinutes,
    status: row.status,
    statusLabel: SESSION_STATUS_LABELS[row.status],
    kindLabel: SESSION_KIND_LABELS[row.kind],
    programmeName: row.programmeName,
    groupName: row.groupName,
    moduleTitle: row.moduleTitle,
    groupId: row.groupId,
  };
}

export type ParticipationNoteView = { body: string; authorName: string; createdAt: string };

/** One man's line of the register, with the participation notes written on it (his side only). */
export type RegisterEntryView = {
  enrolmentId: string;
  participantId: string;
  name: string;
  reference: string;
  journeyStatusLabel: string;
  outcome: AttendanceOutcome | null;
  outcomeLabel: string | null;
  minutesLate: number | null;
  notes: ParticipationNoteView[];
};

export function presentRegisterEntry(row: RosterRow, notes: readonly ParticipationNoteRow[]): RegisterEntryView {
  const status: EnrolmentStatus = row.status ?? 'waiting';
  return {
    enrolmentId: row.enrolmentId,
    participantId: row.participantId,
    name: `${row.givenName} ${row.familyName}`,
    reference: row.reference,
    journeyStatusLabel: ENROLMENT_STATUS_LABELS[status],
    outcome: row.outcome,
    outcomeLabel: row.outcome ? OUTCOME_LABELS[row.outcome] : null,
    minutesLate: row.minutesLate,
    notes: notes
      .filter((n) => n.enrolmentId === row.enrolmentId)
      .map((n) => ({ body: n.body, authorName: n.authorName, createdAt: n.createdAt.toISOString() })),
  };
}

export type RegisterView = {
  session: RegisterSessionView;
  entries: RegisterEntryView[];
  /** Whether the register has been saved before (editing it is audited as a change). */
  recorded: boolean;
  /** Why the register cannot be marked now, or null. */
  closedReason: string | null;
};
