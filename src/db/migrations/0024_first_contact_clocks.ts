import { sql, type Kysely } from 'kysely';

/*
 * The dashboard's first-contact clocks read a page of cases on an index instead of every open
 * case of the organisation (issue 11: nothing scans a whole organisation per page view).
 *
 * Each case keeps the time of its first contact attempt and of the first attempt that reached the
 * person (`first_attempt_at`, `reached_at`), kept by triggers on the attempts tables, so "no
 * attempt yet" and "attempted, not reached" are partial indexes in the order the clocks show them
 * (oldest opened first). The triggers run as the owner (SECURITY DEFINER, fixed search_path): a
 * worker who logs an attempt changes these two columns of that case only, and nothing is copied
 * across the wall (her attempts set her case's columns, his set his).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const OPEN_PARTNER = `status NOT IN ('closed', 'not_engaged')`;
const OPEN_PARTICIPANT = `status IN ('referred', 'assessment')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['partner_cases', 'perpetrator_cases']) {
    await sql.raw(`ALTER TABLE ${table} ADD COLUMN first_attempt_at timestamptz, ADD COLUMN reached_at timestamptz`).execute(db);
  }
  const sides = [
    { cases: 'partner_cases', attempts: 'partner_contact_attempts', key: 'partner_case_id', open: OPEN_PARTNER, name: 'partner' },
    {
      cases: 'perpetrator_cases',
      attempts: 'participant_contact_attempts',
      key: 'perpetrator_case_id',
      open: OPEN_PARTICIPANT,
      name: 'participant',
    },
  ];
  for (const side of sides) {
    await sql
      .raw(
        `UPDATE ${side.cases} c
            SET first_attempt_at = a.first_at, reached_at = a.reached_at
           FROM (SELECT ${side.key} AS case_id, min(attempted_at) AS first_at,
                        min(attempted_at) FILTER (WHERE outcome = 'reached') AS reached_at
                   FROM ${side.attempts} GROUP BY ${side.key}) a
          WHERE a.case_id = c.id`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE FUNCTION ${side.name}_contact_clock() RETURNS trigger
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
         DECLARE
           target uuid;
         BEGIN
           FOR target IN
             SELECT DISTINCT x FROM unnest(ARRAY[
               CASE WHEN TG_OP <> 'INSERT' THEN OLD.${side.key} END,
               CASE WHEN TG_OP <> 'DELETE' THEN NEW.${side.key} END]) AS x
             WHERE x IS NOT NULL
           LOOP
             UPDATE ${side.cases}
                SET first_attempt_at = (SELECT min(attempted_at) FROM ${side.attempts} WHERE ${side.key} = target),
                    reached_at = (SELECT min(attempted_at) FROM ${side.attempts}
                                   WHERE ${side.key} = target AND outcome = 'reached')
              WHERE id = target;
           END LOOP;
           RETURN NULL;
         END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${side.name}_contact_clock
         AFTER INSERT OR DELETE OR UPDATE OF ${side.key}, attempted_at, outcome ON ${side.attempts}
         FOR EACH ROW EXECUTE FUNCTION ${side.name}_contact_clock()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE INDEX ${side.cases}_first_attempt_due_idx ON ${side.cases} (organisation_id, opened_on, id)
         WHERE first_attempt_at IS NULL AND ${side.open}`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE INDEX ${side.cases}_awaiting_contact_idx ON ${side.cases} (organisation_id, opened_on, id)
         WHERE first_attempt_at IS NOT NULL AND reached_at IS NULL AND ${side.open}`,
      )
      .execute(db);
    await sql
      .raw(`CREATE INDEX ${side.cases}_open_opened_idx ON ${side.cases} (organisation_id, opened_on) WHERE ${side.open}`)
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [cases, attempts, name] of [
    ['partner_cases', 'partner_contact_attempts', 'partner'],
    ['perpetrator_cases', 'participant_contact_attempts', 'participant'],
  ] as const) {
    await sql.raw(`DROP TRIGGER ${name}_contact_clock ON ${attempts}`).execute(db);
    await sql.raw(`DROP FUNCTION ${name}_contact_clock()`).execute(db);
    await sql
      .raw(`DROP INDEX ${cases}_first_attempt_due_idx, ${cases}_awaiting_contact_idx, ${cases}_open_opened_idx`)
      .execute(db);
    await sql.raw(`ALTER TABLE ${cases} DROP COLUMN first_attempt_at, DROP COLUMN reached_at`).execute(db);
  }
}
