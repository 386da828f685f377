import { sql, type Kysely } from 'kysely';

/*
 * Dates that mean "the day in London" (issue 19, point 4). The application now gives every case's
 * opened date, every referral's received date, a child's age-recorded date and a programme status
 * change's effective date itself, as today in London by its one clock (src/dates/london.ts). The
 * columns' defaults were the database's `current_date`, the day in the session's time zone (UTC):
 * between midnight and 1am in summer that is yesterday. A row written without the date (by hand,
 * by a script) now gets the day in London too.
 *
 * The outstanding duties to inform her (migration 0021) counted an event of his as inside her
 * case by the UTC day it was recorded on, and the 28 days before her case opened from midnight
 * UTC: both are London days now, as in src/partner-duties/repository.ts (listDuties).
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const LONDON_TODAY = `(now() AT TIME ZONE 'Europe/London')::date`;
const COLUMNS = [
  ['perpetrator_cases', 'opened_on'],
  ['partner_cases', 'opened_on'],
  ['referrals', 'received_on'],
  ['children', 'age_recorded_on'],
  ['enrolment_status_history', 'effective_on'],
] as const;
/** src/partner-duties/rules.ts DUTY_EVENT_TYPES at the time of writing. */
const DUTY_TYPES = `ARRAY['assessment_outcome','started','missed_session','suspended','dropped_out','excluded',
  'completed','breached','disclosure','attendance_corrected']`;
/** src/partner-duties/rules.ts RELEVANT_BEFORE_OPENING_DAYS. */
const BEFORE_OPENING_DAYS = 28;

/** The body of partner_duties_sync, with the days it compares as given. */
function dutySync(eventDay: string, caseStart: string): string {
  return `CREATE OR REPLACE FUNCTION partner_duties_sync(cases uuid[]) RETURNS void
       LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp SET app.duty_sync = 'on' AS $$
         WITH wanted AS (
           SELECT pc.organisation_id, pc.id AS partner_case_id, ev.id AS event_id, pc.allocated_worker_id,
                  ev.type AS event_type, ev.created_at AS event_recorded_at, pc.opened_on AS case_opened_on
           FROM partner_cases pc
           JOIN partners pa ON pa.id = pc.partner_id
           JOIN participant_events ev ON ev.participant_id = pa.participant_id AND ev.organisation_id = pc.organisation_id
           WHERE pc.id = ANY(cases)
             AND pc.status <> 'closed'
             AND pa.merged_into IS NULL
             AND ev.type = ANY(${DUTY_TYPES})
             AND ev.created_at >= ${caseStart}
             AND (pc.closed_on IS NULL OR ${eventDay} <= pc.closed_on)
             AND NOT EXISTS (SELECT 1 FROM partner_duty_records rec
                             WHERE rec.partner_case_id = pc.id AND rec.event_id = ev.id)
         ), gone AS (
           DELETE FROM partner_duties_outstanding o
           WHERE o.partner_case_id = ANY(cases)
             AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.partner_case_id = o.partner_case_id AND w.event_id = o.event_id)
         )
         INSERT INTO partner_duties_outstanding AS o
           (organisation_id, partner_case_id, event_id, allocated_worker_id, event_type, event_recorded_at, case_opened_on)
         SELECT organisation_id, partner_case_id, event_id, allocated_worker_id, event_type, event_recorded_at, case_opened_on
         FROM wanted
         ON CONFLICT (partner_case_id, event_id) DO UPDATE SET
           organisation_id = EXCLUDED.organisation_id,
           allocated_worker_id = EXCLUDED.allocated_worker_id,
           case_opened_on = EXCLUDED.case_opened_on,
           due_on = CASE WHEN o.case_opened_on = EXCLUDED.case_opened_on THEN o.due_on END
       $$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of COLUMNS) {
    await sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${LONDON_TODAY}`).execute(db);
  }
  await sql
    .raw(
      dutySync(
        `(ev.created_at AT TIME ZONE 'Europe/London')::date`,
        `((pc.opened_on - ${BEFORE_OPENING_DAYS})::timestamp AT TIME ZONE 'Europe/London')`,
      ),
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(dutySync('ev.created_at::date', `(pc.opened_on - ${BEFORE_OPENING_DAYS})::timestamptz`)).execute(db);
  for (const [table, column] of COLUMNS) {
    await sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT current_date`).execute(db);
  }
}
