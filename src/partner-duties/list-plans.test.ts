import { sql, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import type { Trx } from '../db/database.js';
import { outstandingDutyPageQuery, type OutstandingScope } from './outstanding-repository.js';

/*
 * EXPLAIN of the duties list's page in each order as the application builds it: 4,000 outstanding
 * duties, statistics taken, sequential scans priced out (enable_seqscan off) so a plan that still
 * scans the outstanding duties is one with no index to use. By due date and by kind, for the
 * organisation and for a worker's cases, a page reads an index in order and stops at its LIMIT
 * (migration 0021's and 0041's indexes); a search by reference reads her case by its reference.
 */

const DUTIES = 4_000;

let t: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrganisation(t.database.db, 'Saltmarsh');
  const db = t.database.db;
  // Written as the owner with the triggers off (the duties written straight into their table): a plan test, not a trigger test.
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`
      WITH men AS (
        INSERT INTO participants (organisation_id, reference, given_name, family_name)
        SELECT ${org.id}::uuid, 'PA-' || (300000 + g), 'Ansel', 'Kerridge' || g FROM generate_series(1, ${DUTIES}) g
        RETURNING id, reference)
      INSERT INTO partners (organisation_id, participant_id, given_name, family_name, relationship)
      SELECT ${org.id}::uuid, id, 'Perpetua', 'Lindqvist' || substr(reference, 4), 'ex' FROM men`.execute(trx);
    await sql`
      INSERT INTO partner_cases (organisation_id, partner_id, reference, status, allocated_worker_id, opened_on)
      SELECT organisation_id, id, 'PS-' || (500000 + row_number() OVER ()), 'open',
             CASE WHEN row_number() OVER () % 40 = 0 THEN ${org.users.partner.id}::uuid END, current_date - 10
      FROM partners WHERE organisation_id = ${org.id}::uuid`.execute(trx);
    await sql`
      INSERT INTO participant_events (organisation_id, participant_id, type, occurred_on, basic_summary)
      SELECT organisation_id, id, (ARRAY['missed_session','suspended','completed','started'])[1 + g % 4], current_date, 'Plan test'
      FROM (SELECT organisation_id, id, row_number() OVER () AS g FROM participants WHERE organisation_id = ${org.id}::uuid) AS men`.execute(
      trx,
    );
    await sql`
      INSERT INTO partner_duties_outstanding
        (organisation_id, partner_case_id, event_id, allocated_worker_id, event_type, event_recorded_at, case_opened_on, due_on)
      SELECT pc.organisation_id, pc.id, ev.id, pc.allocated_worker_id, ev.type, ev.created_at, pc.opened_on,
             current_date + (abs(hashtext(ev.id::text)) % 60)
      FROM partner_cases pc JOIN partners pa ON pa.id = pc.partner_id JOIN participant_events ev ON ev.participant_id = pa.participant_id
      WHERE pc.organisation_id = ${org.id}::uuid`.execute(trx);
  });
  await sql`ANALYZE`.execute(db);
});
afterAll(async () => t?.close());

/** A parameter written into the EXPLAIN's text (ids, dates, numbers and arrays of the test's own making). */
function literal(value: unknown): string {
  if (typeof value === 'number') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `'{${value.join(',')}}'`;
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

async function planOf(query: (trx: Trx) => Promise<Compilable>): Promise<string> {
  return t.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const compiled = (await query(trx)).compile();
    const text = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1]));
    const rows = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(text)}`.execute(trx);
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

const scopes = (): Array<[string, OutstandingScope]> => [
  ['all', { organisationId: org.id }],
  ['mine', { organisationId: org.id, workerId: org.users.partner.id }],
];

describe('the duties list’s page reads an index in each order', () => {
  it(`holds ${DUTIES} outstanding duties, dated`, async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM partner_duties_outstanding WHERE organisation_id = ${org.id}::uuid AND due_on IS NOT NULL`.execute(
      t.database.db,
    );
    expect(rows[0]?.n).toBe(DUTIES);
  });

  for (const [by, index] of [
    ['due', /partner_duties_outstanding_(worker_)?idx|partner_duties_outstanding_list_idx/],
    ['type', /partner_duties_outstanding_(worker_)?type_idx/],
  ] as const) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sort=${by}&dir=${dir}, for the organisation and for a worker`, async () => {
        for (const [, scope] of scopes()) {
          const plan = await planOf((trx) => outstandingDutyPageQuery(trx, scope, null, 26, { by, dir }));
          expect(plan).not.toMatch(/Seq Scan on partner_duties_outstanding/);
          expect(plan).toMatch(index);
          expect(plan).not.toMatch(/Sort Key: o\.(due_on|event_type)/);
        }
      });
    }
  }

  it('a search by reference reads her case by its reference, then its duties', async () => {
    const search = { kind: 'reference', prefix: 'PS-50001' } as const;
    const plan = await planOf((trx) => outstandingDutyPageQuery(trx, { organisationId: org.id, search }, null, 26));
    expect(plan).not.toMatch(/Seq Scan on (partner_duties_outstanding|partner_cases)/);
  });
});
