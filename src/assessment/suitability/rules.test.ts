import { describe, expect, it } from 'vitest';
import type { SuitabilityOutcome } from '../../db/schema.js';
import { reasonsExplainDeparture, suggestOutcome, type SuggestionInput } from './rules.js';

/*
 * Matching by risk, need and responsivity: the suggested outcome for each combination that decides
 * it, in the order the rules apply (exclusion, then risk, then responsivity, then readiness).
 */
const base: SuggestionInput = {
  acknowledgement: 'acknowledges',
  responsibility: 'accepts',
  exclusionFactors: [],
  responsivityNeeds: [],
  riskLevel: 'standard',
};

const TABLE: Array<[string, Partial<SuggestionInput>, SuitabilityOutcome]> = [
  ['acknowledges, accepts, standard risk', {}, 'early_response'],
  ['acknowledges, accepts, medium risk', { riskLevel: 'medium' }, 'group_dapp'],
  ['acknowledges, accepts, no risk assessment yet (unknown is never low)', { riskLevel: null }, 'group_dapp'],
  ['partly acknowledges, standard risk', { acknowledgement: 'partly' }, 'group_dapp'],
  ['acknowledges, partly accepts, standard risk', { responsibility: 'partly' }, 'group_dapp'],
  ['denies everything, medium risk', { acknowledgement: 'denies', responsibility: 'denies', riskLevel: 'medium' }, 'group_dapp'],
  ['high risk', { riskLevel: 'high' }, 'high_harm'],
  ['very high risk', { riskLevel: 'very_high' }, 'high_harm'],
  [
    'very high risk and an interpreter: risk comes first',
    { riskLevel: 'very_high', responsivityNeeds: ['interpreter'] },
    'high_harm',
  ],
  ['an interpreter', { responsivityNeeds: ['interpreter'] }, 'one_to_one'],
  ['a same-sex relationship', { responsivityNeeds: ['same_sex_relationship'], riskLevel: 'medium' }, 'one_to_one'],
  ['unsuitable for group work', { exclusionFactors: ['group_unsuitable'] }, 'one_to_one'],
  [
    'shift work and literacy only: still a group',
    { responsivityNeeds: ['shift_work', 'literacy'], riskLevel: 'medium' },
    'group_dapp',
  ],
  ['severe mental illness', { exclusionFactors: ['severe_mental_illness'] }, 'not_suitable'],
  [
    'chaotic substance use and very high risk: exclusion comes first',
    { exclusionFactors: ['chaotic_substance_use'], riskLevel: 'very_high' },
    'not_suitable',
  ],
  ['no abuse in an intimate relationship', { exclusionFactors: ['no_relationship_abuse'] }, 'not_suitable'],
  [
    'cognitive impairment with group unsuitability',
    { exclusionFactors: ['group_unsuitable', 'cognitive_impairment'] },
    'not_suitable',
  ],
  ['another exclusion factor', { exclusionFactors: ['other'] }, 'not_suitable'],
];

describe('the suggested outcome', () => {
  it.each(TABLE)('%s', (_name, change, outcome) => {
    expect(suggestOutcome({ ...base, ...change }).outcome).toBe(outcome);
  });

  it('gives its basis in words', () => {
    expect(suggestOutcome({ ...base, exclusionFactors: ['severe_mental_illness', 'group_unsuitable'] }).basis).toBe(
      'Exclusion factor recorded: severe mental illness',
    );
    expect(suggestOutcome({ ...base, riskLevel: 'very_high' }).basis).toBe('High harm: latest risk assessment: very high risk');
    expect(suggestOutcome({ ...base, responsivityNeeds: ['interpreter'], exclusionFactors: ['group_unsuitable'] }).basis).toBe(
      'Cannot join a group: needs an interpreter, unsuitable for group work',
    );
    expect(suggestOutcome(base).basis).toBe(
      'Acknowledges a problem and accepts responsibility; latest risk assessment: standard risk',
    );
    expect(suggestOutcome({ ...base, riskLevel: null }).basis).toBe('No exclusion or one-to-one need; no risk assessment yet');
  });
});

describe('reasons for choosing another outcome', () => {
  it.each([
    ['', false],
    ['Agreed', false],
    ['See notes above.', false],
    ['He works nights', false],
    ['He works nights so cannot attend the group.', true],
    ['Probation require a group programme under his order.', true],
    ['1 2 3 4 5 6 7', false],
  ])('%j explains a departure: %s', (reasons, explains) => {
    expect(reasonsExplainDeparture(reasons)).toBe(explains);
  });
});
