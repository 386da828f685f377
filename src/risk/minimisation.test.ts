import { describe, expect, it } from 'vitest';
import { RISK_DOMAINS } from '../assessment/domains.js';
import type { DashAnswer, DomainRating, RiskDomain } from '../db/schema.js';
import { DOMAIN_DASH_QUESTIONS, minimisationFlags } from './minimisation.js';

/*
 * The minimisation flag (seed 000: "Ben's account was significantly minimised in comparison to
 * Zoe's"): his latest risk assessment rates a domain "none" while her latest DASH says "yes" to a
 * question about the same abuse.
 */
const answers = (entries: Array<[number, DashAnswer]>) => new Map<number, DashAnswer>(entries);
const allNone = Object.fromEntries(RISK_DOMAINS.map((d) => [d, 'none'])) as Record<RiskDomain, DomainRating>;

describe('the domain to DASH question table', () => {
  it.each([
    ['sexual_violence', [16]],
    ['strangulation', [15]],
    ['threats_to_kill', [14]],
    ['weapons', [13]],
    ['stalking', [8]],
    ['coercive_control', [4, 12]],
    ['substance_use', [21]],
    ['mental_health', [21]],
    ['breaches_of_orders', [23]],
    ['history_of_violence', [18, 24]],
    ['separation_child_contact', [6, 7]],
    ['physical_violence', [1]],
  ] as Array<[RiskDomain, number[]]>)('%s is compared with DASH question(s) %j', (domain, questions) => {
    expect([...(DOMAIN_DASH_QUESTIONS[domain] ?? [])].sort((a, b) => a - b)).toEqual(questions);
    // Each question fires the flag for its domain on its own.
    for (const question of questions) {
      const flags = minimisationFlags({ [domain]: 'none' }, answers([[question, 'yes']]));
      expect(flags).toEqual([{ domain, questions: [question] }]);
    }
  });

  it('attitudes and children’s exposure have no DASH counterpart and are never flagged', () => {
    expect(DOMAIN_DASH_QUESTIONS.attitudes_denial).toBeUndefined();
    expect(DOMAIN_DASH_QUESTIONS.children_exposure).toBeUndefined();
    const everyYes = answers(Array.from({ length: 24 }, (_, i): [number, DashAnswer] => [i + 1, 'yes']));
    const flagged = minimisationFlags(allNone, everyYes).map((f) => f.domain);
    expect(flagged).not.toContain('attitudes_denial');
    expect(flagged).not.toContain('children_exposure');
    expect(flagged).toHaveLength(12);
  });
});

describe('when the flag fires', () => {
  it('his assessment rates sexual violence none and she answers Q16 yes: flagged', () => {
    expect(minimisationFlags({ sexual_violence: 'none' }, answers([[16, 'yes']]))).toEqual([
      { domain: 'sexual_violence', questions: [16] },
    ]);
  });

  it.each(['low', 'medium', 'high', 'not_known'] as DomainRating[])('a rating of %s is not "none": not flagged', (rating) => {
    expect(minimisationFlags({ sexual_violence: rating }, answers([[16, 'yes']]))).toEqual([]);
  });

  it('a domain he was not rated on is not flagged', () => {
    expect(minimisationFlags({}, answers([[16, 'yes']]))).toEqual([]);
  });

  it.each(['no', 'dont_know'] as DashAnswer[])('her answer "%s" is not "yes": not flagged', (answer) => {
    expect(minimisationFlags({ sexual_violence: 'none' }, answers([[16, answer]]))).toEqual([]);
  });

  it('a question she did not answer is not flagged', () => {
    expect(minimisationFlags({ sexual_violence: 'none' }, answers([]))).toEqual([]);
  });

  it('names only the questions she answered yes, in order', () => {
    expect(
      minimisationFlags(
        { coercive_control: 'none' },
        answers([
          [12, 'yes'],
          [4, 'yes'],
        ]),
      ),
    ).toEqual([{ domain: 'coercive_control', questions: [4, 12] }]);
    expect(
      minimisationFlags(
        { history_of_violence: 'none' },
        answers([
          [18, 'no'],
          [24, 'yes'],
        ]),
      ),
    ).toEqual([{ domain: 'history_of_violence', questions: [24] }]);
  });

  it('Q21 flags both alcohol and drug use and mental health when both are rated none', () => {
    const flags = minimisationFlags({ substance_use: 'none', mental_health: 'none' }, answers([[21, 'yes']]));
    expect(flags.map((f) => f.domain).sort()).toEqual(['mental_health', 'substance_use']);
  });
});
