import { sql, type Kysely } from 'kysely';

/*
 * The duties to inform her (seed 001: "Keep the woman informed about her (ex-)partner's attendance
 * ... Inform her of any changes to her (ex-)partner's client status") and support after his
 * programme ends (seed 001: "the WSS will continue to be involved for 6 months after he leaves the
 * programme").
 *
 * A duty itself is never written: it is derived from his `participant_events` and her cases, so it
 * exists as soon as the event does. Only what her worker did about it is stored, on her side:
 * - partner_duty_records: how she was told (or why she could not be), one per case and event;
 * - partner_duty_due_days: per organisation and event type, working days until a duty is due;
 * - partner_follow_up_settings: how long her case stays open after his programme ends, and when
 *   it is reviewed;
 * - partner_case_closures: the closing summary of her case.
 * All partner side and management only: his side never learns whether she was told, or that she
 * is supported at all.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const HER_SIDE = `ARRAY['partner','management']`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE partner_duty_records (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      event_id uuid NOT NULL REFERENCES participant_events(id),
      outcome text NOT NULL CHECK (outcome IN ('told', 'not_told')),
      method text CHECK (method IN ('phone', 'in_person', 'text', 'letter', 'email')),
      told_at timestamptz,
      reason text CHECK (reason IN ('unreachable', 'unsafe_to_contact', 'asked_not_to_be_told', 'case_closed')),
      note text CHECK (length(note) <= 5000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (partner_case_id, event_id),
      CHECK ((outcome = 'told' AND method IS NOT NULL AND told_at IS NOT NULL AND reason IS NULL)
        OR (outcome = 'not_told' AND reason IS NOT NULL AND method IS NULL AND told_at IS NULL))
    )`.execute(db);

  await sql`
    CREATE TABLE partner_duty_due_days (
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      event_type text NOT NULL,
      working_days integer NOT NULL CHECK (working_days BETWEEN 0 AND 30),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, event_type)
    )`.execute(db);

  await sql`
    CREATE TABLE partner_follow_up_settings (
      organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
      follow_up_months integer NOT NULL DEFAULT 6 CHECK (follow_up_months BETWEEN 1 AND 24),
      review_months integer NOT NULL DEFAULT 3 CHECK (review_months BETWEEN 1 AND 24),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE partner_case_closures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      outcome text NOT NULL CHECK (outcome IN ('support_completed', 'she_ended_support', 'moved_away',
        'referred_on', 'not_engaged', 'other')),
      safety_at_close text NOT NULL CHECK (safety_at_close IN ('safer', 'no_change', 'less_safe', 'not_known')),
      feeling_safe integer CHECK (feeling_safe BETWEEN 1 AND 10),
      onward_referrals text CHECK (length(onward_referrals) <= 2000),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 10000),
      early_reason text CHECK (length(early_reason) <= 2000),
      closed_by uuid NOT NULL REFERENCES users(id),
      closed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX partner_case_closures_case_idx ON partner_case_closures (partner_case_id)`.execute(db);

  for (const table of ['partner_duty_records', 'partner_duty_due_days', 'partner_follow_up_settings', 'partner_case_closures']) {
    await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
    await sql
      .raw(
        `CREATE POLICY ${table}_wall ON ${table} FOR ALL TO parallel_app
         USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${HER_SIDE})))
         WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${HER_SIDE})))`,
      )
      .execute(db);
  }
  // What she was told and how her case closed are records of what happened: added to, never rewritten.
  await sql`GRANT SELECT, INSERT ON partner_duty_records, partner_case_closures TO parallel_app`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON partner_duty_due_days, partner_follow_up_settings TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE partner_case_closures`.execute(db);
  await sql`DROP TABLE partner_follow_up_settings`.execute(db);
  await sql`DROP TABLE partner_duty_due_days`.execute(db);
  await sql`DROP TABLE partner_duty_records`.execute(db);
}
