import { sql, type Kysely } from 'kysely';

/*
 * The dashboard's reviews due (her safety plan's review date, his risk assessment's review date)
 * start from the versions whose review date has come, on an index in that order, and keep the
 * current version of each; they no longer read every case of the organisation to find each one's
 * current version (issue 11: nothing scans a whole organisation per page view).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX safety_plan_versions_review_idx ON safety_plan_versions (organisation_id, review_on)`.execute(db);
  await sql`CREATE INDEX risk_assessments_review_idx ON risk_assessments (organisation_id, review_on)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX risk_assessments_review_idx, safety_plan_versions_review_idx`.execute(db);
}
