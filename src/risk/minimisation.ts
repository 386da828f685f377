import type { DashAnswer, DomainRating, RiskDomain } from '../db/schema.js';

/*
 * The minimisation flag: his account set against hers. Seed 000: "Ben's account was significantly
 * minimised in comparison to Zoe's" — and minimisation is itself a risk signal. Where his latest
 * risk assessment rates a domain "none" and her latest DASH answers "yes" to a question about the
 * same abuse, the two accounts disagree and a manager should look again.
 *
 * The comparison needs both sides' records, so the flag is shown ONLY on the combined risk picture
 * (management): never on his side's pages (it would tell them what she said), never on hers (it
 * would tell her worker what his assessment found), never in any API response to anyone else.
 *
 * Which DASH questions (src/dash/questions.ts) speak to which domain of his assessment
 * (src/assessment/domains.ts):
 *
 * | domain of his assessment   | DASH question(s) she answered                                       |
 * |----------------------------|---------------------------------------------------------------------|
 * | physical_violence          | Q1  the current incident resulted in injury                         |
 * | separation_child_contact   | Q6  separated or tried to separate; Q7 conflict over child contact  |
 * | stalking                   | Q8  constantly texts, calls, follows, stalks or harasses            |
 * | coercive_control           | Q12 controls everything / excessively jealous; Q4 isolates her      |
 * | weapons                    | Q13 used weapons or objects to hurt her                             |
 * | threats_to_kill            | Q14 threatened to kill her or someone else                          |
 * | strangulation              | Q15 attempted to strangle, choke, suffocate or drown her            |
 * | sexual_violence            | Q16 does or says sexual things that make her feel bad or hurt       |
 * | history_of_violence        | Q18 has hurt anyone else; Q24 trouble with the police / criminal    |
 * | substance_use              | Q21 drugs, alcohol or mental health problems in the past year       |
 * | mental_health              | Q21 (the same question covers both)                                 |
 * | breaches_of_orders         | Q23 broken bail, an injunction or an agreement about contact        |
 *
 * Domains with no DASH counterpart (attitudes_denial, children_exposure) are never flagged.
 */
export const DOMAIN_DASH_QUESTIONS: Readonly<Partial<Record<RiskDomain, readonly number[]>>> = {
  physical_violence: [1],
  separation_child_contact: [6, 7],
  stalking: [8],
  coercive_control: [12, 4],
  weapons: [13],
  threats_to_kill: [14],
  strangulation: [15],
  sexual_violence: [16],
  history_of_violence: [18, 24],
  substance_use: [21],
  mental_health: [21],
  breaches_of_orders: [23],
};

/** One domain where his assessment says "none" and she answered "yes". */
export type MinimisationFlag = {
  domain: RiskDomain;
  /** The DASH questions she answered "yes" that speak to this domain. */
  questions: number[];
};

/**
 * The domains his account minimises against hers: rated "none" in his latest risk assessment while
 * her latest DASH answers "yes" to a mapped question. "Low", "medium", "high" and "not known" are
 * not "none": only an outright denial of what she reports fires the flag.
 */
export function minimisationFlags(
  hisRatings: Partial<Record<RiskDomain, DomainRating>>,
  herAnswers: ReadonlyMap<number, DashAnswer>,
): MinimisationFlag[] {
  const flags: MinimisationFlag[] = [];
  for (const [domain, questions] of Object.entries(DOMAIN_DASH_QUESTIONS) as Array<[RiskDomain, readonly number[]]>) {
    if (hisRatings[domain] !== 'none') {
      continue;
    }
    const yes = questions.filter((question) => herAnswers.get(question) === 'yes');
    if (yes.length > 0) {
      flags.push({ domain, questions: [...yes].sort((a, b) => a - b) });
    }
  }
  return flags;
}
