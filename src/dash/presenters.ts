import type { DashAnswer, DashLevel } from '../db/schema.js';
import {
  DASH_ANSWER_LABELS,
  DASH_LEVEL_LABELS,
  DASH_QUESTION_COUNT,
  VISIBLE_HIGH_RISK_YES_COUNT,
  dashQuestion,
} from './questions.js';
import type { DashRow, DashWithAnswers } from './repository.js';

/** One DASH in a list: when, the yes count and the levels. No answers. */
export type DashSummary = {
  id: string;
  partnerCaseId: string;
  completedOn: string;
  yesCount: number;
  scoreLevel: DashLevel;
  judgementLevel: DashLevel | null;
  finalLevel: DashLevel;
  finalLevelLabel: string;
  /** High, by 14+ yes answers (visible high risk) or raised to high by judgement: refer to MARAC. */
  referToMarac: boolean;
  completedBy: string;
  recordedAt: string;
};

export type DashAnswerView = { question: number; text: string; answer: DashAnswer; answerLabel: string; comment: string | null };

/** One DASH in full, as its page and the API show it. */
export type DashView = DashSummary & {
  safeToTalk: boolean;
  safeContactChecked: boolean;
  hisWhereabouts: string | null;
  childrenWhereabouts: string | null;
  scoreLevelLabel: string;
  judgementLevelLabel: string | null;
  judgementReasons: string | null;
  visibleHighRisk: boolean;
  policeCalloutsPastYear: number | null;
  herViewOfRisk: string | null;
  answers: DashAnswerView[];
};

export function presentDashSummary(row: DashRow): DashSummary {
  return {
    id: row.id,
    partnerCaseId: row.partnerCaseId,
    completedOn: row.completedOn,
    yesCount: row.yesCount,
    scoreLevel: row.scoreLevel,
    judgementLevel: row.judgementLevel,
    finalLevel: row.finalLevel,
    finalLevelLabel: DASH_LEVEL_LABELS[row.finalLevel],
    referToMarac: row.finalLevel === 'high',
    completedBy: row.completedByName,
    recordedAt: row.createdAt.toISOString(),
  };
}

/** `personCausingHarm` fills "(...)" in the questions: the participant's given name. */
export function presentDash(row: DashWithAnswers, personCausingHarm: string): DashView {
  const answers: DashAnswerView[] = [];
  for (let question = 1; question <= DASH_QUESTION_COUNT; question++) {
    const a = row.answers[question];
    if (a) {
      answers.push({
        question,
        text: dashQuestion(question, personCausingHarm),
        answer: a.answer,
        answerLabel: DASH_ANSWER_LABELS[a.answer],
        comment: a.comment,
      });
    }
  }
  return {
    ...presentDashSummary(row),
    safeToTalk: row.safeToTalk,
    safeContactChecked: row.safeContactChecked,
    hisWhereabouts: row.hisWhereabouts,
    childrenWhereabouts: row.childrenWhereabouts,
    scoreLevelLabel: DASH_LEVEL_LABELS[row.scoreLevel],
    judgementLevelLabel: row.judgementLevel ? DASH_LEVEL_LABELS[row.judgementLevel] : null,
    judgementReasons: row.judgementReasons,
    visibleHighRisk: row.yesCount >= VISIBLE_HIGH_RISK_YES_COUNT,
    policeCalloutsPastYear: row.policeCalloutsPastYear,
    herViewOfRisk: row.herViewOfRisk,
    answers,
  };
}

/** The govuk tag colour for a level. */
export const LEVEL_TAG_CLASSES: Record<DashLevel, string> = {
  standard: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--red',
};
