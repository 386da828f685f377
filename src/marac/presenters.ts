import type { ForPartnerCase } from '../children/partner-details-service.js';
import type { DashAnswer, DashLevel, MaracCriterion, MaracStatus } from '../db/schema.js';
import { DASH_ANSWER_LABELS, DASH_LEVEL_LABELS, dashQuestion, finalDashLevel } from '../dash/questions.js';
import type { MeetingRow } from './meetings-repository.js';
import type { ActionRow } from './outcome-repository.js';
import type { DashAnswerRow, DashSummaryRow } from './dash-repository.js';
import type { ReferralRow } from './repository.js';
import { CRITERION_LABELS, CRITERION_SHORT_LABELS, STATUS_LABELS } from './schemas.js';

/** Her DASH as the referral shows it: read from the DASH itself, never a copy. */
export type DashOnReferral = {
  id: string;
  completedOn: string;
  yesCount: number;
  level: DashLevel;
  levelLabel: string;
  policeCalloutsPastYear: number | null;
  answers: Array<{ question: number; text: string; answer: DashAnswer; answerLabel: string; comment: string | null }>;
};

export function presentDash(row: DashSummaryRow, answers: DashAnswerRow[], hisName: string): DashOnReferral {
  const level = finalDashLevel(row.scoreLevel, row.judgementLevel);
  return {
    id: row.id,
    completedOn: row.completedOn,
    yesCount: row.yesCount,
    level,
    levelLabel: DASH_LEVEL_LABELS[level],
    policeCalloutsPastYear: row.policeCalloutsPastYear,
    answers: answers.map((a) => ({
      question: a.question,
      text: dashQuestion(a.question, hisName),
      answer: a.answer,
      answerLabel: DASH_ANSWER_LABELS[a.answer],
      comment: a.comment,
    })),
  };
}

export type CriterionView = { code: MaracCriterion; label: string };

export const presentCriteria = (criteria: MaracCriterion[]): CriterionView[] =>
  criteria.map((code) => ({ code, label: CRITERION_LABELS[code] }));

export type MaracActionView = {
  id: string;
  action: string;
  agency: string;
  dueOn: string | null;
  completedOn: string | null;
  recordedBy: string;
};

export const presentAction = (row: ActionRow): MaracActionView => ({
  id: row.id,
  action: row.action,
  agency: row.agency,
  dueOn: row.dueOn,
  completedOn: row.completedOn,
  recordedBy: row.recordedByName,
});

export type MaracReferralView = {
  id: string;
  partnerCaseId: string;
  referredOn: string;
  area: string;
  meeting: { id: string; meetsOn: string } | null;
  criteria: CriterionView[];
  judgementReasons: string | null;
  policeCalloutsPastYear: number | null;
  safeToCall: boolean;
  safeNumber: string | null;
  safeTimes: string | null;
  afraidOf: string | null;
  safeToTalkTo: string | null;
  notSafeToTalkTo: string | null;
  childrenAndSchools: string | null;
  relationship: string;
  previousMaracs: string | null;
  sheKnows: boolean;
  sheConsents: boolean;
  noConsentReason: string | null;
  status: MaracStatus;
  statusLabel: string;
  heardOn: string | null;
  outcome: string | null;
  referredBy: string;
  referredAt: string;
  dashAssessmentId: string | null;
};

export function presentReferral(row: ReferralRow): MaracReferralView {
  return {
    id: row.id,
    partnerCaseId: row.partnerCaseId,
    referredOn: row.referredOn,
    area: row.area,
    meeting: row.maracMeetingId && row.meetsOn ? { id: row.maracMeetingId, meetsOn: row.meetsOn } : null,
    criteria: presentCriteria(row.criteria),
    judgementReasons: row.judgementReasons,
    policeCalloutsPastYear: row.policeCalloutsPastYear,
    safeToCall: row.safeToCall,
    safeNumber: row.safeNumber,
    safeTimes: row.safeTimes,
    afraidOf: row.afraidOf,
    safeToTalkTo: row.safeToTalkTo,
    notSafeToTalkTo: row.notSafeToTalkTo,
    childrenAndSchools: row.childrenAndSchools,
    relationship: row.relationship,
    previousMaracs: row.previousMaracs,
    sheKnows: row.sheKnows,
    sheConsents: row.sheConsents,
    noConsentReason: row.noConsentReason,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    heardOn: row.heardOn,
    outcome: row.outcome,
    referredBy: row.referredByName,
    referredAt: row.createdAt.toISOString(),
    dashAssessmentId: row.dashAssessmentId,
  };
}

/** One line of her case page's MARAC section. */
export type MaracReferralItem = {
  id: string;
  referredOn: string;
  area: string;
  meetsOn: string | null;
  status: MaracStatus;
  statusLabel: string;
  criteria: string[];
};

export const presentReferralItem = (row: ReferralRow): MaracReferralItem => ({
  id: row.id,
  referredOn: row.referredOn,
  area: row.area,
  meetsOn: row.meetsOn,
  status: row.status,
  statusLabel: STATUS_LABELS[row.status],
  criteria: row.criteria.map((c) => CRITERION_SHORT_LABELS[c]),
});

/** One case on a meeting's list, as a MARAC coordinator reads it. */
export type MeetingListEntry = {
  referralId: string;
  partnerCaseId: string;
  caseReference: string;
  partnerName: string;
  hisName: string;
  referredOn: string;
  criteria: string[];
  dashLevel: string;
  dashYesCount: number | null;
  consent: string;
  status: string;
};

export function consentLabel(row: Pick<ReferralRow, 'sheKnows' | 'sheConsents'>): string {
  if (row.sheConsents) {
    return 'Knows and consents';
  }
  return row.sheKnows ? 'Knows, does not consent' : 'Does not know';
}

export const presentMeetingEntry = (row: ReferralRow): MeetingListEntry => ({
  referralId: row.id,
  partnerCaseId: row.partnerCaseId,
  caseReference: row.caseReference,
  partnerName: `${row.partnerGivenName} ${row.partnerFamilyName}`,
  hisName: `${row.hisGivenName} ${row.hisFamilyName}`,
  referredOn: row.referredOn,
  criteria: row.criteria.map((c) => CRITERION_SHORT_LABELS[c]),
  dashLevel: row.dashScoreLevel ? DASH_LEVEL_LABELS[finalDashLevel(row.dashScoreLevel, row.dashJudgementLevel)] : 'No DASH',
  dashYesCount: row.dashYesCount,
  consent: consentLabel(row),
  status: STATUS_LABELS[row.status],
});

export type MeetingView = { id: string; area: string; meetsOn: string; referralCount: number };

export const presentMeeting = (row: MeetingRow): MeetingView => ({
  id: row.id,
  area: row.area,
  meetsOn: row.meetsOn,
  referralCount: row.referralCount,
});

/** A referral's page: her case, the referral with the DASH it names, its actions, and the meetings it may be listed for. */
export type ReferralPage = {
  partnerCase: ForPartnerCase;
  referral: MaracReferralView;
  dash: DashOnReferral | null;
  actions: MaracActionView[];
  /** Meetings of the referral's area from today on, to list a referral not yet heard for one. */
  meetingOptions: MeetingView[];
};
