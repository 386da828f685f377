import { sql, type QueryCreator } from 'kysely';
import type { ListScope } from '../access/index.js';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { TSafetyPlanInput } from './schemas.js';

export type SafetyPlanRow = {
  id: string;
  version: number;
  risks: string;
  warningSigns: string | null;
  safePlaces: string | null;
  safePeople: string | null;
  childrenSafety: string | null;
  escapeBag: string | null;
  escapeDocuments: string | null;
  escapeRoute: string | null;
  escapeDestination: string | null;
  localPolice: string | null;
  workerContact: string | null;
  technologySafety: string | null;
  reviewOn: string;
  createdAt: Date;
  authorName: string;
};

export type SafetyPlanVersionSummary = { id: string; version: number; reviewOn: string; createdAt: Date; authorName: string };

const versions = (db: QueryCreator<Database>) =>
  db
    .selectFrom('safety_plan_versions as v')
    .innerJoin('users', 'users.id', 'v.created_by')
    .select([
      'v.id',
      'v.version',
      'v.risks',
      'v.warning_signs as warningSigns',
      'v.safe_places as safePlaces',
      'v.safe_people as safePeople',
      'v.children_safety as childrenSafety',
      'v.escape_bag as escapeBag',
      'v.escape_documents as escapeDocuments',
      'v.escape_route as escapeRoute',
      'v.escape_destination as escapeDestination',
      'v.local_police as localPolice',
      'v.worker_contact as workerContact',
      'v.technology_safety as technologySafety',
      'v.review_on as reviewOn',
      'v.created_at as createdAt',
      'users.display_name as authorName',
    ]);

const currentPlanQuery = compiledQuery((db, p: Placeholders<{ caseId: string }>) =>
  versions(db).where('v.partner_case_id', '=', p.caseId).orderBy('v.version', 'desc').limit(1),
);

/** The newest version of her plan, or undefined when none has been written. */
export async function findCurrentPlan(trx: Trx, caseId: string): Promise<SafetyPlanRow | undefined> {
  return currentPlanQuery.first(trx, { caseId });
}

const planVersionQuery = compiledQuery((db, p: Placeholders<{ caseId: string; version: number }>) =>
  versions(db).where('v.partner_case_id', '=', p.caseId).where('v.version', '=', p.version),
);

export async function findPlanVersion(trx: Trx, caseId: string, version: number): Promise<SafetyPlanRow | undefined> {
  return planVersionQuery.first(trx, { caseId, version });
}

const planVersionsQuery = compiledQuery((db, p: Placeholders<{ caseId: string }>) =>
  db
    .selectFrom('safety_plan_versions as v')
    .innerJoin('users', 'users.id', 'v.created_by')
    .select(['v.id', 'v.version', 'v.review_on as reviewOn', 'v.created_at as createdAt', 'users.display_name as authorName'])
    .where('v.partner_case_id', '=', p.caseId)
    .orderBy('v.version', 'desc'),
);

/** Every version, newest first, without the plan's contents. */
export async function listPlanVersions(trx: Trx, caseId: string): Promise<SafetyPlanVersionSummary[]> {
  return planVersionsQuery.all(trx, { caseId });
}

/**
 * Appends a version numbered one after the newest. The case row is locked first so two saves at
 * once are numbered one after the other rather than colliding.
 */
export async function insertPlanVersion(
  trx: Trx,
  row: { organisationId: string; caseId: string; createdBy: string; plan: TSafetyPlanInput },
): Promise<number> {
  await trx.selectFrom('partner_cases').select('id').where('id', '=', row.caseId).forUpdate().execute();
  const latest = await trx
    .selectFrom('safety_plan_versions')
    .select((eb) => eb.fn.max<number | null>('version').as('latest'))
    .where('partner_case_id', '=', row.caseId)
    .executeTakeFirst();
  const version = Number(latest?.latest ?? 0) + 1;
  const p = row.plan;
  await trx
    .insertInto('safety_plan_versions')
    .values({
      organisation_id: row.organisationId,
      partner_case_id: row.caseId,
      version,
      risks: p.risks,
      warning_signs: p.warningSigns,
      safe_places: p.safePlaces,
      safe_people: p.safePeople,
      children_safety: p.childrenSafety,
      escape_bag: p.escapeBag,
      escape_documents: p.escapeDocuments,
      escape_route: p.escapeRoute,
      escape_destination: p.escapeDestination,
      local_police: p.localPolice,
      worker_contact: p.workerContact,
      technology_safety: p.technologySafety,
      review_on: p.reviewOn,
      created_by: row.createdBy,
    })
    .execute();
  return version;
}

/**
 * How many of the organisation's partner cases (not closed) have a current safety plan whose
 * review date has passed. For dashboards: a number only, never whose.
 */
export async function countOverduePlanReviews(trx: Trx, scope: ListScope, today: string): Promise<number> {
  // From the versions whose review date has passed (safety_plan_versions_review_idx), each kept
  // only while it is its case's current version.
  const { rows } = await sql<{ n: string }>`
    SELECT count(*)::text AS n
    FROM safety_plan_versions cur
    JOIN partner_cases pc ON pc.id = cur.partner_case_id
    WHERE cur.organisation_id = ${scope.organisationId}
      AND cur.review_on < ${today}::date
      AND NOT EXISTS (
        SELECT 1 FROM safety_plan_versions later
        WHERE later.partner_case_id = cur.partner_case_id AND later.version > cur.version
      )
      AND pc.organisation_id = ${scope.organisationId}
      AND pc.status <> 'closed'`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}

export type OverduePlanReviewRow = {
  partnerCaseId: string;
  reference: string;
  givenName: string;
  familyName: string;
  workerName: string | null;
  version: number;
  reviewOn: string;
};

/**
 * The open partner cases whose current safety plan's review date has passed, earliest first: for
 * the dashboard. `workerId` keeps only her worker's own cases (allocated_worker_id).
 */
export async function listOverduePlanReviews(
  trx: Trx,
  scope: ListScope,
  today: string,
  workerId: string | null,
): Promise<OverduePlanReviewRow[]> {
  const { rows } = await sql<OverduePlanReviewRow>`
    SELECT pc.id AS "partnerCaseId", pc.reference, p.given_name AS "givenName", p.family_name AS "familyName",
      u.display_name AS "workerName", cur.version, to_char(cur.review_on, 'YYYY-MM-DD') AS "reviewOn"
    FROM safety_plan_versions cur
    JOIN partner_cases pc ON pc.id = cur.partner_case_id
    JOIN partners p ON p.id = pc.partner_id
    LEFT JOIN users u ON u.id = pc.allocated_worker_id
    WHERE cur.organisation_id = ${scope.organisationId}
      AND cur.review_on < ${today}::date
      AND NOT EXISTS (
        SELECT 1 FROM safety_plan_versions later
        WHERE later.partner_case_id = cur.partner_case_id AND later.version > cur.version
      )
      AND pc.organisation_id = ${scope.organisationId}
      AND pc.status <> 'closed'
      AND (${workerId}::uuid IS NULL OR pc.allocated_worker_id = ${workerId}::uuid)
    ORDER BY cur.review_on, pc.reference`.execute(trx);
  return rows;
}
