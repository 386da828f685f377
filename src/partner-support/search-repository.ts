// Her caseload searched, filtered and sorted: her side of the caseloads' one builder (src/people/caseload-sql.ts). Row-level security applies.
import { sql, type SqlBool } from 'kysely';
import type { ListScope } from '../access/index.js';
import type { Trx } from '../db/database.js';
import { cappedCount, caseloadConditions, sortedPage, type CaseloadQuery, type CaseloadSide } from '../people/caseload-sql.js';
import type { CaseloadSort, SortDirection } from '../people/caseload-sort.js';
import type { PageCursor } from '../web/pagination.js';
import { partnerCases, type PartnerCaseRow } from './repository.js';

/** Her side: her record and her cases; the reference is her case's; her risk is her latest DASH's; no groups. */
export const HER_CASELOAD: CaseloadSide = {
  people: 'partners',
  cases: 'partner_cases',
  personColumn: 'partner_id',
  reference: 'partner_cases.reference',
  clockOpen: sql.raw(`partner_cases.status NOT IN ('closed', 'not_engaged')`),
  // The level of her latest DASH (latest completed, then latest recorded), the judgement where it raises the score's.
  risk: (org, level) => sql<SqlBool>`partner_cases.id IN (
    SELECT asked.partner_case_id FROM dash_assessments AS asked
    WHERE asked.organisation_id = ${org}::uuid
      AND app_dash_level(asked.score_level, asked.judgement_level) = ${level}
      AND NOT EXISTS (SELECT 1 FROM dash_assessments AS later
                      WHERE later.partner_case_id = asked.partner_case_id
                        AND (later.completed_on, later.created_at, later.id) > (asked.completed_on, asked.created_at, asked.id)))`,
  group: null,
};

function filtered(trx: Trx, scope: ListScope, query: CaseloadQuery) {
  return partnerCases(trx)
    .where('partners.organisation_id', '=', scope.organisationId)
    .where('partners.merged_into', 'is', null)
    .where('partner_cases.organisation_id', '=', scope.organisationId)
    .where((eb) => eb.and(caseloadConditions(HER_CASELOAD, scope.organisationId, query)));
}

/** One page of her filtered or sorted caseload, after or before the row a cursor names. */
export function partnerCaseSearchPageQuery(
  trx: Trx,
  scope: ListScope,
  query: CaseloadQuery,
  sort: { by: CaseloadSort; dir: SortDirection },
  cursor: PageCursor | null,
  limit: number,
) {
  return sortedPage(filtered(trx, scope, query), HER_CASELOAD, sort, cursor, limit);
}

export async function searchPartnerCases(
  trx: Trx,
  scope: ListScope,
  query: CaseloadQuery,
  sort: { by: CaseloadSort; dir: SortDirection },
  cursor: PageCursor | null,
  limit: number,
): Promise<PartnerCaseRow[]> {
  return partnerCaseSearchPageQuery(trx, scope, query, sort, cursor, limit).execute();
}

/** How many her filtered caseload lists, counted only up to `upTo`. */
export function partnerCaseSearchCountQuery(trx: Trx, scope: ListScope, query: CaseloadQuery, upTo: number) {
  return cappedCount(trx, filtered(trx, scope, query), HER_CASELOAD, upTo, query.found);
}

export async function countPartnerCaseSearch(trx: Trx, scope: ListScope, query: CaseloadQuery, upTo: number): Promise<number> {
  return Number((await partnerCaseSearchCountQuery(trx, scope, query, upTo).executeTakeFirstOrThrow()).n);
}
