import type { ProgrammeSide, SessionKind, SessionStatus } from '../../db/schema.js';
import { presentFacilitator, type FacilitatorView } from '../groups/presenters.js';
import { SESSION_CHANGE_LABELS, SESSION_KIND_LABELS, SESSION_STATUS_LABELS } from '../labels.js';
import { londonParts, londonSlotLabel } from '../../dates/london.js';
import type { SessionChangeRow, SessionFacilitatorRow, SessionRow } from './repository.js';

export type SessionView = {
  id: string;
  side: ProgrammeSide;
  groupId: string | null;
  groupName: string | null;
  programmeName: string | null;
  kind: SessionKind;
  kindLabel: string;
  sequence: number | null;
  title: string;
  moduleTitle: string | null;
  startsAt: string;
  /** London date and time, for forms. */
  date: string;
  time: string;
  slotLabel: string;
  durationMinutes: number;
  venueId: string | null;
  venueName: string | null;
  status: SessionStatus;
  statusLabel: string;
  facilitatorCount: number;
  /** Fewer than two facilitators on a session still to run: co-facilitation is required. */
  needsCover: boolean;
  /** The man a catch-up or one-to-one is for: only when the viewer may see enrolments. */
  participant: { id: string; name: string } | null;
};

export function presentSession(row: SessionRow, options: { showParticipant: boolean }): SessionView {
  const { date, time } = londonParts(row.startsAt);
  return {
    id: row.id,
    side: row.side,
    groupId: row.groupId,
    groupName: row.groupName,
    programmeName: row.programmeName,
    kind: row.kind,
    kindLabel: SESSION_KIND_LABELS[row.kind],
    sequence: row.sequence,
    title: row.title,
    moduleTitle: row.moduleTitle,
    startsAt: row.startsAt.toISOString(),
    date,
    time,
    slotLabel: londonSlotLabel(row.startsAt, row.durationMinutes),
    durationMinutes: row.durationMinutes,
    venueId: row.venueId,
    venueName: row.venueName,
    status: row.status,
    statusLabel: SESSION_STATUS_LABELS[row.status],
    facilitatorCount: row.facilitatorCount,
    needsCover: row.status === 'scheduled' && row.facilitatorCount < 2,
    participant:
      options.showParticipant && row.participantId && row.participantName
        ? { id: row.participantId, name: row.participantName }
        : null,
  };
}

export function presentSessionFacilitator(row: SessionFacilitatorRow): FacilitatorView {
  return presentFacilitator(row);
}

export type SessionChangeView = {
  changeLabel: string;
  /** What changed, in words: "From Monday 26 October 2026, 18:30 to Tuesday ..." */
  summary: string | null;
  reason: string;
  changedBy: string | null;
  changedAt: string;
};

export function presentChange(row: SessionChangeRow, durationMinutes: number): SessionChangeView {
  let summary: string | null = null;
  if (row.change === 'rescheduled' && row.previousStartsAt && row.newStartsAt) {
    summary = `Moved from ${londonSlotLabel(row.previousStartsAt, durationMinutes)} to ${londonSlotLabel(row.newStartsAt, durationMinutes)}`;
  } else if (row.change === 'venue_changed') {
    summary = `Moved from ${row.previousVenueName ?? 'no venue'} to ${row.newVenueName ?? 'no venue'}`;
  }
  return {
    changeLabel: SESSION_CHANGE_LABELS[row.change],
    summary,
    reason: row.reason,
    changedBy: row.changedByName,
    changedAt: row.changedAt.toISOString(),
  };
}
