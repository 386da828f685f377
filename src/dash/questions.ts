import type { DashAnswer, DashLevel } from '../db/schema.js';

/*
 * The SafeLives DASH risk identification checklist (DASH RIC), asked of her by her partner support
 * worker and never shown on the perpetrator side. Wording from ../shared/docs/dash.md; "(...)"
 * stands for the person causing harm and is filled in with his name when it is asked.
 *
 * One source of truth for the questions, the scoring and the levels: the DASH form, the MARAC
 * referral (pre-filled from the latest DASH) and the risk picture all read them from here.
 */
export const DASH_QUESTIONS: readonly string[] = [
  'Has the current incident resulted in injury?',
  'Are you very frightened?',
  'What are you afraid of? Is it further injury or violence?',
  'Do you feel isolated from family/friends (does (...) try to stop you seeing friends/family/doctor or others)?',
  'Are you feeling depressed or having suicidal thoughts?',
  'Have you separated or tried to separate from (...) within the past year?',
  'Is there conflict over child contact?',
  'Does (...) constantly text, call, contact, follow, stalk or harass you?',
  'Are you pregnant or have you recently had a baby (within the last 18 months)?',
  'Is the abuse happening more often?',
  'Is the abuse getting worse?',
  'Does (...) try to control everything you do and/or are they excessively jealous?',
  'Has (...) ever used weapons or objects to hurt you?',
  'Has (...) ever threatened to kill you or someone else and you believed them?',
  'Has (...) ever attempted to strangle/choke/suffocate/drown you?',
  'Does (...) do or say things of a sexual nature that make you feel bad or that physically hurt you or someone else?',
  'Is there any other person who has threatened you or who you are afraid of?',
  'Do you know if (...) has hurt anyone else?',
  'Has (...) ever mistreated an animal or the family pet?',
  'Are there any financial issues (e.g. are you dependent on (...) for money)?',
  'Has (...) had problems in the past year with drugs, alcohol or mental health leading to problems in leading a normal life?',
  'Has (...) ever threatened or attempted suicide?',
  'Has (...) ever broken bail, an injunction or a formal agreement about when they can see you and/or the children?',
  'Do you know if (...) has ever been in trouble with the police or has a criminal history?',
];

export const DASH_QUESTION_COUNT = 24;

/** Question `number` (1 to 24), with the person causing harm named. */
export function dashQuestion(number: number, personCausingHarm = 'the person causing harm'): string {
  const text = DASH_QUESTIONS[number - 1];
  if (text === undefined) {
    throw new RangeError(`There is no DASH question ${number}`);
  }
  return text.replaceAll('(...)', personCausingHarm);
}

export const DASH_ANSWERS = ['yes', 'no', 'dont_know'] as const satisfies readonly DashAnswer[];
export const DASH_ANSWER_LABELS: Record<DashAnswer, string> = { yes: 'Yes', no: 'No', dont_know: 'Don’t know' };

export const DASH_LEVELS = ['standard', 'medium', 'high'] as const satisfies readonly DashLevel[];
export const DASH_LEVEL_LABELS: Record<DashLevel, string> = { standard: 'Standard', medium: 'Medium', high: 'High' };

/** The MARAC threshold: 14 or more "yes" answers is visible high risk. */
export const VISIBLE_HIGH_RISK_YES_COUNT = 14;
const MEDIUM_FROM = 10;

/** The level the count of "yes" answers gives: 1-9 standard, 10-13 medium, 14+ high (0 is standard too). */
export function levelForYesCount(yesCount: number): DashLevel {
  if (!Number.isInteger(yesCount) || yesCount < 0 || yesCount > DASH_QUESTION_COUNT) {
    throw new RangeError('A DASH yes count is a whole number from 0 to 24');
  }
  if (yesCount >= VISIBLE_HIGH_RISK_YES_COUNT) {
    return 'high';
  }
  return yesCount >= MEDIUM_FROM ? 'medium' : 'standard';
}

const RANK: Record<DashLevel, number> = { standard: 0, medium: 1, high: 2 };

/** Whether `a` is a higher level than `b`. */
export function dashLevelAbove(a: DashLevel, b: DashLevel): boolean {
  return RANK[a] > RANK[b];
}

/**
 * The levels professional judgement may choose for a DASH that scored `scoreLevel`: only higher
 * ones. Judgement can raise the level (strangulation, stalking, threats to kill, her own
 * perception of risk, escalation, honour-based abuse), never lower it.
 */
export function levelsJudgementMayChoose(scoreLevel: DashLevel): DashLevel[] {
  return DASH_LEVELS.filter((level) => dashLevelAbove(level, scoreLevel));
}

/** The level that stands: professional judgement's when it raised it, otherwise the score's. */
export function finalDashLevel(scoreLevel: DashLevel, judgementLevel: DashLevel | null): DashLevel {
  return judgementLevel !== null && dashLevelAbove(judgementLevel, scoreLevel) ? judgementLevel : scoreLevel;
}

/** The questions, in order, before the checklist: is it safe to talk now? */
export const DASH_SAFETY_QUESTIONS = {
  safeToTalk: 'Is it safe to talk now?',
  safeContactChecked: 'Have you checked the partner’s safe number and safe times to call?',
  hisWhereabouts: 'Where is the person causing harm now?',
  childrenWhereabouts: 'Where are the children now?',
} as const;
