import type { Config } from '../config.js';
import { todayInLondon } from '../dates/london.js';
import type { DutyRow } from './repository.js';
import {
  DUTY_EVENT_LABELS,
  DUTY_METHOD_LABELS,
  NOT_TOLD_REASON_LABELS,
  dutyDueOn,
  isDutyEventType,
  type DutyEventType,
} from './rules.js';

/**
 * A duty to inform her, as her worker's pages and the API show it: what to tell her is the event's
 * basic summary and nothing else (never the detail of a disclosure, a note, or what he said).
 */
export type DutyView = {
  eventId: string;
  partnerCase: { id: string; reference: string; name: string };
  participant: { id: string; name: string };
  kind: string;
  whatToTell: string;
  recordedOn: string;
  dueOn: string;
  overdue: boolean;
  done: null | {
    told: boolean;
    method: string | null;
    toldAt: string | null;
    reason: string | null;
    note: string | null;
    recordedAt: string;
    recordedByName: string | null;
  };
};

export type DutySettingsView = {
  dueDays: Array<{ type: DutyEventType; label: string; days: number }>;
  followUpMonths: number;
  reviewMonths: number;
};

/** A duty as her worker's pages and the API show it, due by the organisation's due times in its region. */
export function presentDuty(
  row: DutyRow,
  days: Record<DutyEventType, number>,
  today: string,
  region: Config['workingDaysRegion'],
): DutyView {
  const type = isDutyEventType(row.eventType) ? row.eventType : 'started';
  const recordedOn = todayInLondon(row.eventRecordedAt);
  const dueOn = dutyDueOn(recordedOn, row.partnerCaseOpenedOn, days[type], region);
  return {
    eventId: row.eventId,
    partnerCase: {
      id: row.partnerCaseId,
      reference: row.partnerCaseReference,
      name: `${row.partnerGivenName} ${row.partnerFamilyName}`,
    },
    participant: { id: row.participantId, name: `${row.participantGivenName} ${row.participantFamilyName}` },
    kind: DUTY_EVENT_LABELS[type],
    whatToTell: row.basicSummary,
    recordedOn,
    dueOn,
    overdue: row.recordId === null && today > dueOn,
    done:
      row.recordId === null || row.recordedAt === null
        ? null
        : {
            told: row.outcome === 'told',
            method: row.method ? DUTY_METHOD_LABELS[row.method] : null,
            toldAt: row.toldAt ? row.toldAt.toISOString() : null,
            reason: row.reason ? NOT_TOLD_REASON_LABELS[row.reason] : null,
            note: row.note,
            recordedAt: row.recordedAt.toISOString(),
            recordedByName: row.recordedByName,
          },
  };
}
