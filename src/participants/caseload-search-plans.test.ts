import { CompiledQuery, sql, type Compilable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { createTestProgramme } from '../../test/fixtures/programme.js';
import type { ListScope } from '../access/index.js';
import { withActor, type Trx } from '../db/database.js';
import type { DashLevel, PartnerCaseStatus, PerpetratorCaseStatus, RiskLevel } from '../db/schema.js';
import { readSearch, type CaseloadFilters, type CaseloadSort, type SearchTerms } from '../people/caseload-search.js';
import { findPeople, type CaseloadQuery } from '../people/caseload-sql.js';
import { partnerCaseSearchCountQuery, partnerCaseSearchPageQuery } from '../partner-support/search-repository.js';
import { participantSearchCountQuery, participantSearchPageQuery } from './search-repository.js';

/*
 * EXPLAIN of both caseloads' searches and filters as the application runs them (issue 12): 10,000
 * men with cases and 10,000 partners with cases in one organisation, statistics taken. Each search
 * and filter's first page, a later page and its capped count must have a plan that reads indexes:
 * no "Seq Scan on" a table that grows with the caseload (the check bench/explain-lists.ts makes of
 * the unfiltered lists at 100,000). At 10,000 rows a whole table is still only a few hundred pages,
 * so the planner may fairly prefer reading it; sequential scans are priced out here
 * (enable_seqscan off) so a plan that still scans is one with no index to use, which is what this
 * test is for. The benchmark at 100,000 shows the planner's own choice. Each sort (reference, status,
 * last changed, either way; migration 0036) is checked on the whole list and with a filter too.
 */

const GROWING = [
  'participants',
  'perpetrator_cases',
  'partners',
  'partner_cases',
  'risk_assessments',
  'dash_assessments',
  'programme_enrolments',
];
const MEN = 10_000;
const PAGE_LIMIT = 26;

let t: TestApp;
let org: TestOrganisation;
let groupId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrganisation(t.database.db, 'Highmoor');
  // A handful of other organisations' people, so the organisation's own share is a real question.
  await createTestOrganisation(t.database.db, 'Greyhaven');
  const db = t.database.db;
  const workers = [org.users.perpetrator.id, org.users.management.id];
  await sql`
    WITH men AS (
      INSERT INTO participants (organisation_id, reference, given_name, family_name, date_of_birth, phone, postcode)
      SELECT ${org.id}::uuid, 'PA-' || (100000 + g),
             (ARRAY['Marlowe','Ivo','Aldous','Nigel','Mohammed','Tobias','Cyril','Ambrose'])[1 + g % 8],
             (ARRAY['Ashdown','Brackley','Smith','Khan','Tolliver','Quennell','Pryce','Ormsby'])[1 + (g / 8) % 8] || (g % 997),
             date '1960-01-01' + (g % 15000),
             '07700 ' || lpad((g % 1000000)::text, 6, '0'),
             'LS' || (g % 30) || ' ' || (g % 10) || 'AB'
      FROM generate_series(1, ${MEN}) g
      RETURNING id, reference)
    INSERT INTO perpetrator_cases (organisation_id, participant_id, status, allocated_worker_id, opened_on)
    SELECT ${org.id}::uuid, id,
           (ARRAY['referred','assessment','waiting','active','completed','dropped_out'])[1 + (substr(reference, 4)::int % 6)],
           CASE WHEN substr(reference, 4)::int % 50 = 0 THEN (${sql.val(workers)}::uuid[])[1 + substr(reference, 4)::int % 2] END,
           date '2024-01-01' + (substr(reference, 4)::int % 700)
    FROM men`.execute(db);
  await sql`
    WITH partnered AS (
      INSERT INTO partners (organisation_id, participant_id, given_name, family_name, relationship, date_of_birth, phone, safe_phone, postcode)
      SELECT organisation_id, id, 'Rosalind', 'Quennell' || substr(reference, 4), 'ex', date_of_birth, phone, phone, postcode
      FROM participants WHERE organisation_id = ${org.id}::uuid
      RETURNING id, organisation_id)
    INSERT INTO partner_cases (organisation_id, partner_id, reference, status, allocated_worker_id, opened_on)
    SELECT organisation_id, id, 'PS-' || row_number() OVER (), 'open',
           CASE WHEN row_number() OVER () % 50 = 0 THEN ${org.users.partner.id}::uuid END, date '2024-01-01' + (row_number() OVER () % 700)::int
    FROM partnered`.execute(db);
  await sql`
    INSERT INTO risk_assessments (organisation_id, participant_id, version, assessed_on, overall_level, summary, management_plan, review_on, assessed_by)
    SELECT organisation_id, id, 1, date '2025-01-01', (ARRAY['standard','medium','high','very_high'])[1 + substr(reference, 4)::int % 4],
           'Assessed', 'Plan', date '2025-04-01', ${org.users.perpetrator.id}::uuid
    FROM participants WHERE organisation_id = ${org.id}::uuid AND substr(reference, 4)::int % 5 = 0`.execute(db);
  await sql`
    INSERT INTO dash_assessments (organisation_id, partner_case_id, completed_by, completed_on, safe_to_talk, safe_contact_checked, score_level, yes_count)
    SELECT organisation_id, id, ${org.users.partner.id}::uuid, date '2025-02-01', true, true,
           (ARRAY['standard','medium','high'])[1 + (substr(reference, 4)::int % 3)],
           (ARRAY[5, 11, 15])[1 + (substr(reference, 4)::int % 3)]
    FROM partner_cases WHERE organisation_id = ${org.id}::uuid AND substr(reference, 4)::int % 4 = 0`.execute(db);
  const programme = await createTestProgramme(db, org, { sessionCount: 1 });
  groupId = programme.groupId;
  await sql`
    INSERT INTO programme_enrolments (organisation_id, participant_id, perpetrator_case_id, programme_id, group_id, ready_on)
    SELECT c.organisation_id, c.participant_id, c.id, ${programme.programmeId}::uuid, ${groupId}::uuid, date '2025-01-01'
    FROM perpetrator_cases c WHERE c.organisation_id = ${org.id}::uuid AND c.status = 'active' LIMIT 12`.execute(db);
  await sql`ANALYZE`.execute(db);
}, 240_000);
afterAll(async () => t?.close());

async function explain(trx: Trx, query: Compilable<unknown>): Promise<string> {
  const compiled = query.compile();
  const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

const scanned = (plan: string) =>
  [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1] ?? ''))].filter((table) => GROWING.includes(table));

type Filters = Partial<CaseloadFilters<string, string>>;

function filtersOf(partial: Filters): CaseloadFilters<string, string> {
  const search: SearchTerms | null = partial.q ? (readSearch(partial.q) as SearchTerms) : null;
  return {
    scope: 'all',
    q: null,
    status: null,
    worker: null,
    team: null,
    group: null,
    risk: null,
    overdue: null,
    sort: null,
    dir: null,
    ...partial,
    search,
  };
}

/** Every sort but the list's own (its plans are checked by bench/explain-lists.ts), either way, alone and with a filter. */
function sorted(filter: Filters): Filters[] {
  const sorts: CaseloadSort[] = ['reference', 'status', 'updated', 'name'];
  return sorts.flatMap((sort) => [
    { sort, dir: 'desc' as const },
    ...(sort === 'name' ? [] : [{ sort, dir: 'asc' as const }]),
    { ...filter, sort, dir: 'desc' as const },
  ]);
}

/** Every search and filter of his caseload, one at a time and together. */
function hisCases(): Filters[] {
  return [
    { q: 'Ashdwon' },
    { q: 'Muhammad Khan' },
    { q: 'Smith 1984' },
    { q: 'PA-1042' },
    { q: 'PA-10' },
    { q: '12/3/1984' },
    { q: '07700 001042' },
    { q: 'ls12 2ab' },
    { scope: 'mine' },
    { scope: 'team' },
    { status: 'referred' },
    { status: 'active' },
    { worker: org.users.management.id },
    { team: org.teams.perpetrator },
    { group: groupId },
    { risk: 'high' },
    { overdue: 'first-contact' },
    { scope: 'team', status: 'assessment', risk: 'medium', q: 'Tolliver' },
    ...sorted({ status: 'active' }),
  ];
}

function herCases(): Filters[] {
  return [
    { q: 'Quenel' },
    { q: 'PS-1042' },
    { q: '1984-03-12' },
    { q: '07700001042' },
    { q: 'LS12 2AB' },
    { scope: 'mine' },
    { scope: 'team' },
    { status: 'open' },
    { worker: org.users.partner.id },
    { team: org.teams.partner },
    { risk: 'high' },
    { overdue: 'first-contact' },
    { scope: 'team', risk: 'medium', q: 'Rosalind' },
    ...sorted({ status: 'open' }),
  ];
}

describe('the caseloads’ searches and filters read indexes at scale', () => {
  it('his caseload: no sequential scan of a case table for any search or filter, first page, later page or count', async () => {
    const manager = { userId: org.users.management.id, organisationId: org.id };
    const scope: ListScope = { organisationId: org.id, action: 'participant.list' };
    const problems: string[] = [];
    for (const partial of hisCases()) {
      await withActor(t.database.db, manager, async (trx) => {
        const filters = filtersOf(partial) as CaseloadFilters<PerpetratorCaseStatus, RiskLevel>;
        const search: CaseloadQuery = {
          filters,
          viewerId: manager.userId,
          contactVisible: true,
          overdueOpenedBy: '2025-06-01',
          found: await findPeople(trx, 'participants', filters.search, true),
        };
        const order = { by: filters.sort ?? 'name', dir: filters.dir ?? 'asc' };
        await sql`SELECT set_config('enable_seqscan', 'off', true)`.execute(trx);
        const first = participantSearchPageQuery(trx, scope, search, order, null, PAGE_LIMIT);
        const plans = [await explain(trx, first), await explain(trx, participantSearchCountQuery(trx, scope, search, 1001))];
        const rows = await first.execute();
        const last = rows.at(-2);
        if (last) {
          const ids = [last.participantId, last.caseId, '00000000-0000-0000-0000-000000000000'];
          plans.push(
            await explain(trx, participantSearchPageQuery(trx, scope, search, order, { direction: 'after', ids }, PAGE_LIMIT)),
          );
        }
        for (const plan of plans) {
          if (scanned(plan).length > 0) {
            problems.push(`${JSON.stringify(partial)}: ${scanned(plan).join(', ')}\n${plan}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('her caseload: no sequential scan of a case table for any search or filter, first page, later page or count', async () => {
    const manager = { userId: org.users.management.id, organisationId: org.id };
    const scope: ListScope = { organisationId: org.id, action: 'partnerCase.list' };
    const problems: string[] = [];
    for (const partial of herCases()) {
      await withActor(t.database.db, manager, async (trx) => {
        const filters = filtersOf(partial) as CaseloadFilters<PartnerCaseStatus, DashLevel>;
        const search: CaseloadQuery = {
          filters,
          viewerId: manager.userId,
          contactVisible: true,
          overdueOpenedBy: '2025-06-01',
          found: await findPeople(trx, 'partners', filters.search, true),
        };
        const order = { by: filters.sort ?? 'name', dir: filters.dir ?? 'asc' };
        await sql`SELECT set_config('enable_seqscan', 'off', true)`.execute(trx);
        const first = partnerCaseSearchPageQuery(trx, scope, search, order, null, PAGE_LIMIT);
        const plans = [await explain(trx, first), await explain(trx, partnerCaseSearchCountQuery(trx, scope, search, 1001))];
        const rows = await first.execute();
        const last = rows.at(-2);
        if (last) {
          const ids = [last.partnerId, last.caseId, '00000000-0000-0000-0000-000000000000'];
          plans.push(
            await explain(trx, partnerCaseSearchPageQuery(trx, scope, search, order, { direction: 'after', ids }, PAGE_LIMIT)),
          );
        }
        for (const plan of plans) {
          if (scanned(plan).length > 0) {
            problems.push(`${JSON.stringify(partial)}: ${scanned(plan).join(', ')}\n${plan}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
