import { sql, type Kysely } from 'kysely';

/*
 * Her own support groups (the partner side's programme groups, migration 0008): who is in each,
 * and her attendance at its sessions. Partner side only. A partner is added to a group, and a
 * session of a group she is in is planned or moved, only where the separation rules allow
 * (src/appointments/separation.ts): never at his venue within the buffer of his session there.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE partner_group_members (
      group_id uuid NOT NULL REFERENCES programme_groups(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      added_by uuid NOT NULL REFERENCES users(id),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, partner_case_id)
    )`.execute(db);
  await sql`CREATE INDEX partner_group_members_case_idx ON partner_group_members (partner_case_id)`.execute(db);

  await sql`
    CREATE TABLE partner_group_attendance (
      session_id uuid NOT NULL REFERENCES programme_sessions(id),
      partner_case_id uuid NOT NULL REFERENCES partner_cases(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      outcome text NOT NULL CHECK (outcome IN ('attended', 'absent', 'apologies')),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, partner_case_id)
    )`.execute(db);

  for (const table of ['partner_group_members', 'partner_group_attendance']) {
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
  await sql`GRANT SELECT, INSERT, DELETE ON partner_group_members TO parallel_app`.execute(db);
  // The register is marked and corrected in place.
  await sql`GRANT SELECT, INSERT, UPDATE ON partner_group_attendance TO parallel_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE partner_group_attendance`.execute(db);
  await sql`DROP TABLE partner_group_members`.execute(db);
}
