import { sql, type Kysely } from 'kysely';

/*
 * Row-level security asks `app_current_user_has_side` once per case table in every query: about
 * seven times for a case page, each a three-table lookup of the signed-in user's teams (27 buffer
 * reads, 0.2-0.4 ms), together about a third of what PostgreSQL spends on a case page. The user's
 * sides cannot change between those calls unless their teams or their account change, so the
 * answer is now worked out once per transaction and kept in transaction-local settings, keyed by
 * the user and organisation the request set (another user or organisation in the same transaction
 * works it out again). Any change to team_memberships, teams or users in the transaction forgets
 * it, so a check after such a change reads the tables afresh, exactly as before.
 *
 * Nothing about who may see what changes: the sides still come only from the database's own
 * team_memberships, teams and users for app.user_id and app.organisation_id; the application never
 * sets app.sides or app.sides_key (a caller able to set them could as well set app.user_id).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION app_current_user_has_side(sides text[]) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
    DECLARE
      asked text := coalesce(current_setting('app.user_id', true), '') || '/' || coalesce(current_setting('app.organisation_id', true), '');
      held text;
    BEGIN
      IF current_setting('app.sides_key', true) IS DISTINCT FROM asked THEN
        SELECT coalesce(string_agg(DISTINCT t.side, ','), '') INTO held
        FROM team_memberships m
        JOIN teams t ON t.id = m.team_id
        JOIN users u ON u.id = m.user_id
        WHERE m.user_id = app_current_user_id()
          AND u.organisation_id = app_current_organisation_id()
          AND t.organisation_id = u.organisation_id
          AND u.active;
        PERFORM set_config('app.sides', held, true), set_config('app.sides_key', asked, true);
      ELSE
        held := current_setting('app.sides', true);
      END IF;
      RETURN held <> '' AND string_to_array(held, ',') && sides;
    END
    $$`.execute(db);
  await sql`
    CREATE FUNCTION app_forget_sides() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM set_config('app.sides_key', '', true);
      RETURN NULL;
    END
    $$`.execute(db);
  for (const table of ['team_memberships', 'teams', 'users']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_forget_sides`)}
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION app_forget_sides()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['team_memberships', 'teams', 'users']) {
    await sql`DROP TRIGGER ${sql.id(`${table}_forget_sides`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION app_forget_sides()`.execute(db);
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
