import type {
  Acknowledgement,
  ExclusionFactor,
  Motivation,
  Responsibility,
  ResponsivityNeed,
  RiskLevel,
  SuitabilityOutcome,
} from '../../db/schema.js';
import { RISK_LEVEL_LABELS } from '../domains.js';
import type { SuitabilityRow } from './repository.js';
import { suggestOutcome, type Suggestion } from './rules.js';
import {
  ACKNOWLEDGEMENT_LABELS,
  EXCLUSION_FACTOR_LABELS,
  MOTIVATION_LABELS,
  OUTCOME_LABELS,
  RESPONSIBILITY_LABELS,
  RESPONSIVITY_NEED_LABELS,
} from './schemas.js';

export type SuggestionView = { outcome: SuitabilityOutcome; outcomeLabel: string; basis: string };

export function presentSuggestion(suggestion: Suggestion): SuggestionView {
  return { outcome: suggestion.outcome, outcomeLabel: OUTCOME_LABELS[suggestion.outcome], basis: suggestion.basis };
}

/**
 * A suitability assessment with its notes and reasons: his side and management only, never used on
 * a partner-side page (her worker is told the outcome and date only, through his events).
 */
export type SuitabilityView = {
  id: string;
  participantId: string;
  assessedOn: string;
  acknowledgement: { value: Acknowledgement; label: string; notes: string | null };
  responsibility: { value: Responsibility; label: string; notes: string | null };
  motivation: { value: Motivation; label: string; notes: string | null };
  exclusionFactors: { values: ExclusionFactor[]; labels: string[]; notes: string | null };
  responsivityNeeds: { values: ResponsivityNeed[]; labels: string[]; notes: string | null };
  /** The overall level of his latest risk assessment when this one was saved. */
  riskLevel: RiskLevel | null;
  riskLevelLabel: string;
  outcome: SuitabilityOutcome;
  outcomeLabel: string;
  /** What the matching rules suggested from these answers and that risk level. */
  suggestion: SuggestionView;
  /** Whether the assessor chose an outcome other than the suggested one (the reasons say why). */
  departsFromSuggestion: boolean;
  reasons: string;
  assessedByName: string | null;
  recordedAt: string;
};

export function presentSuitability(row: SuitabilityRow, riskLevel: RiskLevel | null): SuitabilityView {
  const suggestion = suggestOutcome({
    acknowledgement: row.acknowledgement,
    responsibility: row.responsibility,
    exclusionFactors: row.exclusionFactors,
    responsivityNeeds: row.responsivityNeeds,
    riskLevel,
  });
  return {
    id: row.id,
    participantId: row.participantId,
    assessedOn: row.assessedOn,
    acknowledgement: {
      value: row.acknowledgement,
      label: ACKNOWLEDGEMENT_LABELS[row.acknowledgement],
      notes: row.acknowledgementNotes,
    },
    responsibility: {
      value: row.responsibility,
      label: RESPONSIBILITY_LABELS[row.responsibility],
      notes: row.responsibilityNotes,
    },
    motivation: { value: row.motivation, label: MOTIVATION_LABELS[row.motivation], notes: row.motivationNotes },
    exclusionFactors: {
      values: row.exclusionFactors,
      labels: row.exclusionFactors.map((f) => EXCLUSION_FACTOR_LABELS[f]),
      notes: row.exclusionNotes,
    },
    responsivityNeeds: {
      values: row.responsivityNeeds,
      labels: row.responsivityNeeds.map((n) => RESPONSIVITY_NEED_LABELS[n]),
      notes: row.responsivityNotes,
    },
    riskLevel,
    riskLevelLabel: riskLevel ? RISK_LEVEL_LABELS[riskLevel] : 'No risk assessment yet',
    outcome: row.outcome,
    outcomeLabel: OUTCOME_LABELS[row.outcome],
    suggestion: presentSuggestion(suggestion),
    departsFromSuggestion: suggestion.outcome !== row.outcome,
    reasons: row.reasons,
    assessedByName: row.assessedByName,
    recordedAt: row.createdAt.toISOString(),
  };
}
