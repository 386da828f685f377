import type { DisclosureSeverity, DisclosureType } from '../../db/schema.js';
import type { DisclosureRow } from './disclosures-repository.js';
import { DISCLOSURE_TYPE_LABELS, SEVERITY_LABELS } from './disclosures-schemas.js';

/** A disclosure with its detail: his side and management only, never used on a partner-side page. */
export type DisclosureView = {
  id: string;
  disclosedOn: string;
  type: DisclosureType;
  typeLabel: string;
  severity: DisclosureSeverity;
  severityLabel: string;
  detail: string;
  session: { id: string; title: string } | null;
  recordedByName: string | null;
  recordedAt: string;
};

export function presentDisclosure(row: DisclosureRow): DisclosureView {
  return {
    id: row.id,
    disclosedOn: row.disclosedOn,
    type: row.type,
    typeLabel: DISCLOSURE_TYPE_LABELS[row.type],
    severity: row.severity,
    severityLabel: SEVERITY_LABELS[row.severity].split(':')[0] ?? row.severity,
    detail: row.detail,
    session: row.sessionId && row.sessionTitle ? { id: row.sessionId, title: row.sessionTitle } : null,
    recordedByName: row.recordedByName,
    recordedAt: row.recordedAt.toISOString(),
  };
}
