import { sql, type Kysely } from 'kysely';

/*
 * The foundation schema: organisations, identity, the first two case records either side of the
 * confidentiality wall, the share ledger and the append-only audit log.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 *
 * The wall is enforced twice. The application's access policy module decides what each user may
 * do; as a second line, every case table has row-level security keyed on the request's user and
 * organisation (set with set_config inside each request's transaction, under the non-superuser
 * role parallel_app). Partner-side tables are visible only to partner-side and management users
 * (Respect standard: "limited confidentiality for the men and greater confidentiality for survivors").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The application role. Created once per cluster; concurrent creators race harmlessly.
  await sql`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parallel_app') THEN
        CREATE ROLE parallel_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END
    $$`.execute(db);
  await sql`
    DO $$
    BEGIN
      EXECUTE format('GRANT parallel_app TO %I', current_user);
    EXCEPTION WHEN OTHERS THEN NULL;
    END
    $$`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO parallel_app`.execute(db);

  await sql`
    CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
      password_hash text,
      active boolean NOT NULL DEFAULT true,
      failed_sign_in_count integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      invitation_token_hash text UNIQUE,
      invitation_expires_at timestamptz,
      last_signed_in_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_key ON users (email)`.execute(db);
  await sql`CREATE INDEX users_organisation_idx ON users (organisation_id)`.execute(db);

  await sql`
    CREATE TABLE teams (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner', 'management', 'admin', 'dpo')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE team_memberships (
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (team_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX team_memberships_user_idx ON team_memberships (user_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`CREATE SEQUENCE case_reference_seq START 1001`.execute(db);

  // The man (or other person using abuse) on the programme, and his case.
  await sql`
    CREATE TABLE participants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      reference text NOT NULL,
      given_name text NOT NULL,
      family_name text NOT NULL,
      date_of_birth date,
      gender text CHECK (gender IN ('man', 'woman', 'non_binary', 'other', 'not_known')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, reference)
    )`.execute(db);

  await sql`
    CREATE TABLE perpetrator_cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      status text NOT NULL CHECK (status IN ('referred', 'assessment', 'waiting', 'active', 'suspended',
        'completed', 'dropped_out', 'excluded', 'closed')),
      allocated_worker_id uuid REFERENCES users(id),
      opened_on date NOT NULL DEFAULT current_date,
      closed_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX perpetrator_cases_participant_idx ON perpetrator_cases (participant_id)`.execute(db);
  await sql`CREATE INDEX perpetrator_cases_org_idx ON perpetrator_cases (organisation_id, status)`.execute(db);

  await sql`
    CREATE TABLE perpetrator_case_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      perpetrator_case_id uuid NOT NULL REFERENCES perpetrator_cases(id),
      author_id uuid NOT NULL REFERENCES users(id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX perpetrator_case_notes_case_idx ON perpetrator_case_notes (perpetrator_case_id)`.execute(db);

  // The partner, ex-partner or new partner, her contact details and safe-contact preferences.
  await sql`
    CREATE TABLE partners (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      given_name text NOT NULL,
      family_name text NOT NULL,
      date_of_birth date,
      gender text CHECK (gender IN ('man', 'woman', 'non_binary', 'other', 'not_known')),
      relationship text NOT NULL CHECK (relationship IN ('current', 'ex', 'new')),
      phone text,
      email text,
      address_line_1 text,
      address_line_2 text,
      town text,
      postcode text,
      safe_phone text,
      safe_times text,
      message_may_be_left boolean NOT NULL DEFAULT false,
      code_word text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX partners_participant_idx ON partners (participant_id)`.execute(db);

  await sql`
    CREATE TABLE partner_cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_id uuid NOT NULL REFERENCES partners(id),
      reference text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'contacting', 'engaged', 'not_engaged', 'closed')),
      allocated_worker_id uuid REFERENCES users(id),
      opened_on date NOT NULL DEFAULT current_date,
      closed_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, reference)
    )`.execute(db);
  await sql`CREATE INDEX partner_cases_partner_idx ON partner_cases (partner_id)`.execute(db);
  await sql`CREATE INDEX partner_cases_org_idx ON partner_cases (organisation_id, status)`.execute(db);

  await sql`
    CREATE TABLE partner_case_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      author_id uuid NOT NULL REFERENCES users(id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX partner_case_notes_case_idx ON partner_case_notes (partner_case_id)`.execute(db);

  // The share ledger: the one way information crosses the wall or leaves the organisation.
  await sql`
    CREATE TABLE shares (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      direction text NOT NULL CHECK (direction IN ('partner_to_perpetrator', 'perpetrator_to_partner', 'outside')),
      origin_side text NOT NULL CHECK (origin_side IN ('perpetrator', 'partner')),
      participant_id uuid REFERENCES participants(id),
      partner_case_id uuid REFERENCES partner_cases(id),
      recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 300),
      information text NOT NULL CHECK (length(information) BETWEEN 1 AND 5000),
      basis text NOT NULL CHECK (basis IN ('consent', 'child_safety', 'high_risk', 'her_request',
        'attendance_only', 'safety')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
      shared_by uuid NOT NULL REFERENCES users(id),
      shared_at timestamptz NOT NULL DEFAULT now(),
      CHECK (participant_id IS NOT NULL OR partner_case_id IS NOT NULL),
      CHECK (origin_side = 'perpetrator' OR partner_case_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX shares_partner_case_idx ON shares (partner_case_id)`.execute(db);
  await sql`CREATE INDEX shares_participant_idx ON shares (participant_id)`.execute(db);

  // Append-only audit log, one hash chain per organisation (system events: organisation_id NULL).
  await sql`
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid REFERENCES organisations(id),
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid,
      action text NOT NULL,
      record_type text,
      record_id text,
      ip text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    )`.execute(db);
  await sql`CREATE INDEX audit_events_org_idx ON audit_events (organisation_id, id)`.execute(db);
  await sql`CREATE INDEX audit_events_record_idx ON audit_events (record_type, record_id)`.execute(db);
  await sql`CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id)`.execute(db);
  // Even the owner cannot quietly rewrite history: changing a row takes a deliberate trigger bypass,
  // and the hash chain still shows it.
  await sql`
    CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`.execute(db);

  // Request context, read by the row-level security policies.
  await sql`
    CREATE FUNCTION app_current_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT NULLIF(current_setting('app.user_id', true), '')::uuid
    $$`.execute(db);
  await sql`
    CREATE FUNCTION app_current_organisation_id() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT NULLIF(current_setting('app.organisation_id', true), '')::uuid
    $$`.execute(db);
  await sql`
    CREATE FUNCTION app_current_user_has_side(sides text[]) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT EXISTS (
        SELECT 1
        FROM team_memberships m
        JOIN teams t ON t.id = m.team_id
        JOIN users u ON u.id = m.user_id
        WHERE m.user_id = app_current_user_id()
          AND u.organisation_id = app_current_organisation_id()
          AND t.organisation_id = u.organisation_id
          AND u.active
          AND t.side = ANY (sides)
      )
    $$`.execute(db);

  const caseTables: Array<{ table: string; sides: string }> = [
    // Perpetrator-side records the partner side may also see (name, status): the Respect standard
    // lets her worker know his attendance and status.
    { table: 'participants', sides: `ARRAY['perpetrator','partner','management']` },
    { table: 'perpetrator_cases', sides: `ARRAY['perpetrator','partner','management']` },
    // His case notes: perpetrator side and management only.
    { table: 'perpetrator_case_notes', sides: `ARRAY['perpetrator','management']` },
    // Partner-side records: never the perpetrator side.
    { table: 'partners', sides: `ARRAY['partner','management']` },
    { table: 'partner_cases', sides: `ARRAY['partner','management']` },
    { table: 'partner_case_notes', sides: `ARRAY['partner','management']` },
  ];
  for (const { table, sides } of caseTables) {
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
  // Shares about a partner case are partner-side records; shares of his information alone are
  // visible to every case-holding side.
  await sql`ALTER TABLE shares ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE shares FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY shares_wall ON shares FOR ALL TO parallel_app
    USING (
      organisation_id = app_current_organisation_id()
      AND CASE WHEN partner_case_id IS NOT NULL
        THEN (SELECT app_current_user_has_side(ARRAY['partner','management']))
        ELSE (SELECT app_current_user_has_side(ARRAY['perpetrator','partner','management']))
      END)
    WITH CHECK (
      organisation_id = app_current_organisation_id()
      AND CASE WHEN partner_case_id IS NOT NULL
        THEN (SELECT app_current_user_has_side(ARRAY['partner','management']))
        ELSE (SELECT app_current_user_has_side(ARRAY['perpetrator','partner','management']))
      END)`.execute(db);

  await sql`
    GRANT SELECT, INSERT, UPDATE ON organisations, users, teams, participants, perpetrator_cases,
      partners, partner_cases TO parallel_app`.execute(db);
  await sql`GRANT SELECT, INSERT, DELETE ON team_memberships, sessions TO parallel_app`.execute(db);
  await sql`GRANT UPDATE ON sessions TO parallel_app`.execute(db);
  await sql`GRANT SELECT ON app_settings TO parallel_app`.execute(db);
  // Notes and shares are records of what happened: added to, never rewritten.
  await sql`GRANT SELECT, INSERT ON perpetrator_case_notes, partner_case_notes, shares TO parallel_app`.execute(db);
  // Append-only: the application role can never update or delete an audit entry.
  await sql`GRANT SELECT, INSERT ON audit_events TO parallel_app`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE case_reference_seq TO parallel_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reversed');
}
