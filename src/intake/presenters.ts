import { RELATIONSHIP_LABELS } from '../partner-support/schemas.js';
import type { PersonMatch } from './matching.js';
import type { ParticipantCandidateRow, PartnerCandidateRow } from './repository.js';

/*
 * Presenters list every field they send. A participant match holds nothing of any partner; a
 * partner match is only ever built for partner-side and management users (see service.ts).
 */

export type ParticipantMatch = {
  id: string;
  reference: string;
  name: string;
  href: string;
  score: number;
  reasons: string[];
};

export type PartnerMatch = {
  id: string;
  partnerCaseId: string;
  reference: string;
  name: string;
  relationshipLabel: string;
  href: string;
  participant: { id: string; reference: string; name: string };
  score: number;
  reasons: string[];
};

export function presentParticipantMatch(row: ParticipantCandidateRow, match: PersonMatch): ParticipantMatch {
  return {
    id: row.id,
    reference: row.reference,
    name: `${row.givenName} ${row.familyName}`,
    href: `/participants/${row.id}`,
    score: match.score,
    reasons: match.reasons,
  };
}

export function presentPartnerMatch(row: PartnerCandidateRow, match: PersonMatch): PartnerMatch {
  return {
    id: row.id,
    partnerCaseId: row.partnerCaseId,
    reference: row.reference,
    name: `${row.givenName} ${row.familyName}`,
    relationshipLabel: RELATIONSHIP_LABELS[row.relationship],
    href: `/partner-cases/${row.partnerCaseId}`,
    participant: {
      id: row.participantId,
      reference: row.participantReference,
      name: `${row.participantGivenName} ${row.participantFamilyName}`,
    },
    score: match.score,
    reasons: match.reasons,
  };
}
