import { sql, type Kysely } from 'kysely';

/*
 * The dashboard's triage counts (issue 12) for "mine" and "my team": how many first contacts are
 * overdue among the cases allocated to a worker, read on an index in that worker's clock order
 * (organisation, worker, opened) rather than by walking the organisation's whole clock and
 * keeping one worker's cases. The organisation-wide counts keep 0024's indexes.
 *
 * Frozen in time: never import application code here and never edit this file once landed.
 */
const OPEN_PARTNER = `status NOT IN ('closed', 'not_engaged')`;
const OPEN_PARTICIPANT = `status IN ('referred', 'assessment')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [cases, open] of [
    ['partner_cases', OPEN_PARTNER],
    ['perpetrator_cases', OPEN_PARTICIPANT],
  ] as const) {
    await sql
      .raw(
        `CREATE INDEX ${cases}_first_attempt_worker_idx ON ${cases} (organisation_id, allocated_worker_id, opened_on, id)
         WHERE first_attempt_at IS NULL AND ${open}`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX partner_cases_first_attempt_worker_idx, perpetrator_cases_first_attempt_worker_idx`.execute(db);
}
