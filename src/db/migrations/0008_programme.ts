import { sql, type Kysely } from 'kysely';

/*
 * Programme delivery (seeds 002, 003, 004): the catalogue of programmes with their modules and
 * session templates, groups and their sessions, enrolments with the participant's journey as
 * facts plus a derived status, the attendance register, disclosures, and the events the partner
 * service turns into duties to inform her.
 *
 * The wall, here:
 * - A programme belongs to a side. The perpetrator side's programmes (group DAPP, one-to-one, early
 *   response, high-harm case management) are visible to both case-holding sides: the partner
 *   service is told his attendance and status (seed 001). The partner side's own support groups
 *   are never visible to the perpetrator side. Groups and sessions carry their programme's side
 *   through composite foreign keys, so row-level security needs no join and cannot drift.
 * - What he says in a session (participation notes, the detail of a disclosure) stays on the
 *   perpetrator side: "too much detail gets repeated to him" (seed 001). The partner side sees only
 *   the events, whose `basic_summary` is the sentence that may be told to her.
 * - Nothing is ever written across the wall: the partner side reads events and records its own
 *   acknowledgements; the perpetrator side never learns whether she was told.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const ALL_CASE_SIDES = `ARRAY['perpetrator','partner','management']`;
const CATALOGUE_SIDES = `ARRAY['perpetrator','partner','management','admin']`;
const HIS_SIDE_ONLY = `ARRAY['perpetrator','management']`;
const HER_SIDE_ONLY = `ARRAY['partner','management']`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE venues (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      address text CHECK (length(address) <= 500),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE programmes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner')),
      kind text NOT NULL CHECK (kind IN ('group_dapp', 'one_to_one', 'early_response', 'high_harm', 'partner_support_group')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      description text CHECK (length(description) <= 5000),
      -- Completion rules: all that are set must be met (plus every required module attended).
      completion_min_sessions integer CHECK (completion_min_sessions BETWEEN 1 AND 500),
      completion_min_minutes integer CHECK (completion_min_minutes BETWEEN 1 AND 60000),
      -- Absence rule: this many consecutive unexplained absences flag the participant for review.
      absence_review_after integer NOT NULL DEFAULT 2 CHECK (absence_review_after BETWEEN 1 AND 20),
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, name),
      UNIQUE (id, side),
      CHECK ((kind = 'partner_support_group') = (side = 'partner'))
    )`.execute(db);

  await sql`
    CREATE TABLE programme_modules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      programme_id uuid NOT NULL REFERENCES programmes(id),
      position integer NOT NULL CHECK (position BETWEEN 1 AND 100),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text CHECK (length(description) <= 5000),
      -- A required module must be attended (at least one of its sessions) to complete.
      required boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (programme_id, position)
    )`.execute(db);

  await sql`
    CREATE TABLE session_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      programme_id uuid NOT NULL REFERENCES programmes(id),
      module_id uuid REFERENCES programme_modules(id),
      position integer NOT NULL CHECK (position BETWEEN 1 AND 500),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
      delivery text NOT NULL CHECK (delivery IN ('group', 'one_to_one')),
      content_notes text CHECK (length(content_notes) <= 10000),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (programme_id, position)
    )`.execute(db);

  await sql`
    CREATE TABLE programme_groups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      programme_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      intake text NOT NULL CHECK (intake IN ('closed', 'rolling')),
      venue_id uuid REFERENCES venues(id),
      -- ISO day of the week, 1 = Monday.
      day_of_week integer NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
      start_time time NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
      capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 50),
      start_date date NOT NULL,
      interpreter_language text CHECK (length(interpreter_language) <= 100),
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'finished', 'cancelled')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, name),
      UNIQUE (id, side),
      FOREIGN KEY (programme_id, side) REFERENCES programmes(id, side)
    )`.execute(db);

  // Regular and cover facilitators of a group (co-facilitation: at least two per session).
  await sql`
    CREATE TABLE group_facilitators (
      group_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner')),
      role text NOT NULL CHECK (role IN ('regular', 'cover')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, user_id),
      FOREIGN KEY (group_id, side) REFERENCES programme_groups(id, side) ON DELETE CASCADE
    )`.execute(db);

  // A participant's place on a programme: on the waiting list (no group yet, or not started),
  // then in a group or one-to-one. Its status is the latest row of its history.
  await sql`
    CREATE TABLE programme_enrolments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      perpetrator_case_id uuid NOT NULL REFERENCES perpetrator_cases(id),
      programme_id uuid NOT NULL REFERENCES programmes(id),
      group_id uuid REFERENCES programme_groups(id),
      -- The date he became ready to start: the waiting list is ordered by it.
      ready_on date NOT NULL,
      started_on date,
      ended_on date,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX programme_enrolments_participant_idx ON programme_enrolments (participant_id)`.execute(db);
  await sql`CREATE INDEX programme_enrolments_group_idx ON programme_enrolments (group_id)`.execute(db);
  await sql`CREATE INDEX programme_enrolments_programme_idx ON programme_enrolments (organisation_id, programme_id)`.execute(db);

  await sql`
    CREATE TABLE enrolment_status_history (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      enrolment_id uuid NOT NULL REFERENCES programme_enrolments(id),
      from_status text CHECK (from_status IN ('waiting', 'active', 'suspended', 'completed', 'dropped_out', 'excluded', 'breached')),
      to_status text NOT NULL CHECK (to_status IN ('waiting', 'active', 'suspended', 'completed', 'dropped_out', 'excluded', 'breached')),
      reason_code text NOT NULL CHECK (length(reason_code) BETWEEN 1 AND 100),
      note text CHECK (length(note) <= 5000),
      effective_on date NOT NULL DEFAULT current_date,
      changed_by uuid REFERENCES users(id),
      changed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX enrolment_status_history_enrolment_idx ON enrolment_status_history (enrolment_id, id)`.execute(db);

  // Men who must not be in the same group. The reason is a neutral code: where it comes from the
  // partner service ("requested for safety"), nothing of her reaches his side.
  await sql`
    CREATE TABLE non_associations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_a_id uuid NOT NULL REFERENCES participants(id),
      participant_b_id uuid NOT NULL REFERENCES participants(id),
      reason_code text NOT NULL CHECK (reason_code IN ('safety_request', 'related', 'conflict', 'co_accused', 'other')),
      note text CHECK (length(note) <= 2000),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      ended_by uuid REFERENCES users(id),
      CHECK (participant_a_id < participant_b_id)
    )`.execute(db);
  await sql`CREATE INDEX non_associations_a_idx ON non_associations (participant_a_id)`.execute(db);
  await sql`CREATE INDEX non_associations_b_idx ON non_associations (participant_b_id)`.execute(db);

  // A session of a group, or a one-to-one session of one enrolment (and catch-ups for one man).
  await sql`
    CREATE TABLE programme_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner')),
      group_id uuid,
      enrolment_id uuid REFERENCES programme_enrolments(id),
      session_template_id uuid REFERENCES session_templates(id),
      kind text NOT NULL DEFAULT 'scheduled' CHECK (kind IN ('scheduled', 'catch_up', 'one_to_one')),
      sequence integer CHECK (sequence BETWEEN 1 AND 500),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      starts_at timestamptz NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
      venue_id uuid REFERENCES venues(id),
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (id, side),
      FOREIGN KEY (group_id, side) REFERENCES programme_groups(id, side),
      CHECK (group_id IS NOT NULL OR enrolment_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX programme_sessions_group_idx ON programme_sessions (group_id, starts_at)`.execute(db);
  await sql`CREATE INDEX programme_sessions_venue_idx ON programme_sessions (venue_id, starts_at)`.execute(db);
  await sql`CREATE INDEX programme_sessions_org_idx ON programme_sessions (organisation_id, starts_at)`.execute(db);

  await sql`
    CREATE TABLE session_facilitators (
      session_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner')),
      role text NOT NULL CHECK (role IN ('regular', 'cover')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, user_id),
      FOREIGN KEY (session_id, side) REFERENCES programme_sessions(id, side) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX session_facilitators_user_idx ON session_facilitators (user_id)`.execute(db);

  // Every reschedule, cancellation or reinstatement, with its reason: the session's history.
  await sql`
    CREATE TABLE session_changes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      session_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('perpetrator', 'partner')),
      change text NOT NULL CHECK (change IN ('rescheduled', 'cancelled', 'reinstated', 'venue_changed')),
      previous_starts_at timestamptz,
      new_starts_at timestamptz,
      previous_venue_id uuid REFERENCES venues(id),
      new_venue_id uuid REFERENCES venues(id),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      changed_by uuid REFERENCES users(id),
      changed_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (session_id, side) REFERENCES programme_sessions(id, side)
    )`.execute(db);
  await sql`CREATE INDEX session_changes_session_idx ON session_changes (session_id, id)`.execute(db);

  // The register: one row per man per session. Hours are counted from it.
  await sql`
    CREATE TABLE attendance_records (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      session_id uuid NOT NULL REFERENCES programme_sessions(id),
      enrolment_id uuid NOT NULL REFERENCES programme_enrolments(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      outcome text NOT NULL CHECK (outcome IN ('attended', 'attended_not_complied', 'late', 'absent_acceptable', 'absent_unacceptable')),
      minutes_late integer CHECK (minutes_late BETWEEN 1 AND 600),
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (session_id, enrolment_id),
      CHECK ((outcome = 'late') = (minutes_late IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX attendance_records_enrolment_idx ON attendance_records (enrolment_id)`.execute(db);

  // What he said and did in a session: perpetrator side only.
  await sql`
    CREATE TABLE participation_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      attendance_record_id uuid NOT NULL REFERENCES attendance_records(id),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
      author_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX participation_notes_record_idx ON participation_notes (attendance_record_id)`.execute(db);

  // A disclosure of violence or abuse, as its own record. The detail stays on his side; the
  // partner service gets only the basic event ("disclosed physical violence on <date>").
  await sql`
    CREATE TABLE disclosures (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      perpetrator_case_id uuid NOT NULL REFERENCES perpetrator_cases(id),
      session_id uuid REFERENCES programme_sessions(id),
      disclosed_on date NOT NULL,
      type text NOT NULL CHECK (type IN ('physical', 'sexual', 'coercive_control', 'threats', 'child_related', 'breach', 'other')),
      severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
      detail text NOT NULL CHECK (length(detail) BETWEEN 1 AND 10000),
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX disclosures_participant_idx ON disclosures (participant_id, disclosed_on)`.execute(db);

  // Flags for review raised by the absence rule (and by staff), and how each was resolved.
  await sql`
    CREATE TABLE enrolment_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      enrolment_id uuid NOT NULL REFERENCES programme_enrolments(id),
      reason text NOT NULL CHECK (reason IN ('consecutive_absences', 'non_compliance', 'staff_concern')),
      raised_by uuid REFERENCES users(id),
      raised_at timestamptz NOT NULL DEFAULT now(),
      resolved_by uuid REFERENCES users(id),
      resolved_at timestamptz,
      resolution text CHECK (length(resolution) <= 5000)
    )`.execute(db);
  await sql`CREATE INDEX enrolment_reviews_enrolment_idx ON enrolment_reviews (enrolment_id)`.execute(db);
  // At most one open review of each kind per enrolment.
  await sql`
    CREATE UNIQUE INDEX enrolment_reviews_open_key ON enrolment_reviews (enrolment_id, reason)
    WHERE resolved_at IS NULL`.execute(db);

  // Events for the partner service: every status change, missed session and disclosure. Append-only.
  // `basic_summary` is what may be told to her, and nothing more (Respect standard; seed 001).
  await sql`
    CREATE TABLE participant_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      participant_id uuid NOT NULL REFERENCES participants(id),
      perpetrator_case_id uuid REFERENCES perpetrator_cases(id),
      enrolment_id uuid REFERENCES programme_enrolments(id),
      type text NOT NULL CHECK (type IN ('assessment_outcome', 'enrolled', 'started', 'missed_session', 'suspended',
        'resumed', 'dropped_out', 'excluded', 'completed', 'breached', 'disclosure')),
      occurred_on date NOT NULL,
      session_id uuid REFERENCES programme_sessions(id),
      disclosure_id uuid REFERENCES disclosures(id),
      basic_summary text NOT NULL CHECK (length(basic_summary) BETWEEN 1 AND 500),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX participant_events_participant_idx ON participant_events (participant_id, created_at)`.execute(db);
  await sql`CREATE INDEX participant_events_org_idx ON participant_events (organisation_id, created_at)`.execute(db);

  // Her worker has seen an alert (a disclosure's basic event). Partner side only: his side never
  // learns that anyone on her side read it.
  await sql`
    CREATE TABLE partner_alert_acknowledgements (
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      event_id uuid NOT NULL REFERENCES participant_events(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      acknowledged_by uuid NOT NULL REFERENCES users(id),
      acknowledged_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (partner_case_id, event_id)
    )`.execute(db);

  // A facilitator's calendar feed is fetched by calendar software that cannot sign in: a secret
  // address per user, stored as a hash like the sign-in links, looked up before any actor exists
  // (as sessions are), and revocable.
  await sql`
    CREATE TABLE calendar_feed_tokens (
      user_id uuid PRIMARY KEY REFERENCES users(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  const simple: Array<{ table: string; sides: string }> = [
    { table: 'venues', sides: CATALOGUE_SIDES },
    { table: 'programmes', sides: CATALOGUE_SIDES },
    { table: 'programme_modules', sides: CATALOGUE_SIDES },
    { table: 'session_templates', sides: CATALOGUE_SIDES },
    { table: 'programme_enrolments', sides: ALL_CASE_SIDES },
    { table: 'enrolment_status_history', sides: ALL_CASE_SIDES },
    { table: 'non_associations', sides: HIS_SIDE_ONLY },
    { table: 'attendance_records', sides: ALL_CASE_SIDES },
    { table: 'participation_notes', sides: HIS_SIDE_ONLY },
    { table: 'disclosures', sides: HIS_SIDE_ONLY },
    { table: 'enrolment_reviews', sides: HIS_SIDE_ONLY },
    { table: 'participant_events', sides: ALL_CASE_SIDES },
    { table: 'partner_alert_acknowledgements', sides: HER_SIDE_ONLY },
  ];
  for (const { table, sides } of simple) {
    await enableRls(db, table);
    await sql
      .raw(
        `CREATE POLICY ${table}_wall ON ${table} FOR ALL TO parallel_app
         USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${sides})))
         WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(${sides})))`,
      )
      .execute(db);
  }
  // Groups and sessions carry their programme's side: the partner side's own groups are hers alone.
  for (const table of [
    'programme_groups',
    'group_facilitators',
    'programme_sessions',
    'session_facilitators',
    'session_changes',
  ]) {
    await enableRls(db, table);
    const rule = `organisation_id = app_current_organisation_id() AND CASE WHEN side = 'partner'
        THEN (SELECT app_current_user_has_side(${HER_SIDE_ONLY}))
        ELSE (SELECT app_current_user_has_side(${ALL_CASE_SIDES})) END`;
    await sql
      .raw(`CREATE POLICY ${table}_wall ON ${table} FOR ALL TO parallel_app USING (${rule}) WITH CHECK (${rule})`)
      .execute(db);
  }

  await sql`
    GRANT SELECT, INSERT, UPDATE ON venues, programmes, programme_modules, session_templates, programme_groups,
      programme_enrolments, non_associations, programme_sessions, attendance_records, enrolment_reviews,
      calendar_feed_tokens TO parallel_app`.execute(db);
  // Facilitator lists change (cover arrives, a worker leaves); the feed address can be revoked.
  await sql`GRANT SELECT, INSERT, DELETE ON group_facilitators, session_facilitators, calendar_feed_tokens TO parallel_app`.execute(
    db,
  );
  await sql`GRANT DELETE ON session_templates, programme_modules TO parallel_app`.execute(db);
  // Records of what happened: added to, never rewritten.
  await sql`
    GRANT SELECT, INSERT ON enrolment_status_history, session_changes, participation_notes, disclosures,
      participant_events, partner_alert_acknowledgements TO parallel_app`.execute(db);
}

async function enableRls(db: Kysely<unknown>, table: string): Promise<void> {
  await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
  await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'calendar_feed_tokens',
    'partner_alert_acknowledgements',
    'participant_events',
    'enrolment_reviews',
    'disclosures',
    'participation_notes',
    'attendance_records',
    'session_changes',
    'session_facilitators',
    'programme_sessions',
    'non_associations',
    'enrolment_status_history',
    'programme_enrolments',
    'group_facilitators',
    'programme_groups',
    'session_templates',
    'programme_modules',
    'programmes',
    'venues',
  ]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
