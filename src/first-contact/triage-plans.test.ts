import { sql, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import type { AllocationFilter } from '../access/work-scope.js';
import type { Trx } from '../db/database.js';
import { outstandingDutyCountQuery } from '../partner-duties/outstanding-repository.js';
import { openReviewCountQuery } from '../programme/attendance/reviews-repository.js';
import { COUNT_CAP } from '../web/pagination.js';
import { overdueFirstContactCountQuery } from './clocks-repository.js';

/*
 * EXPLAIN of the dashboard's triage counts as the application runs them (issue 12): 6,000 partner
 * cases and 6,000 of his, statistics taken, sequential scans priced out (enable_seqscan off) so a
 * plan that still scans a growing table is one with no index to use. Every count, in every scope,
 * reads an index and stops at its cap: none walks the organisation's cases per page view.
 */

const GROWING = [
  'partner_cases',
  'perpetrator_cases',
  'partners',
  'participants',
  'partner_duties_outstanding',
  'enrolment_reviews',
];
const CASES = 6_000;

let t: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrganisation(t.database.db, 'Coldharbour');
  const db = t.database.db;
  await sql`
    WITH men AS (
      INSERT INTO participants (organisation_id, reference, given_name, family_name)
      SELECT ${org.id}::uuid, 'PA-' || (200000 + g), 'Ansel', 'Kerridge' || g FROM generate_series(1, ${CASES}) g
      RETURNING id, reference)
    INSERT INTO perpetrator_cases (organisation_id, participant_id, status, allocated_worker_id, opened_on)
    SELECT ${org.id}::uuid, id, (ARRAY['referred','assessment','active','completed'])[1 + substr(reference, 4)::int % 4],
           CASE WHEN substr(reference, 4)::int % 40 = 0 THEN ${org.users.perpetrator.id}::uuid END,
           date '2024-01-01' + (substr(reference, 4)::int % 700)
    FROM men`.execute(db);
  await sql`
    WITH partnered AS (
      INSERT INTO partners (organisation_id, participant_id, given_name, family_name, relationship)
      SELECT organisation_id, id, 'Perpetua', 'Lindqvist' || substr(reference, 4), 'ex'
      FROM participants WHERE organisation_id = ${org.id}::uuid
      RETURNING id, organisation_id)
    INSERT INTO partner_cases (organisation_id, partner_id, reference, status, allocated_worker_id, opened_on)
    SELECT organisation_id, id, 'PS-' || row_number() OVER (), 'open',
           CASE WHEN row_number() OVER () % 40 = 0 THEN ${org.users.partner.id}::uuid END,
           date '2024-01-01' + (row_number() OVER () % 700)::int
    FROM partnered`.execute(db);
  await sql`ANALYZE`.execute(db);
});
afterAll(async () => t?.close());

async function planOf(query: (trx: Trx) => Compilable): Promise<string> {
  return t.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const compiled = query(trx).compile();
    const rows = await sql<{
      'QUERY PLAN': string;
    }>`EXPLAIN ${sql.raw(compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1])))}`.execute(
      trx,
    );
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** A parameter written into the EXPLAIN's text (the values here are ids, dates and numbers of the test's own making). */
function literal(value: unknown): string {
  if (typeof value === 'number') {
    return String(value);
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

const seqScans = (plan: string) => GROWING.filter((table) => new RegExp(`Seq Scan on ${table}\\b`).test(plan));

describe('the triage counts read indexes, never a whole organisation', () => {
  const scopes: Array<[string, () => AllocationFilter]> = [
    ['all', () => null],
    ['mine', () => ({ kind: 'mine', userId: org.users.partner.id })],
    ['team', () => ({ kind: 'team', userId: org.users.partner.id })],
  ];
  for (const [scope, filter] of scopes) {
    for (const side of ['partner', 'participant'] as const) {
      it(`first contacts overdue, ${side}, scope=${scope}`, async () => {
        const plan = await planOf((trx) =>
          overdueFirstContactCountQuery(trx, side, org.id, '2025-06-01', filter(), COUNT_CAP + 1),
        );
        expect(seqScans(plan), plan).toEqual([]);
        expect(plan).toMatch(/Limit/);
      });
    }
  }

  for (const [scope, workerScope] of [
    ['all', {}],
    ['mine', { workerId: 'partner' }],
    ['team', { teamOf: 'partner' }],
  ] as const) {
    for (const overdue of [true, false]) {
      it(`duties to inform a partner, ${overdue ? 'overdue' : 'due soon'}, scope=${scope}`, async () => {
        const who = org.users.partner.id;
        const plan = await planOf((trx) =>
          outstandingDutyCountQuery(
            trx,
            {
              organisationId: org.id,
              ...('workerId' in workerScope && { workerId: who }),
              ...('teamOf' in workerScope && { teamOf: who }),
              overdue: { today: '2026-12-07', overdue },
            },
            COUNT_CAP + 1,
          ),
        );
        expect(seqScans(plan), plan).toEqual([]);
      });
    }
  }

  for (const [scope, filter] of [
    ['all', {}],
    ['mine', { workerId: 'x' }],
    ['team', { teamOf: 'x' }],
  ] as const) {
    it(`attendance reviews, scope=${scope}`, async () => {
      const who = org.users.perpetrator.id;
      const plan = await planOf((trx) =>
        openReviewCountQuery(
          trx,
          org.id,
          { ...('workerId' in filter && { workerId: who }), ...('teamOf' in filter && { teamOf: who }) },
          COUNT_CAP + 1,
        ),
      );
      expect(seqScans(plan), plan).toEqual([]);
    });
  }
});
