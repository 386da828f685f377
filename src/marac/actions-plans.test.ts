import { sql, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import type { AllocationFilter } from '../access/work-scope.js';
import type { Trx } from '../db/database.js';
import { COUNT_CAP } from '../web/pagination.js';
import { openActionCountQuery, openActionPageQuery } from './actions-repository.js';
import { maracReferralPageQuery, type MaracReferralFilters } from './referrals-list.js';
import { MARAC_ACTION_SORTS } from './schemas.js';

/*
 * EXPLAIN of the dashboard's MARAC action counts as the application runs them (issue 12): 4,000
 * partner cases each referred to MARAC with three actions (one done, one overdue, one later),
 * statistics taken, sequential scans priced out so a plan that still scans a growing table is one
 * with no index to use. Each count, in every scope, reads an index and stops at its cap; the
 * MARAC referrals and open actions lists, in each of their orders either way, first page and a
 * page after a cursor, read indexes and stop at the page's LIMIT.
 */

const GROWING = ['partner_cases', 'partners', 'marac_referrals', 'marac_actions'];
const CASES = 4_000;

let t: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrganisation(t.database.db, 'Saltmarsh');
  const db = t.database.db;
  await sql`
    INSERT INTO participants (organisation_id, reference, given_name, family_name)
    VALUES (${org.id}::uuid, 'PA-300001', 'Ansel', 'Kerridge')`.execute(db);
  await sql`
    WITH partnered AS (
      INSERT INTO partners (organisation_id, participant_id, given_name, family_name, relationship)
      SELECT ${org.id}::uuid, (SELECT id FROM participants WHERE reference = 'PA-300001'), 'Perpetua', 'Lindqvist' || g, 'ex'
      FROM generate_series(1, ${CASES}) g
      RETURNING id, organisation_id)
    INSERT INTO partner_cases (organisation_id, partner_id, reference, status, allocated_worker_id, opened_on)
    SELECT organisation_id, id, 'PS-' || row_number() OVER (), 'open',
           CASE WHEN row_number() OVER () % 40 = 0 THEN ${org.users.partner.id}::uuid END, date '2025-01-01'
    FROM partnered`.execute(db);
  await sql`
    INSERT INTO marac_referrals (organisation_id, partner_case_id, referred_on, area, criteria, safe_to_call, relationship,
      she_knows, she_consents, referred_by)
    SELECT organisation_id, id, date '2025-02-01', 'Saltmarsh', ARRAY['visible_high_risk'], true, 'Ex-partner', true, true,
      ${org.users.partner.id}::uuid
    FROM partner_cases WHERE organisation_id = ${org.id}::uuid`.execute(db);
  await sql`
    INSERT INTO marac_actions (organisation_id, marac_referral_id, action, agency, due_on, completed_on, recorded_by)
    SELECT r.organisation_id, r.id, 'Flag the address', 'Police', date '2025-03-01' + (k * 200), CASE WHEN k = 0 THEN date '2025-03-01' END,
      ${org.users.partner.id}::uuid
    FROM marac_referrals r CROSS JOIN generate_series(0, 2) k
    WHERE r.organisation_id = ${org.id}::uuid`.execute(db);
  await sql`ANALYZE`.execute(db);
});
afterAll(async () => t?.close());

async function planOf(query: (trx: Trx) => Compilable): Promise<string> {
  return t.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const compiled = query(trx).compile();
    const text = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => {
      const value = compiled.parameters[Number(n) - 1];
      return typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
    });
    const rows = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(text)}`.execute(trx);
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

const seqScans = (plan: string) => GROWING.filter((table) => new RegExp(`Seq Scan on ${table}\\b`).test(plan));

describe('the MARAC action counts read indexes, never a whole organisation', () => {
  const scopes: Array<[string, () => AllocationFilter]> = [
    ['all', () => null],
    ['mine', () => ({ kind: 'mine', userId: org.users.partner.id })],
    ['team', () => ({ kind: 'team', userId: org.users.partner.id })],
  ];
  for (const [scope, allocation] of scopes) {
    for (const due of ['overdue', 'soon'] as const) {
      it(`${due}, scope=${scope}`, async () => {
        const plan = await planOf((trx) =>
          openActionCountQuery(
            trx,
            { organisationId: org.id, allocation: allocation(), due, today: '2025-12-07', soonUntil: '2025-12-14' },
            COUNT_CAP + 1,
          ),
        );
        expect(seqScans(plan), plan).toEqual([]);
        expect(plan).toMatch(/Limit/);
        if (scope === 'all') {
          expect(plan).toContain('marac_actions_open_due_idx');
        }
      });
    }
  }
});

describe('the MARAC lists read indexes in each order, never a whole organisation', () => {
  const referralFilters = (by: 'referred' | 'reference' | 'name', dir: 'asc' | 'desc'): MaracReferralFilters => ({
    allocation: null,
    terms: null,
    named: null,
    status: null,
    risk: null,
    worker: null,
    from: null,
    to: null,
    sort: { by, dir },
  });
  const referralKeys = { referred: ['2025-02-01'], reference: ['PS-2000'], name: ['Lindqvist2000', 'Perpetua'] };
  const anId = '00000000-0000-4000-8000-000000000000';
  for (const by of ['referred', 'reference', 'name'] as const) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`MARAC referrals, sort=${by}&dir=${dir}`, async () => {
        for (const start of [
          null,
          { key: [...referralKeys[by], anId], backwards: false },
          { key: [...referralKeys[by], anId], backwards: true },
        ]) {
          const plan = await planOf((trx) => maracReferralPageQuery(trx, org.id, referralFilters(by, dir), start, 26));
          expect(seqScans(plan), plan).toEqual([]);
          expect(plan).toMatch(/Limit/);
        }
      });
    }
  }
  const actionKeys = { due: ['2025-09-17'], reference: ['PS-2000'], agency: ['Police'] };
  for (const by of MARAC_ACTION_SORTS) {
    for (const dir of ['asc', 'desc'] as const) {
      for (const due of [null, 'overdue'] as const) {
        it(`open MARAC actions, sort=${by}&dir=${dir}, due=${due ?? 'any'}`, async () => {
          const filter = { organisationId: org.id, allocation: null, due, today: '2025-12-07', soonUntil: '2025-12-14' };
          for (const start of [null, { key: [...actionKeys[by], anId], backwards: false }]) {
            const plan = await planOf((trx) => openActionPageQuery(trx, filter, { by, dir }, start, 26));
            expect(seqScans(plan), plan).toEqual([]);
            expect(plan).toMatch(/Limit/);
          }
        });
      }
    }
  }
});
