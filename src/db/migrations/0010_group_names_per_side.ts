import { sql, type Kysely } from 'kysely';

/*
 * A group's name was unique across the whole organisation, so his side, naming a new group, was
 * told "already exists" when the partner service had a support group of that name: a way to test
 * for her side's groups. Names are now unique within each side of the wall.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE programme_groups DROP CONSTRAINT programme_groups_organisation_id_name_key`.execute(db);
  await sql`ALTER TABLE programme_groups ADD CONSTRAINT programme_groups_side_name_key UNIQUE (organisation_id, side, name)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE programme_groups DROP CONSTRAINT programme_groups_side_name_key`.execute(db);
  await sql`ALTER TABLE programme_groups ADD CONSTRAINT programme_groups_organisation_id_name_key UNIQUE (organisation_id, name)`.execute(
    db,
  );
}
