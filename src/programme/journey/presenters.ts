import type { EnrolmentStatus, ProgrammeKind } from '../../db/schema.js';
import { HOURS_RULE, type Progress } from './progress.js';
import type { EnrolmentRow, JourneyHistoryRow } from './repository.js';
import { ENDED_STATUSES, ENROLMENT_STATUS_LABELS, reasonLabel } from './transitions.js';

export const KIND_LABELS: Record<ProgrammeKind, string> = {
  group_dapp: 'Group programme',
  one_to_one: 'One-to-one programme',
  early_response: 'Early response',
  high_harm: 'High-harm case management',
  partner_support_group: 'Partner support group',
};

/** His place on a programme: what both case sides may see (no notes, no disclosures). */
export type EnrolmentView = {
  id: string;
  participant: { id: string; name: string; reference: string };
  programmeName: string;
  kindLabel: string;
  /** Delivered one-to-one: his sessions are his own, not a group's. */
  oneToOne: boolean;
  groupId: string | null;
  groupName: string | null;
  readyOn: string;
  startedOn: string | null;
  endedOn: string | null;
  status: EnrolmentStatus;
  statusLabel: string;
  statusSince: string | null;
  ended: boolean;
};

export function presentEnrolment(row: EnrolmentRow): EnrolmentView {
  return {
    id: row.id,
    participant: { id: row.participantId, name: `${row.givenName} ${row.familyName}`, reference: row.participantReference },
    programmeName: row.programmeName,
    kindLabel: KIND_LABELS[row.programmeKind],
    oneToOne: row.programmeKind === 'one_to_one',
    groupId: row.groupId,
    groupName: row.groupName,
    readyOn: row.readyOn,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
    status: row.status,
    statusLabel: ENROLMENT_STATUS_LABELS[row.status],
    statusSince: row.statusSince,
    ended: ENDED_STATUSES.includes(row.status),
  };
}

/** One change of his status, for his side's timeline (the note is his side's). */
export type JourneyHistoryEntry = {
  toStatus: EnrolmentStatus;
  toStatusLabel: string;
  reasonCode: string;
  reasonLabel: string;
  note: string | null;
  effectiveOn: string;
  changedByName: string | null;
  changedAt: string;
};

export function presentJourneyHistory(row: JourneyHistoryRow): JourneyHistoryEntry {
  return {
    toStatus: row.toStatus,
    toStatusLabel: ENROLMENT_STATUS_LABELS[row.toStatus],
    reasonCode: row.reasonCode,
    reasonLabel: reasonLabel(row.toStatus, row.reasonCode),
    note: row.note,
    effectiveOn: row.effectiveOn,
    changedByName: row.changedByName,
    changedAt: row.changedAt.toISOString(),
  };
}

/** Progress against the completion rule, with the hours rule in words (shown on the panel). */
export type ProgressView = Progress & { hoursRule: string };

export function presentProgress(progress: Progress): ProgressView {
  return { ...progress, hoursRule: HOURS_RULE };
}
