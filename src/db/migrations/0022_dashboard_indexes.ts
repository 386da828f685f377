import { sql, type Kysely } from 'kysely';

/*
 * The dashboard's organisation-wide sections read a few rows on an index in their order (issue 11,
 * point 2: nothing scans a whole organisation per page view). A manager's dashboard lists the first
 * few of each section and counts the rest only up to a cap.
 *
 * Escalation alerts (src/risk): open alerts of one side, newest raised first. The index of 0017
 * (organisation, side, acknowledged_at) finds the open ones but not in order, so every open alert
 * of the organisation was read and sorted; this partial index holds only open alerts, in order.
 *
 * Attendance reviews (src/programme): open reviews, oldest raised first; only the unique index of
 * open reviews per enrolment existed, so every review of the organisation was read and sorted.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX risk_alerts_open_list_idx ON risk_alerts (organisation_id, side, raised_on DESC, created_at DESC)
    WHERE acknowledged_at IS NULL`.execute(db);
  await sql`
    CREATE INDEX enrolment_reviews_open_list_idx ON enrolment_reviews (organisation_id, raised_at, id)
    WHERE resolved_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX enrolment_reviews_open_list_idx`.execute(db);
  await sql`DROP INDEX risk_alerts_open_list_idx`.execute(db);
}
