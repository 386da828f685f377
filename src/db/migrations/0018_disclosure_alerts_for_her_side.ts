import { sql, type Kysely } from 'kysely';

/*
 * Escalation alerts raised from his disclosures, for her side (issue 6, point 5), without his
 * side ever reading across the wall.
 *
 * His disclosure is recorded by his facilitator, whom row-level security keeps from her cases: so
 * the alert her side must see cannot be written once per partner case in his transaction. Instead
 * his side writes ONE partner-side alert about him (partner_case_id NULL), under an insert-only
 * policy that allows exactly that shape and nothing else; it cannot read the row back (no SELECT
 * policy for his side on partner-side rows), so it learns neither whether he has partners on the
 * service nor how many. Her side's pages expand the alert to each of his partners' open cases when
 * they read it, and each of her workers marks it dealt with for her own case: one row per case in
 * risk_alert_case_acknowledgements (partner side only).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const HER_SIDE = `ARRAY['partner','management']`;
const HIS_SIDE = `ARRAY['perpetrator','management']`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE POLICY risk_alerts_disclosure_for_her_side ON risk_alerts FOR INSERT TO parallel_app
       WITH CHECK (organisation_id = app_current_organisation_id()
         AND side = 'partner' AND source = 'disclosure' AND partner_case_id IS NULL
         AND dash_assessment_id IS NULL AND acknowledged_by IS NULL AND acknowledged_at IS NULL
         AND (SELECT app_current_user_has_side(${HIS_SIDE})))`,
    )
    .execute(db);

  await sql`
    CREATE TABLE risk_alert_case_acknowledgements (
      risk_alert_id uuid NOT NULL REFERENCES risk_alerts(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      acknowledged_by uuid NOT NULL REFERENCES users(id),
      acknowledged_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (risk_alert_id, partner_case_id)
    )`.execute(db);
  await sql`ALTER TABLE risk_alert_case_acknowledgements ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE risk_alert_case_acknowledgements FORCE ROW LEVEL SECURITY`.execute(db);
  const rule = `organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${HER_SIDE}))`;
  await sql
    .raw(
      `CREATE POLICY risk_alert_case_acknowledgements_wall ON risk_alert_case_acknowledgements FOR ALL TO parallel_app
       USING (${rule}) WITH CHECK (${rule})`,
    )
    .execute(db);
  await sql`GRANT SELECT, INSERT ON risk_alert_case_acknowledgements TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE risk_alert_case_acknowledgements`.execute(db);
  await sql`DROP POLICY risk_alerts_disclosure_for_her_side ON risk_alerts`.execute(db);
}
