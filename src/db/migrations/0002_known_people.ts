import { sql, type Kysely } from 'kysely';

/*
 * Known people at intake: a duplicate participant or partner record is never deleted, only
 * marked as merged into the record that is kept, so the merge can be traced (and its audit entry
 * points at both). Lists and searches leave merged records out.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE participants ADD COLUMN merged_into uuid REFERENCES participants(id)`.execute(db);
  await sql`ALTER TABLE participants ADD CONSTRAINT participants_not_merged_into_self CHECK (merged_into <> id)`.execute(db);
  await sql`ALTER TABLE partners ADD COLUMN merged_into uuid REFERENCES partners(id)`.execute(db);
  await sql`ALTER TABLE partners ADD CONSTRAINT partners_not_merged_into_self CHECK (merged_into <> id)`.execute(db);
  // The known-person search narrows by date of birth before it scores names.
  await sql`CREATE INDEX participants_org_dob_idx ON participants (organisation_id, date_of_birth)`.execute(db);
  await sql`CREATE INDEX partners_org_dob_idx ON partners (organisation_id, date_of_birth)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX partners_org_dob_idx`.execute(db);
  await sql`DROP INDEX participants_org_dob_idx`.execute(db);
  await sql`ALTER TABLE partners DROP COLUMN merged_into`.execute(db);
  await sql`ALTER TABLE participants DROP COLUMN merged_into`.execute(db);
}
