import { sql, type Kysely } from 'kysely';

/*
 * Safety planning and support work with her (issue 5, points 2 and 3): her safety plan, kept as
 * versions (every save is a new version, never rewritten), one-to-one support sessions, her
 * attendance at information sessions about the programme (seed 001: "run regular information
 * sessions ... a chance to meet a worker from the Perpetrator Programme"), and referrals she wants
 * to other services. All partner-side: the partner support service and management only.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE safety_plan_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      version integer NOT NULL CHECK (version >= 1),
      risks text NOT NULL CHECK (length(risks) BETWEEN 1 AND 5000),
      warning_signs text CHECK (length(warning_signs) <= 5000),
      safe_places text CHECK (length(safe_places) <= 5000),
      safe_people text CHECK (length(safe_people) <= 5000),
      children_safety text CHECK (length(children_safety) <= 5000),
      escape_bag text CHECK (length(escape_bag) <= 5000),
      escape_documents text CHECK (length(escape_documents) <= 5000),
      escape_route text CHECK (length(escape_route) <= 5000),
      escape_destination text CHECK (length(escape_destination) <= 5000),
      local_police text CHECK (length(local_police) <= 200),
      worker_contact text CHECK (length(worker_contact) <= 200),
      technology_safety text CHECK (length(technology_safety) <= 5000),
      review_on date NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (partner_case_id, version)
    )`.execute(db);

  await sql`
    CREATE TABLE support_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      held_on date NOT NULL,
      session_type text NOT NULL CHECK (session_type IN ('phone', 'in_person', 'video')),
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600),
      topics text NOT NULL
        CHECK (topics ~ '^(safety|emotional|programme|children|housing|legal|health)(,(safety|emotional|programme|children|housing|legal|health))*$'),
      notes text CHECK (length(notes) <= 10000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX support_sessions_case_idx ON support_sessions (partner_case_id, held_on)`.execute(db);

  await sql`
    CREATE TABLE information_session_attendances (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      attended_on date NOT NULL,
      programme_worker text CHECK (length(programme_worker) <= 200),
      notes text CHECK (length(notes) <= 5000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX information_session_attendances_case_idx ON information_session_attendances (partner_case_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE onward_referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      service text NOT NULL CHECK (service IN ('idva', 'refuge', 'housing', 'solicitor', 'counselling',
        'childrens_services', 'health', 'other')),
      organisation_name text NOT NULL CHECK (length(organisation_name) BETWEEN 1 AND 200),
      referred_on date NOT NULL,
      -- A referral is made only because she wants it: her consent is recorded, always.
      consent_given boolean NOT NULL CHECK (consent_given),
      status text NOT NULL DEFAULT 'made' CHECK (status IN ('made', 'accepted', 'declined')),
      outcome text CHECK (length(outcome) <= 5000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX onward_referrals_case_idx ON onward_referrals (partner_case_id)`.execute(db);

  const tables = ['safety_plan_versions', 'support_sessions', 'information_session_attendances', 'onward_referrals'];
  for (const table of tables) {
    await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
    await sql
      .raw(
        `CREATE POLICY ${table}_wall ON ${table} FOR ALL TO parallel_app
         USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(ARRAY['partner','management'])))
         WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(ARRAY['partner','management'])))`,
      )
      .execute(db);
  }
  // Plan versions, sessions and attendances are records of what happened: added to, never rewritten.
  await sql`GRANT SELECT, INSERT ON safety_plan_versions, support_sessions, information_session_attendances TO parallel_app`.execute(
    db,
  );
  // A referral's status and outcome change as the other service answers.
  await sql`GRANT SELECT, INSERT, UPDATE ON onward_referrals TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE onward_referrals`.execute(db);
  await sql`DROP TABLE information_session_attendances`.execute(db);
  await sql`DROP TABLE support_sessions`.execute(db);
  await sql`DROP TABLE safety_plan_versions`.execute(db);
}
