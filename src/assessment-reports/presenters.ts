import { RISK_DOMAINS, RISK_DOMAIN_LABELS, DOMAIN_RATING_LABELS, RISK_LEVEL_LABELS } from '../assessment/domains.js';
import type { RiskAssessmentRow } from '../assessment/risk-assessment/repository.js';
import type { SuitabilityRow } from '../assessment/suitability/repository.js';
import type { ParticipantCaseRow } from '../participants/repository.js';
import { formatDate } from '../web/filters.js';
import type { PartnerPieceRow, ReportRow } from './repository.js';
import {
  ACKNOWLEDGEMENT_LABELS,
  BASIS_IN_REPORT,
  MOTIVATION_LABELS,
  OUTCOME_LABELS,
  RECIPIENT_KIND_LABELS,
  RESPONSIBILITY_LABELS,
} from './schemas.js';

/*
 * Presenters list every field they send. A report is his side's record; its partner-side pieces
 * are added only for a viewer who may read them (management), and come from the share ledger.
 */

export type ReportParticipant = { id: string; name: string; dateOfBirth: string | null; reference: string };

export type SuitabilityView = {
  id: string;
  assessedOn: string;
  outcome: string;
  outcomeLabel: string;
  acknowledgementLabel: string;
  acknowledgementNotes: string | null;
  responsibilityLabel: string;
  responsibilityNotes: string | null;
  motivationLabel: string;
  motivationNotes: string | null;
  reasons: string;
  assessorName: string;
};

export type RiskView = {
  id: string;
  version: number;
  assessedOn: string;
  overallLevel: string;
  overallLevelLabel: string;
  summary: string;
  managementPlan: string;
  reviewOn: string;
  assessorName: string;
  domains: Array<{ domain: string; label: string; rating: string; ratingLabel: string; evidence: string | null }>;
};

export type PartnerPiece = {
  shareId: string;
  information: string;
  basis: string;
  basisText: string;
  sharedOn: string;
  sharedByName: string;
  /** "Shared on 20 November 2026 on the basis of: her consent" */
  sentence: string;
};

export type ReportView = {
  id: string;
  organisationName: string;
  participant: ReportParticipant;
  recipientKind: string;
  recipientKindLabel: string;
  recipient: string;
  purpose: string;
  writtenAt: string;
  writtenByName: string;
  suitability: SuitabilityView | null;
  risk: RiskView | null;
  findings: string;
  recommendations: string;
  /** What the viewer may read: always empty for his side, which cannot even see that a report carries any. */
  partnerInformation: PartnerPiece[];
};

export type ReportListItem = {
  id: string;
  recipientKindLabel: string;
  recipient: string;
  purpose: string;
  writtenAt: string;
  writtenByName: string;
};

export function presentParticipant(row: ParticipantCaseRow): ReportParticipant {
  return {
    id: row.participantId,
    name: `${row.givenName} ${row.familyName}`,
    dateOfBirth: row.dateOfBirth,
    reference: row.reference,
  };
}

export function presentSuitability(row: SuitabilityRow): SuitabilityView {
  return {
    id: row.id,
    assessedOn: row.assessedOn,
    outcome: row.outcome,
    outcomeLabel: OUTCOME_LABELS[row.outcome],
    acknowledgementLabel: ACKNOWLEDGEMENT_LABELS[row.acknowledgement],
    acknowledgementNotes: row.acknowledgementNotes,
    responsibilityLabel: RESPONSIBILITY_LABELS[row.responsibility],
    responsibilityNotes: row.responsibilityNotes,
    motivationLabel: MOTIVATION_LABELS[row.motivation],
    motivationNotes: row.motivationNotes,
    reasons: row.reasons,
    assessorName: row.assessedByName ?? '',
  };
}

export function presentRisk(row: RiskAssessmentRow): RiskView {
  const byDomain = new Map(row.domains.map((d) => [d.domain, d]));
  return {
    id: row.id,
    version: row.version,
    assessedOn: row.assessedOn,
    overallLevel: row.overallLevel,
    overallLevelLabel: RISK_LEVEL_LABELS[row.overallLevel],
    summary: row.summary,
    managementPlan: row.managementPlan,
    reviewOn: row.reviewOn,
    assessorName: row.authorName,
    // In the order the assessment asks them; a domain not rated is left out.
    domains: RISK_DOMAINS.flatMap((domain) => {
      const d = byDomain.get(domain);
      return d
        ? [
            {
              domain,
              label: RISK_DOMAIN_LABELS[domain],
              rating: d.rating,
              ratingLabel: DOMAIN_RATING_LABELS[d.rating],
              evidence: d.evidence,
            },
          ]
        : [];
    }),
  };
}

export function presentPartnerPiece(row: PartnerPieceRow): PartnerPiece {
  const sharedOn = row.sharedAt.toISOString();
  const basisText = BASIS_IN_REPORT[row.basis];
  return {
    shareId: row.shareId,
    information: row.information,
    basis: row.basis,
    basisText,
    sharedOn,
    sharedByName: row.sharedByName,
    sentence: `Shared on ${formatDate(sharedOn)} on the basis of: ${basisText}`,
  };
}

export function presentListItem(row: ReportRow): ReportListItem {
  return {
    id: row.id,
    recipientKindLabel: RECIPIENT_KIND_LABELS[row.recipientKind],
    recipient: row.recipient,
    purpose: row.purpose,
    writtenAt: row.createdAt.toISOString(),
    writtenByName: row.writtenByName,
  };
}

const withNotes = (label: string, notes: string | null) => (notes ? `${label}. ${notes}` : `${label}.`);

/** The findings the form starts from: what the chosen assessments found, for the assessor to edit. */
export function prefillFindings(suitability: SuitabilityView | null, risk: RiskView | null): string {
  const parts: string[] = [];
  if (suitability) {
    parts.push(
      [
        `Suitability assessment of ${formatDate(suitability.assessedOn)}: ${suitability.outcomeLabel}.`,
        `Acknowledgement: ${withNotes(suitability.acknowledgementLabel, suitability.acknowledgementNotes)}`,
        `Responsibility: ${withNotes(suitability.responsibilityLabel, suitability.responsibilityNotes)}`,
        `Motivation: ${withNotes(suitability.motivationLabel, suitability.motivationNotes)}`,
        `Reasons: ${suitability.reasons}`,
      ].join('\n'),
    );
  }
  if (risk) {
    const lines = [
      `Risk assessment (version ${risk.version}) of ${formatDate(risk.assessedOn)}: overall risk ${risk.overallLevelLabel.toLowerCase()}.`,
      risk.summary,
    ];
    if (risk.domains.length > 0) {
      lines.push(
        'Domain ratings:',
        ...risk.domains.map((d) => `- ${d.label}: ${d.ratingLabel}.${d.evidence ? ` ${d.evidence}` : ''}`),
      );
    }
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

/** The recommendations the form starts from: the risk management plan, or the intervention he was matched to. */
export function prefillRecommendations(suitability: SuitabilityView | null, risk: RiskView | null): string {
  if (risk) {
    return risk.managementPlan;
  }
  return suitability ? `Intervention: ${suitability.outcomeLabel}.` : '';
}
