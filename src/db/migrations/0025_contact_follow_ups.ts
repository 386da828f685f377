import { sql, type Kysely } from 'kysely';

/*
 * The dashboard's follow-ups with partners not yet reached read a page on an index instead of
 * every open case with its latest attempt (issue 11: nothing scans a whole organisation per page
 * view).
 *
 * Her case keeps its latest contact attempt's time and outcome (`last_attempt_at`,
 * `last_outcome`), kept by the trigger of migration 0024, redefined here to keep them too. Of two
 * attempts at the same time, the one recorded later is the latest. The
 * follow-ups are her open cases whose latest attempt did not reach her, soonest due first (the
 * next attempt is due a set number of working days after the latest), for the organisation or for
 * her allocated worker: one partial index each.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const OPEN_NOT_REACHED = `last_attempt_at IS NOT NULL AND last_outcome <> 'reached' AND status NOT IN ('closed', 'not_engaged')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE partner_cases ADD COLUMN last_attempt_at timestamptz, ADD COLUMN last_outcome text`.execute(db);
  await sql`
    UPDATE partner_cases c
       SET last_attempt_at = l.attempted_at, last_outcome = l.outcome
      FROM (SELECT DISTINCT ON (partner_case_id) partner_case_id, attempted_at, outcome
              FROM partner_contact_attempts
             ORDER BY partner_case_id, attempted_at DESC, created_at DESC, id DESC) l
     WHERE l.partner_case_id = c.id`.execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION partner_contact_clock() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
       DECLARE
         target uuid;
       BEGIN
         FOR target IN
           SELECT DISTINCT x FROM unnest(ARRAY[
             CASE WHEN TG_OP <> 'INSERT' THEN OLD.partner_case_id END,
             CASE WHEN TG_OP <> 'DELETE' THEN NEW.partner_case_id END]) AS x
           WHERE x IS NOT NULL
         LOOP
           UPDATE partner_cases
              SET first_attempt_at = (SELECT min(attempted_at) FROM partner_contact_attempts WHERE partner_case_id = target),
                  reached_at = (SELECT min(attempted_at) FROM partner_contact_attempts
                                 WHERE partner_case_id = target AND outcome = 'reached'),
                  (last_attempt_at, last_outcome) = (SELECT attempted_at, outcome FROM partner_contact_attempts
                                                      WHERE partner_case_id = target
                                                      ORDER BY attempted_at DESC, created_at DESC, id DESC LIMIT 1)
            WHERE id = target;
         END LOOP;
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE INDEX partner_cases_contact_follow_up_idx ON partner_cases (organisation_id, last_attempt_at, id)
       WHERE ${OPEN_NOT_REACHED}`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE INDEX partner_cases_worker_follow_up_idx
       ON partner_cases (organisation_id, allocated_worker_id, last_attempt_at, id)
       WHERE ${OPEN_NOT_REACHED}`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX partner_cases_worker_follow_up_idx, partner_cases_contact_follow_up_idx`.execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION partner_contact_clock() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
       DECLARE
         target uuid;
       BEGIN
         FOR target IN
           SELECT DISTINCT x FROM unnest(ARRAY[
             CASE WHEN TG_OP <> 'INSERT' THEN OLD.partner_case_id END,
             CASE WHEN TG_OP <> 'DELETE' THEN NEW.partner_case_id END]) AS x
           WHERE x IS NOT NULL
         LOOP
           UPDATE partner_cases
              SET first_attempt_at = (SELECT min(attempted_at) FROM partner_contact_attempts WHERE partner_case_id = target),
                  reached_at = (SELECT min(attempted_at) FROM partner_contact_attempts
                                 WHERE partner_case_id = target AND outcome = 'reached')
            WHERE id = target;
         END LOOP;
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  await sql`ALTER TABLE partner_cases DROP COLUMN last_attempt_at, DROP COLUMN last_outcome`.execute(db);
}
