import { sql, type Kysely } from 'kysely';

/*
 * Her appointments with the partner service (seed 001; product rule 5). Partner side only: his side
 * never learns she has one. Two partners of the same man are never booked at overlapping times at
 * the same venue, and she is never booked at a venue within a buffer of his sessions there: the
 * application checks both rules in the booking's transaction (src/appointments/separation.ts).
 * The buffer is an organisation setting (default 60 minutes), set by management.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisation_settings
      ADD COLUMN appointment_buffer_minutes integer NOT NULL DEFAULT 60 CHECK (appointment_buffer_minutes BETWEEN 0 AND 480)`.execute(
    db,
  );

  await sql`
    CREATE TABLE partner_appointments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      venue_id uuid NOT NULL REFERENCES venues(id),
      starts_at timestamptz NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
      type text NOT NULL CHECK (type IN ('one_to_one', 'information_session', 'safety_planning', 'other')),
      with_whom text CHECK (length(with_whom) <= 200),
      note text CHECK (length(note) <= 2000),
      status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'attended', 'did_not_attend', 'cancelled')),
      cancelled_reason text CHECK (length(cancelled_reason) <= 1000),
      booked_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (status <> 'cancelled' OR cancelled_reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX partner_appointments_case_idx ON partner_appointments (partner_case_id, starts_at)`.execute(db);
  await sql`CREATE INDEX partner_appointments_venue_idx ON partner_appointments (venue_id, starts_at)`.execute(db);

  await sql`ALTER TABLE partner_appointments ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE partner_appointments FORCE ROW LEVEL SECURITY`.execute(db);
  await sql
    .raw(
      `CREATE POLICY partner_appointments_wall ON partner_appointments FOR ALL TO parallel_app
       USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(ARRAY['partner','management'])))
       WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(ARRAY['partner','management'])))`,
    )
    .execute(db);
  // Rescheduled, attended, cancelled: updated in place, each change audited.
  await sql`GRANT SELECT, INSERT, UPDATE ON partner_appointments TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE partner_appointments`.execute(db);
  await sql`ALTER TABLE organisation_settings DROP COLUMN appointment_buffer_minutes`.execute(db);
}
