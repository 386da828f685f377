import { sql, type Kysely } from 'kysely';

/*
 * Safe contact, follow-up and sealed addresses (partner support service).
 *
 * - Her safe times become checkable: days of the week (ISO 1 = Monday .. 7 = Sunday) and a from/to
 *   time, Europe/London; the free-text note stays beside them.
 * - An attempt records the number used and, when it broke her safe-contact rules, which rules and
 *   why her worker went ahead anyway.
 * - Each organisation sets how many working days after an unsuccessful attempt the next one is
 *   due, and how many attempts without reaching her come before a case may close as not engaged.
 * - A sealed address (a refuge) moves out of `partners` into `sealed_addresses`, whose row-level
 *   security admits only her allocated worker, or a user who broke the glass for that one
 *   transaction (`app.break_glass_partner_id`, set by the application after recording the reason).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE partners
      ADD COLUMN safe_days smallint[] NOT NULL DEFAULT '{}',
      ADD COLUMN safe_from time,
      ADD COLUMN safe_to time,
      ADD COLUMN address_sealed boolean NOT NULL DEFAULT false,
      ADD CONSTRAINT partners_safe_window_check CHECK (
        (safe_from IS NULL AND safe_to IS NULL) OR (safe_from IS NOT NULL AND safe_to IS NOT NULL AND safe_from < safe_to)
      ),
      ADD CONSTRAINT partners_safe_days_check CHECK (safe_days <@ ARRAY[1,2,3,4,5,6,7]::smallint[]),
      ADD CONSTRAINT partners_sealed_no_address_check CHECK (
        NOT address_sealed OR (address_line_1 IS NULL AND address_line_2 IS NULL AND town IS NULL AND postcode IS NULL)
      )`.execute(db);

  await sql`
    ALTER TABLE partner_contact_attempts
      ADD COLUMN number_used text CHECK (length(number_used) <= 40),
      ADD COLUMN breaches text[] NOT NULL DEFAULT '{}'
        CHECK (breaches <@ ARRAY['message_not_allowed', 'outside_safe_times', 'not_safe_number']::text[]),
      ADD COLUMN breach_reason text CHECK (length(breach_reason) <= 2000),
      ADD CONSTRAINT partner_contact_attempts_breach_has_reason CHECK (cardinality(breaches) = 0 OR breach_reason IS NOT NULL)`.execute(
    db,
  );

  await sql`
    ALTER TABLE organisation_settings
      ADD COLUMN partner_follow_up_days integer NOT NULL DEFAULT 2 CHECK (partner_follow_up_days BETWEEN 1 AND 30),
      ADD COLUMN partner_not_engaged_attempts integer NOT NULL DEFAULT 3 CHECK (partner_not_engaged_attempts BETWEEN 1 AND 20)`.execute(
    db,
  );

  await sql`
    CREATE TABLE sealed_addresses (
      partner_id uuid PRIMARY KEY REFERENCES partners(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      address_line_1 text,
      address_line_2 text,
      town text,
      postcode text,
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      sealed_by uuid NOT NULL REFERENCES users(id),
      sealed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`ALTER TABLE sealed_addresses ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE sealed_addresses FORCE ROW LEVEL SECURITY`.execute(db);
  // The partner side or management may seal (write); only her allocated worker, or whoever broke the glass for her, reads.
  await sql`
    CREATE POLICY sealed_addresses_wall ON sealed_addresses AS RESTRICTIVE FOR ALL TO parallel_app
      USING (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(ARRAY['partner','management'])))
      WITH CHECK (organisation_id = app_current_organisation_id() AND (SELECT app_current_user_has_side(ARRAY['partner','management'])))`.execute(
    db,
  );
  await sql`
    CREATE POLICY sealed_addresses_insert ON sealed_addresses FOR INSERT TO parallel_app WITH CHECK (true)`.execute(db);
  await sql`
    CREATE POLICY sealed_addresses_allocated ON sealed_addresses FOR ALL TO parallel_app
      USING (
        EXISTS (
          SELECT 1 FROM partner_cases pc
          WHERE pc.partner_id = sealed_addresses.partner_id AND pc.allocated_worker_id = app_current_user_id()
        )
        OR NULLIF(current_setting('app.break_glass_partner_id', true), '') = sealed_addresses.partner_id::text
      )`.execute(db);
  await sql`GRANT SELECT, INSERT, DELETE ON sealed_addresses TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE sealed_addresses`.execute(db);
  await sql`
    ALTER TABLE organisation_settings DROP COLUMN partner_follow_up_days, DROP COLUMN partner_not_engaged_attempts`.execute(db);
  await sql`
    ALTER TABLE partner_contact_attempts
      DROP CONSTRAINT partner_contact_attempts_breach_has_reason,
      DROP COLUMN number_used, DROP COLUMN breaches, DROP COLUMN breach_reason`.execute(db);
  await sql`
    ALTER TABLE partners
      DROP CONSTRAINT partners_sealed_no_address_check, DROP CONSTRAINT partners_safe_days_check,
      DROP CONSTRAINT partners_safe_window_check,
      DROP COLUMN safe_days, DROP COLUMN safe_from, DROP COLUMN safe_to, DROP COLUMN address_sealed`.execute(db);
}
