import type { EnrolmentStatus } from '../../db/schema.js';
import type { EnrolmentRow, ParticipantBasics } from './enrolments-repository.js';
import type { NonAssociationWithOther } from './non-associations-repository.js';
import { ENROLMENT_STATUS_LABELS, NON_ASSOCIATION_REASON_LABELS, WAITING_REASON_LABELS, labelOf } from '../labels.js';

/** A man on a waiting list or in a group, as his side sees him: no partner-side fact is ever here. */
export type EnrolmentView = {
  id: string;
  participantId: string;
  participantName: string;
  participantReference: string;
  interpreterLanguage: string | null;
  programmeId: string;
  programmeName: string;
  groupId: string | null;
  groupName: string | null;
  readyOn: string;
  startedOn: string | null;
  status: EnrolmentStatus;
  statusLabel: string;
  waitingReasonLabel: string | null;
  waitingNote: string | null;
};

export function presentEnrolment(row: EnrolmentRow): EnrolmentView {
  return {
    id: row.id,
    participantId: row.participantId,
    participantName: row.participantName,
    participantReference: row.participantReference,
    interpreterLanguage: row.interpreterLanguage,
    programmeId: row.programmeId,
    programmeName: row.programmeName,
    groupId: row.groupId,
    groupName: row.groupName,
    readyOn: row.readyOn,
    startedOn: row.startedOn,
    status: row.status,
    statusLabel: ENROLMENT_STATUS_LABELS[row.status],
    waitingReasonLabel: labelOf(WAITING_REASON_LABELS, row.waitingReason),
    waitingNote: row.waitingNote,
  };
}

export type ParticipantHeading = { id: string; name: string; reference: string; interpreterLanguage: string | null };

export function presentParticipantHeading(row: ParticipantBasics): ParticipantHeading {
  return { id: row.id, name: row.name, reference: row.reference, interpreterLanguage: row.interpreterLanguage };
}

export type NonAssociationView = {
  id: string;
  otherId: string;
  otherName: string;
  otherReference: string;
  reasonCode: string;
  reasonLabel: string;
  note: string | null;
  recordedBy: string | null;
  recordedAt: string;
  current: boolean;
  endedAt: string | null;
  endedBy: string | null;
};

export function presentNonAssociation(row: NonAssociationWithOther): NonAssociationView {
  return {
    id: row.id,
    otherId: row.otherId,
    otherName: row.otherName,
    otherReference: row.otherReference,
    reasonCode: row.reasonCode,
    reasonLabel: NON_ASSOCIATION_REASON_LABELS[row.reasonCode],
    note: row.note,
    recordedBy: row.createdByName,
    recordedAt: row.createdAt.toISOString(),
    current: row.endedAt === null,
    endedAt: row.endedAt ? row.endedAt.toISOString() : null,
    endedBy: row.endedByName,
  };
}
