import type { Trx } from '../db/database.js';
import type { DashAnswer, DashLevel } from '../db/schema.js';

/* Her DASH as a MARAC referral reads it: referenced by the referral, never copied into it. */

export type DashSummaryRow = {
  id: string;
  organisationId: string;
  partnerCaseId: string;
  completedOn: string;
  yesCount: number;
  scoreLevel: DashLevel;
  judgementLevel: DashLevel | null;
  policeCalloutsPastYear: number | null;
};

export type DashAnswerRow = { question: number; answer: DashAnswer; comment: string | null };

const dashes = (trx: Trx) =>
  trx
    .selectFrom('dash_assessments as d')
    .select([
      'd.id',
      'd.organisation_id as organisationId',
      'd.partner_case_id as partnerCaseId',
      'd.completed_on as completedOn',
      'd.yes_count as yesCount',
      'd.score_level as scoreLevel',
      'd.judgement_level as judgementLevel',
      'd.police_callouts_past_year as policeCalloutsPastYear',
    ]);

/** Her most recent DASH (by the day it was done, then when it was saved). */
export async function findLatestDash(trx: Trx, caseId: string): Promise<DashSummaryRow | undefined> {
  return dashes(trx)
    .where('d.partner_case_id', '=', caseId)
    .orderBy('d.completed_on', 'desc')
    .orderBy('d.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findDash(trx: Trx, dashId: string): Promise<DashSummaryRow | undefined> {
  return dashes(trx).where('d.id', '=', dashId).executeTakeFirst();
}

export async function listDashAnswers(trx: Trx, dashId: string): Promise<DashAnswerRow[]> {
  return trx
    .selectFrom('dash_answers')
    .select(['question', 'answer', 'comment'])
    .where('dash_assessment_id', '=', dashId)
    .orderBy('question')
    .execute();
}
