import { sql, type Kysely } from 'kysely';

/*
 * First contact. The partner service contacts the partner of every man referred at once; his side
 * contacts him. Every attempt is recorded (method, outcome, when). A text or voicemail is an
 * attempt, not contact, until she responds. Each organisation sets its own targets in working
 * days (defaults: her 2, him 5).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisation_settings (
      organisation_id uuid PRIMARY KEY REFERENCES organisations(id),
      partner_first_contact_days integer NOT NULL DEFAULT 2 CHECK (partner_first_contact_days BETWEEN 0 AND 30),
      participant_first_contact_days integer NOT NULL DEFAULT 5 CHECK (participant_first_contact_days BETWEEN 0 AND 30),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE partner_contact_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      attempted_at timestamptz NOT NULL,
      method text NOT NULL CHECK (method IN ('phone', 'text', 'voicemail', 'email', 'letter', 'in_person')),
      outcome text NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'message_left', 'unsafe_to_talk', 'wrong_number')),
      note text CHECK (length(note) <= 5000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX partner_contact_attempts_case_idx ON partner_contact_attempts (partner_case_id, attempted_at)`.execute(
    db,
  );

  await sql`
    CREATE TABLE participant_contact_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      perpetrator_case_id uuid NOT NULL REFERENCES perpetrator_cases(id),
      attempted_at timestamptz NOT NULL,
      method text NOT NULL CHECK (method IN ('phone', 'text', 'voicemail', 'email', 'letter', 'in_person')),
      outcome text NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'message_left', 'unsafe_to_talk', 'wrong_number')),
      note text CHECK (length(note) <= 5000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX participant_contact_attempts_case_idx ON participant_contact_attempts (perpetrator_case_id, attempted_at)`.execute(
    db,
  );

  const policies: Array<{ table: string; sides: string }> = [
    { table: 'partner_contact_attempts', sides: `ARRAY['partner','management']` },
    { table: 'participant_contact_attempts', sides: `ARRAY['perpetrator','management']` },
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
  }
  // Attempts are records of what happened: added to, never rewritten.
  await sql`GRANT SELECT, INSERT ON partner_contact_attempts, participant_contact_attempts TO parallel_app`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON organisation_settings TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE participant_contact_attempts`.execute(db);
  await sql`DROP TABLE partner_contact_attempts`.execute(db);
  await sql`DROP TABLE organisation_settings`.execute(db);
}
