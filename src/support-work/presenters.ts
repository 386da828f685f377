import type { OnwardReferralStatus, OnwardService, SupportSessionType, SupportTopic } from '../db/schema.js';
import type { InformationSessionRow, OnwardReferralRow, SupportSessionRow } from './repository.js';
import { REFERRAL_STATUS_LABELS, SERVICE_LABELS, SESSION_TYPE_LABELS, TOPICS, TOPIC_LABELS } from './schemas.js';

export type SupportSessionView = {
  id: string;
  heldOn: string;
  sessionType: SupportSessionType;
  sessionTypeLabel: string;
  durationMinutes: number;
  topics: SupportTopic[];
  topicLabels: string[];
  notes: string | null;
  recordedBy: string;
};

export type InformationSessionView = {
  id: string;
  attendedOn: string;
  programmeWorker: string | null;
  notes: string | null;
  recordedBy: string;
};

export type OnwardReferralView = {
  id: string;
  service: OnwardService;
  serviceLabel: string;
  organisationName: string;
  referredOn: string;
  consentGiven: boolean;
  status: OnwardReferralStatus;
  statusLabel: string;
  outcome: string | null;
  recordedBy: string;
};

export function presentSession(row: SupportSessionRow): SupportSessionView {
  const topics = TOPICS.filter((topic) => row.topics.split(',').includes(topic));
  return {
    id: row.id,
    heldOn: row.heldOn,
    sessionType: row.sessionType,
    sessionTypeLabel: SESSION_TYPE_LABELS[row.sessionType],
    durationMinutes: row.durationMinutes,
    topics,
    topicLabels: topics.map((topic) => TOPIC_LABELS[topic]),
    notes: row.notes,
    recordedBy: row.recordedBy,
  };
}

export function presentInformationSession(row: InformationSessionRow): InformationSessionView {
  return {
    id: row.id,
    attendedOn: row.attendedOn,
    programmeWorker: row.programmeWorker,
    notes: row.notes,
    recordedBy: row.recordedBy,
  };
}

export function presentReferral(row: OnwardReferralRow): OnwardReferralView {
  return {
    id: row.id,
    service: row.service,
    serviceLabel: SERVICE_LABELS[row.service],
    organisationName: row.organisationName,
    referredOn: row.referredOn,
    consentGiven: row.consentGiven,
    status: row.status,
    statusLabel: REFERRAL_STATUS_LABELS[row.status],
    outcome: row.outcome,
    recordedBy: row.recordedBy,
  };
}
