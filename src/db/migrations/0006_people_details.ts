import { sql, type Kysely } from 'kysely';

/*
 * People and relationships at intake (seeds 003 and 004): how to reach the participant (and so
 * match him at the known-person check), his interpreter need, the dates of each relationship, and
 * the children a referral names.
 *
 * A child's age, who they live with and their child-protection status belong to both case files:
 * his facilitator works with him as a father, her worker with her as a mother. Where a child goes
 * to school, and which partner the child lives with, can lead him to her: that is kept partner-side
 * (seed 001, "her address and contact details are never visible on the perpetrator side").
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE participants
      ADD COLUMN phone text CHECK (length(phone) <= 40),
      ADD COLUMN email text CHECK (length(email) <= 320),
      ADD COLUMN address_line_1 text CHECK (length(address_line_1) <= 200),
      ADD COLUMN address_line_2 text CHECK (length(address_line_2) <= 200),
      ADD COLUMN town text CHECK (length(town) <= 100),
      ADD COLUMN postcode text CHECK (length(postcode) <= 10),
      ADD COLUMN interpreter_language text CHECK (length(interpreter_language) <= 100)`.execute(db);
  await sql`CREATE INDEX participants_org_postcode_idx ON participants (organisation_id, postcode)`.execute(db);

  await sql`
    ALTER TABLE partners
      ADD COLUMN relationship_started_on date,
      ADD COLUMN relationship_ended_on date,
      ADD CONSTRAINT partners_relationship_dates_order
        CHECK (relationship_ended_on IS NULL OR relationship_started_on IS NULL OR relationship_ended_on >= relationship_started_on)`.execute(
    db,
  );

  await sql`
    CREATE TABLE children (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      given_name text CHECK (length(given_name) BETWEEN 1 AND 100),
      date_of_birth date,
      -- When the referrer knows the age but not the date of birth.
      age_years integer CHECK (age_years BETWEEN 0 AND 25),
      age_recorded_on date NOT NULL DEFAULT current_date,
      -- He is the child's parent, step-parent or neither (e.g. her child from another relationship).
      relationship_to_participant text NOT NULL DEFAULT 'not_known'
        CHECK (relationship_to_participant IN ('parent', 'step_parent', 'other', 'not_known')),
      lives_with text NOT NULL DEFAULT 'not_known'
        CHECK (lives_with IN ('participant', 'other_parent', 'both_parents', 'other_family', 'looked_after', 'not_known')),
      protection_status text NOT NULL DEFAULT 'not_known'
        CHECK (protection_status IN ('none', 'child_in_need', 'child_protection_plan', 'looked_after', 'not_known')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX children_participant_idx ON children (participant_id)`.execute(db);

  // Partner-side facts about a child: which partner the child is linked to, and where they are
  // day to day (school or nursery). Never the perpetrator side.
  await sql`
    CREATE TABLE child_partner_details (
      child_id uuid PRIMARY KEY REFERENCES children(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_id uuid REFERENCES partners(id),
      school text CHECK (length(school) <= 200),
      notes text CHECK (length(notes) <= 2000),
      updated_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX child_partner_details_partner_idx ON child_partner_details (partner_id)`.execute(db);

  const policies: Array<{ table: string; sides: string }> = [
    { table: 'children', sides: `ARRAY['perpetrator','partner','management']` },
    { table: 'child_partner_details', sides: `ARRAY['partner','management']` },
  ];
  for (const { table, sides } of policies) {
    await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
    await sql
      .raw(
        `CREATE POLICY ${table}_wall ON ${table} FOR ALL TO parallel_app
         USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${sides})))
         WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${sides})))`,
      )
      .execute(db);
    // The public referral form may name children: insert only, never read back (see 0005).
    await sql
      .raw(
        `CREATE POLICY ${table}_public_referral ON ${table} FOR INSERT TO parallel_app
         WITH CHECK (organisation_id = NULLIF(current_setting('app.public_referral_organisation_id', true), '')::uuid
           AND app_current_user_id() IS NULL)`,
      )
      .execute(db);
  }
  await sql`GRANT SELECT, INSERT, UPDATE ON children, child_partner_details TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE child_partner_details`.execute(db);
  await sql`DROP TABLE children`.execute(db);
  await sql`
    ALTER TABLE partners DROP CONSTRAINT partners_relationship_dates_order,
      DROP COLUMN relationship_started_on, DROP COLUMN relationship_ended_on`.execute(db);
  await sql`DROP INDEX participants_org_postcode_idx`.execute(db);
  await sql`
    ALTER TABLE participants DROP COLUMN phone, DROP COLUMN email, DROP COLUMN address_line_1,
      DROP COLUMN address_line_2, DROP COLUMN town, DROP COLUMN postcode, DROP COLUMN interpreter_language`.execute(db);
}
