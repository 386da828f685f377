import type { MaracCriterion } from '../db/schema.js';
import { VISIBLE_HIGH_RISK_YES_COUNT } from '../dash/questions.js';

/*
 * The MARAC referral criteria (SafeLives; ../shared/docs/dash.md), worked out on the server so
 * that a referral never rests on a box ticked by mistake:
 * 1. visible high risk: 14 or more "yes" answers on her DASH;
 * 2. professional judgement, with the reasons written down;
 * 3. potential escalation: police call-outs in the past 12 months at or above the local setting;
 * 4. repeat: a referral of her case within the 12 months before this one.
 * Judgement is the only one the worker chooses, and the only way to refer when none of the others apply.
 */

export type CriteriaFacts = {
  /** The DASH's "yes" answers, or null when the referral is made without a DASH. */
  dashYesCount: number | null;
  policeCalloutsPastYear: number | null;
  calloutThreshold: number;
  /** The date of her latest earlier MARAC referral within the 12 months before this one, if any. */
  earlierReferralOn: string | null;
  professionalJudgement: boolean;
};

export type CriteriaMet = { criteria: MaracCriterion[]; repeatOf: string | null };

export function criteriaMet(facts: CriteriaFacts): CriteriaMet {
  const criteria: MaracCriterion[] = [];
  if (facts.dashYesCount !== null && facts.dashYesCount >= VISIBLE_HIGH_RISK_YES_COUNT) {
    criteria.push('visible_high_risk');
  }
  if (facts.professionalJudgement) {
    criteria.push('professional_judgement');
  }
  if (facts.policeCalloutsPastYear !== null && facts.policeCalloutsPastYear >= facts.calloutThreshold) {
    criteria.push('escalation');
  }
  if (facts.earlierReferralOn !== null) {
    criteria.push('repeat');
  }
  return { criteria, repeatOf: facts.earlierReferralOn };
}

/** The day 12 months before `isoDate`: the start of the window a repeat referral falls in. */
export function twelveMonthsBefore(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year - 1, month - 1, day));
  // 29 February a year back is 1 March: keep it inside the window rather than outside.
  if (date.getUTCMonth() !== month - 1) {
    date.setUTCDate(0);
  }
  return date.toISOString().slice(0, 10);
}
