import { sql, type Kysely } from 'kysely';

/*
 * Row-level security asks `app_current_user_has_side` once per case table in every query. As a
 * LANGUAGE sql function that cannot be inlined (it reads three tables), PostgreSQL planned its
 * query afresh at every call: about 0.7 ms, four times over for her case (partner case, partner,
 * participant, his case), so the wall cost more than the rows it guards. The same query in
 * PL/pgSQL keeps its plan for the connection's life: same answer, same tables, same settings read,
 * less than half the time. Nothing about who may see what changes.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION app_current_user_has_side(sides text[]) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
    BEGIN
      RETURN EXISTS (
        SELECT 1
        FROM team_memberships m
        JOIN teams t ON t.id = m.team_id
        JOIN users u ON u.id = m.user_id
        WHERE m.user_id = app_current_user_id()
          AND u.organisation_id = app_current_organisation_id()
          AND t.organisation_id = u.organisation_id
          AND u.active
          AND t.side = ANY (sides)
      );
    END
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION app_current_user_has_side(sides text[]) RETURNS boolean LANGUAGE sql STABLE AS $$
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
}
