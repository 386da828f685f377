import { sql, type Kysely } from 'kysely';

/*
 * A case at a glance (issue 12): the name each person is known by, on his record and hers, and the
 * language the partner needs an interpreter for (his came with migration 0006). Her two columns
 * are partner-side like the rest of her record: the partners table's row-level security (migration
 * 0001) and its table-wide grant to parallel_app already cover them, and no view or column-level
 * grant lists the columns of either table.
 *
 * Not searched: the caseload name searches (migrations 0035, 0036 and 0043) read given and family
 * names only.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE participants
      ADD COLUMN known_as text CHECK (length(known_as) <= 100)`.execute(db);
  await sql`
    ALTER TABLE partners
      ADD COLUMN known_as text CHECK (length(known_as) <= 100),
      ADD COLUMN interpreter_language text CHECK (length(interpreter_language) <= 100)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE partners DROP COLUMN known_as, DROP COLUMN interpreter_language`.execute(db);
  await sql`ALTER TABLE participants DROP COLUMN known_as`.execute(db);
}
