// Her caseload searched and filtered: a page in the list's order and its capped count, each on the indexes of migration 0031.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ListScope } from '../access/index.js';
import type { Trx } from '../db/database.js';
import type { DashLevel, PartnerCaseStatus } from '../db/schema.js';
import { prefixRange, type CaseloadFilters } from '../people/caseload-search.js';
import { allocatedWithin, nameWordMatches, phoneMatches, postcodeMatches } from '../people/caseload-sql.js';
import type { PageCursor } from '../web/pagination.js';
import { partnerCases, partnerSortKey, type PartnerCaseRow } from './repository.js';

/** Her caseload's filters and the day a first contact became overdue. Partner-side tables: row-level security applies. */
export type PartnerCaseSearch = {
  filters: CaseloadFilters<PartnerCaseStatus, DashLevel>;
  viewerId: string;
  /** A case opened on or before this day with no first attempt is overdue (null without the overdue filter). */
  overdueOpenedBy: string | null;
};

/**
 * The statuses her first-contact clock leaves out, written as in the partial index of migration
 * 0024 (constants, not parameters, so the planner can match its predicate in any plan).
 */
const CLOCK_OPEN = sql.raw(`partner_cases.status NOT IN ('closed', 'not_engaged')`);

/** Every condition of her filtered caseload, as one list (joined with AND). */
function conditions(scope: ListScope, search: PartnerCaseSearch): Array<Expression<SqlBool>> {
  const { filters, viewerId } = search;
  const org = scope.organisationId;
  const found: Array<Expression<SqlBool>> = [];
  if (filters.scope !== 'all') {
    found.push(allocatedWithin('partner_cases.allocated_worker_id', filters.scope, viewerId));
  }
  if (filters.status) {
    found.push(sql<SqlBool>`partner_cases.status = ${filters.status}`);
  }
  if (filters.worker) {
    found.push(sql<SqlBool>`partner_cases.allocated_worker_id = ${filters.worker}::uuid`);
  }
  if (filters.team) {
    found.push(sql<SqlBool>`partner_cases.allocated_worker_id IN (
      SELECT user_id FROM team_memberships WHERE team_id = ${filters.team}::uuid AND organisation_id = ${org}::uuid)`);
  }
  if (filters.risk) {
    // The level of her latest DASH (latest completed, then latest recorded), the judgement where it raises the score's.
    found.push(sql<SqlBool>`partner_cases.id IN (
      SELECT asked.partner_case_id FROM dash_assessments AS asked
      WHERE asked.organisation_id = ${org}::uuid
        AND app_dash_level(asked.score_level, asked.judgement_level) = ${filters.risk}
        AND NOT EXISTS (SELECT 1 FROM dash_assessments AS later
                        WHERE later.partner_case_id = asked.partner_case_id
                          AND (later.completed_on, later.created_at, later.id) > (asked.completed_on, asked.created_at, asked.id)))`);
  }
  if (filters.overdue === 'first-contact') {
    found.push(sql<SqlBool>`(partner_cases.first_attempt_at IS NULL
      AND ${CLOCK_OPEN}
      AND partner_cases.opened_on <= ${search.overdueOpenedBy ?? '0001-01-01'}::date)`);
  }
  const terms = filters.search;
  if (terms?.kind === 'reference') {
    found.push(
      sql<SqlBool>`(partner_cases.reference ~>=~ ${prefixRange(terms.prefix).from} AND partner_cases.reference ~<~ ${prefixRange(terms.prefix).to})`,
    );
  } else if (terms?.kind === 'birth') {
    found.push(sql<SqlBool>`partners.date_of_birth = ${terms.date}::date`);
  } else if (terms?.kind === 'phone') {
    found.push(phoneMatches('partners', terms.digits));
  } else if (terms?.kind === 'postcode') {
    // Her postcode as recorded; a sealed address is not searched (only her own worker may read it).
    found.push(postcodeMatches('partners', terms.key));
  } else if (terms?.kind === 'name') {
    for (const word of terms.words) {
      found.push(nameWordMatches('partners', word));
    }
    if (terms.year !== null) {
      found.push(sql<SqlBool>`partners.date_of_birth >= ${`${terms.year}-01-01`}::date
        AND partners.date_of_birth < ${`${terms.year + 1}-01-01`}::date`);
    }
  }
  return found;
}

function filtered(trx: Trx, scope: ListScope, search: PartnerCaseSearch) {
  return partnerCases(trx)
    .where('partners.organisation_id', '=', scope.organisationId)
    .where('partners.merged_into', 'is', null)
    .where('partner_cases.organisation_id', '=', scope.organisationId)
    .where((eb) => eb.and(conditions(scope, search)));
}

/** One page of her filtered caseload in the list's order (family name, given name, her id, her case's id). */
export async function partnerCaseSearchPageQuery(
  trx: Trx,
  scope: ListScope,
  search: PartnerCaseSearch,
  cursor: PageCursor | null,
  limit: number,
) {
  let query = filtered(trx, scope, search);
  const key = cursor && (await partnerSortKey(trx, scope, cursor.ids));
  const backwards = cursor?.direction === 'before';
  if (key) {
    const row = sql`(partners.family_name, partners.given_name, partners.id)`;
    const at = sql`(${key.familyName}::text, ${key.givenName}::text, ${key.partnerId}::uuid)`;
    query = backwards
      ? query.where(sql<boolean>`${row} <= ${at}`).where(sql<boolean>`(${row} < ${at} OR partner_cases.id < ${key.caseId}::uuid)`)
      : query
          .where(sql<boolean>`${row} >= ${at}`)
          .where(sql<boolean>`(${row} > ${at} OR partner_cases.id > ${key.caseId}::uuid)`);
  }
  const direction = backwards ? 'desc' : 'asc';
  return query
    .orderBy('partners.family_name', direction)
    .orderBy('partners.given_name', direction)
    .orderBy('partners.id', direction)
    .orderBy('partner_cases.id', direction)
    .limit(limit);
}

export async function searchPartnerCases(
  trx: Trx,
  scope: ListScope,
  search: PartnerCaseSearch,
  cursor: PageCursor | null,
  limit: number,
): Promise<PartnerCaseRow[]> {
  return (await partnerCaseSearchPageQuery(trx, scope, search, cursor, limit)).execute();
}

/** How many her filtered caseload lists, counted only up to `upTo`. */
export function partnerCaseSearchCountQuery(trx: Trx, scope: ListScope, search: PartnerCaseSearch, upTo: number) {
  return trx
    .selectFrom(
      filtered(trx, scope, search)
        .clearSelect()
        .select('partner_cases.id')
        // In the list's order, so a filter that keeps many reads the list's index and stops at the cap.
        .orderBy('partners.family_name')
        .orderBy('partners.given_name')
        .orderBy('partners.id')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countPartnerCaseSearch(
  trx: Trx,
  scope: ListScope,
  search: PartnerCaseSearch,
  upTo: number,
): Promise<number> {
  return Number((await partnerCaseSearchCountQuery(trx, scope, search, upTo).executeTakeFirstOrThrow()).n);
}

/** Whether any partner case is allocated to the viewer: her caseload opens on "My cases" when one is. */
export async function hasAllocatedPartnerCase(trx: Trx, scope: ListScope, viewerId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('partner_cases')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('allocated_worker_id', '=', viewerId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
