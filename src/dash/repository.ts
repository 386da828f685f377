import { sql, type QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import type { DashAnswer, DashLevel, Database } from '../db/schema.js';

/*
 * The SQL of her DASH risk identification checklists. Partner side: row-level security admits only
 * the partner side and management of the same organisation. Access is decided in the service.
 *
 * latestDashForCase and dashWithAnswers are the readers other capabilities use (the MARAC
 * referral is pre-filled from her latest DASH; the risk picture reads her levels over time).
 * They do not authorise or audit: call them inside a transaction that has already done both.
 */

/** One DASH as stored, with the level that stands (professional judgement's, when it raised it). */
export type DashRow = {
  id: string;
  organisationId: string;
  partnerCaseId: string;
  completedOn: string;
  safeToTalk: boolean;
  safeContactChecked: boolean;
  hisWhereabouts: string | null;
  childrenWhereabouts: string | null;
  yesCount: number;
  scoreLevel: DashLevel;
  judgementLevel: DashLevel | null;
  judgementReasons: string | null;
  finalLevel: DashLevel;
  policeCalloutsPastYear: number | null;
  herViewOfRisk: string | null;
  completedBy: string;
  completedByName: string;
  createdAt: Date;
};

export type DashAnswerRow = { answer: DashAnswer; comment: string | null };

/** A DASH with its answers by question number (1 to 24). */
export type DashWithAnswers = DashRow & { answers: Record<number, DashAnswerRow> };

export type NewDash = {
  organisationId: string;
  partnerCaseId: string;
  completedOn: string;
  safeToTalk: boolean;
  safeContactChecked: boolean;
  hisWhereabouts: string | null;
  childrenWhereabouts: string | null;
  yesCount: number;
  scoreLevel: DashLevel;
  judgementLevel: DashLevel | null;
  judgementReasons: string | null;
  policeCalloutsPastYear: number | null;
  herViewOfRisk: string | null;
  completedBy: string;
  answers: Record<number, DashAnswerRow>;
};

const dashes = (db: QueryCreator<Database>) =>
  db
    .selectFrom('dash_assessments as d')
    .innerJoin('users', 'users.id', 'd.completed_by')
    .select([
      'd.id',
      'd.organisation_id as organisationId',
      'd.partner_case_id as partnerCaseId',
      'd.completed_on as completedOn',
      'd.safe_to_talk as safeToTalk',
      'd.safe_contact_checked as safeContactChecked',
      'd.his_whereabouts as hisWhereabouts',
      'd.children_whereabouts as childrenWhereabouts',
      'd.yes_count as yesCount',
      'd.score_level as scoreLevel',
      'd.judgement_level as judgementLevel',
      'd.judgement_reasons as judgementReasons',
      // The database refuses a judgement that does not raise the level, so this is the level that stands.
      sql<DashLevel>`coalesce(d.judgement_level, d.score_level)`.as('finalLevel'),
      'd.police_callouts_past_year as policeCalloutsPastYear',
      'd.her_view_of_risk as herViewOfRisk',
      'd.completed_by as completedBy',
      'users.display_name as completedByName',
      'd.created_at as createdAt',
    ]);

const dashQuery = compiledQuery((db, p: Placeholders<{ dashId: string }>) => dashes(db).where('d.id', '=', p.dashId));

export async function findDash(trx: Trx, dashId: string): Promise<DashRow | undefined> {
  return dashQuery.first(trx, { dashId });
}

const dashesOfCaseQuery = compiledQuery((db, p: Placeholders<{ partnerCaseId: string }>) =>
  dashes(db).where('d.partner_case_id', '=', p.partnerCaseId).orderBy('d.completed_on', 'desc').orderBy('d.created_at', 'desc'),
);

/** Her DASHes over time, newest first. */
export async function listDashesForCase(trx: Trx, partnerCaseId: string): Promise<DashRow[]> {
  return dashesOfCaseQuery.all(trx, { partnerCaseId });
}

const latestDashQuery = compiledQuery((db, p: Placeholders<{ partnerCaseId: string }>) =>
  dashes(db)
    .where('d.partner_case_id', '=', p.partnerCaseId)
    .orderBy('d.completed_on', 'desc')
    .orderBy('d.created_at', 'desc')
    .limit(1),
);

/** Her most recent DASH (by the date completed, then when it was recorded), or undefined when none. */
export async function latestDashForCase(trx: Trx, partnerCaseId: string): Promise<DashRow | undefined> {
  return latestDashQuery.first(trx, { partnerCaseId });
}

const dashAnswersQuery = compiledQuery((db, p: Placeholders<{ dashId: string }>) =>
  db
    .selectFrom('dash_answers')
    .select(['question', 'answer', 'comment'])
    .where('dash_assessment_id', '=', p.dashId)
    .orderBy('question'),
);

/** The answers of one DASH by question number. */
export async function answersForDash(trx: Trx, dashId: string): Promise<Record<number, DashAnswerRow>> {
  const rows = await dashAnswersQuery.all(trx, { dashId });
  return Object.fromEntries(rows.map((r) => [r.question, { answer: r.answer, comment: r.comment }]));
}

/** One DASH with its answers by question number, or undefined when there is none (or it is not visible). */
export async function dashWithAnswers(trx: Trx, dashId: string): Promise<DashWithAnswers | undefined> {
  const dash = await findDash(trx, dashId);
  return dash ? { ...dash, answers: await answersForDash(trx, dashId) } : undefined;
}

/** Inserts a DASH and its answers; the database checks the level against the yes count and the judgement. */
export async function insertDash(trx: Trx, dash: NewDash): Promise<string> {
  const { id } = await trx
    .insertInto('dash_assessments')
    .values({
      organisation_id: dash.organisationId,
      partner_case_id: dash.partnerCaseId,
      completed_on: dash.completedOn,
      safe_to_talk: dash.safeToTalk,
      safe_contact_checked: dash.safeContactChecked,
      his_whereabouts: dash.hisWhereabouts,
      children_whereabouts: dash.childrenWhereabouts,
      yes_count: dash.yesCount,
      score_level: dash.scoreLevel,
      judgement_level: dash.judgementLevel,
      judgement_reasons: dash.judgementReasons,
      police_callouts_past_year: dash.policeCalloutsPastYear,
      her_view_of_risk: dash.herViewOfRisk,
      completed_by: dash.completedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const answers = Object.entries(dash.answers).map(([question, a]) => ({
    dash_assessment_id: id,
    organisation_id: dash.organisationId,
    question: Number(question),
    answer: a.answer,
    comment: a.comment,
  }));
  if (answers.length > 0) {
    await trx.insertInto('dash_answers').values(answers).execute();
  }
  return id;
}
