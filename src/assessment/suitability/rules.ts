import type {
  Acknowledgement,
  ExclusionFactor,
  Responsibility,
  ResponsivityNeed,
  RiskLevel,
  SuitabilityOutcome,
} from '../../db/schema.js';
import { RISK_LEVEL_LABELS } from '../domains.js';
import { EXCLUSION_FACTOR_LABELS, RESPONSIVITY_NEED_LABELS } from './schemas.js';

/*
 * Matching him to an intervention by risk, need and responsivity (Respect standard; seed 003: early
 * response, group DAPP, one-to-one, high-harm case management, or not suitable). The rule gives a
 * SUGGESTION with its basis; the assessor decides, and says why when deciding otherwise.
 *
 * In order, the first that applies:
 * 1. An exclusion factor (other than being unsuitable for group work) -> not suitable: the
 *    programme cannot work with him safely (severe mental illness, chaotic substance use,
 *    cognitive impairment, no abuse in an intimate relationship, or another recorded reason).
 * 2. His latest risk assessment is high or very high -> high-harm case management (Drive model):
 *    risk comes before need, and a group alone does not manage high harm.
 * 3. An interpreter, abuse in a same-sex relationship, or unsuitable for group work -> one-to-one
 *    (seed 003: the one-to-one programme is for men who cannot join a group).
 * 4. He acknowledges a problem, accepts responsibility and his risk is assessed as standard ->
 *    early response (Make a Change: early, lower-risk work). An unknown risk is never low.
 * 5. Otherwise -> the group programme (DAPP).
 */

export type SuggestionInput = {
  acknowledgement: Acknowledgement;
  responsibility: Responsibility;
  exclusionFactors: readonly ExclusionFactor[];
  responsivityNeeds: readonly ResponsivityNeed[];
  /** The overall level of his latest risk assessment; null when he has none yet. */
  riskLevel: RiskLevel | null;
};

export type Suggestion = { outcome: SuitabilityOutcome; basis: string };

const ONE_TO_ONE_NEEDS = ['interpreter', 'same_sex_relationship'] as const satisfies readonly ResponsivityNeed[];

const listed = (items: string[]) => items.map((item) => item.toLowerCase()).join(', ');

export function riskBasis(level: RiskLevel | null): string {
  return level ? `latest risk assessment: ${RISK_LEVEL_LABELS[level].toLowerCase()} risk` : 'no risk assessment yet';
}

/** The outcome the rules suggest for these answers, with the basis in words. Pure. */
export function suggestOutcome(input: SuggestionInput): Suggestion {
  const excluding = input.exclusionFactors.filter((f) => f !== 'group_unsuitable');
  if (excluding.length > 0) {
    return {
      outcome: 'not_suitable',
      basis: `Exclusion factor recorded: ${listed(excluding.map((f) => EXCLUSION_FACTOR_LABELS[f]))}`,
    };
  }
  if (input.riskLevel === 'high' || input.riskLevel === 'very_high') {
    return { outcome: 'high_harm', basis: `High harm: ${riskBasis(input.riskLevel)}` };
  }
  const oneToOne: string[] = ONE_TO_ONE_NEEDS.filter((n) => input.responsivityNeeds.includes(n)).map(
    (n) => RESPONSIVITY_NEED_LABELS[n],
  );
  if (input.exclusionFactors.includes('group_unsuitable')) {
    oneToOne.push(EXCLUSION_FACTOR_LABELS.group_unsuitable);
  }
  if (oneToOne.length > 0) {
    return { outcome: 'one_to_one', basis: `Cannot join a group: ${listed(oneToOne)}` };
  }
  if (input.acknowledgement === 'acknowledges' && input.responsibility === 'accepts' && input.riskLevel === 'standard') {
    return {
      outcome: 'early_response',
      basis: `Acknowledges a problem and accepts responsibility; ${riskBasis(input.riskLevel)}`,
    };
  }
  return { outcome: 'group_dapp', basis: `No exclusion or one-to-one need; ${riskBasis(input.riskLevel)}` };
}

/** Fewest words that make the reasons for departing from the suggestion a real sentence. */
export const MIN_WORDS_TO_DEPART = 6;

/**
 * Whether the reasons can stand for an outcome other than the suggested one: at least a sentence
 * (six words or more), not a word or two ("agreed", "see notes").
 */
export function reasonsExplainDeparture(reasons: string): boolean {
  return (
    reasons
      .trim()
      .split(/\s+/)
      .filter((word) => /\p{L}/u.test(word)).length >= MIN_WORDS_TO_DEPART
  );
}
