// His caseload searched and filtered: a page in the list's order and its capped count, each on the indexes of migration 0031.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ListScope } from '../access/index.js';
import type { Trx } from '../db/database.js';
import type { PerpetratorCaseStatus, RiskLevel } from '../db/schema.js';
import { prefixRange, type CaseloadFilters } from '../people/caseload-search.js';
import { allocatedWithin, nameWordMatches, phoneMatches, postcodeMatches } from '../people/caseload-sql.js';
import type { PageCursor } from '../web/pagination.js';
import { participantCases, participantSortKey, type ParticipantCaseRow } from './repository.js';

/** His caseload's filters with what the viewer may search and the day a first contact became overdue. */
export type ParticipantSearch = {
  filters: CaseloadFilters<PerpetratorCaseStatus, RiskLevel>;
  viewerId: string;
  /** His date of birth, phone and postcode: only for those who may see his full case (his side and management). */
  contactVisible: boolean;
  /** A case opened on or before this day with no first attempt is overdue (null without the overdue filter). */
  overdueOpenedBy: string | null;
};

/**
 * The open statuses his first-contact clock counts, written as in the partial index of migration
 * 0024 (constants, not parameters, so the planner can match its predicate in any plan).
 */
const CLOCK_OPEN = sql.raw(`perpetrator_cases.status IN ('referred', 'assessment')`);

/** Every condition of his filtered caseload, as one list (joined with AND). */
function conditions(scope: ListScope, search: ParticipantSearch): Array<Expression<SqlBool>> {
  const { filters, viewerId, contactVisible } = search;
  const org = scope.organisationId;
  const found: Array<Expression<SqlBool>> = [];
  if (filters.scope !== 'all') {
    found.push(allocatedWithin('perpetrator_cases.allocated_worker_id', filters.scope, viewerId));
  }
  if (filters.status) {
    found.push(sql<SqlBool>`perpetrator_cases.status = ${filters.status}`);
  }
  if (filters.worker) {
    found.push(sql<SqlBool>`perpetrator_cases.allocated_worker_id = ${filters.worker}::uuid`);
  }
  if (filters.team) {
    found.push(sql<SqlBool>`perpetrator_cases.allocated_worker_id IN (
      SELECT user_id FROM team_memberships WHERE team_id = ${filters.team}::uuid AND organisation_id = ${org}::uuid)`);
  }
  if (filters.group) {
    found.push(sql<SqlBool>`perpetrator_cases.id IN (
      SELECT perpetrator_case_id FROM programme_enrolments
      WHERE group_id = ${filters.group}::uuid AND ended_on IS NULL AND organisation_id = ${org}::uuid)`);
  }
  if (filters.risk) {
    // The level of his latest assessment: one with no later version.
    found.push(sql<SqlBool>`participants.id IN (
      SELECT assessed.participant_id FROM risk_assessments AS assessed
      WHERE assessed.organisation_id = ${org}::uuid AND assessed.overall_level = ${filters.risk}
        AND NOT EXISTS (SELECT 1 FROM risk_assessments AS later
                        WHERE later.participant_id = assessed.participant_id AND later.version > assessed.version))`);
  }
  if (filters.overdue === 'first-contact') {
    found.push(sql<SqlBool>`(perpetrator_cases.first_attempt_at IS NULL
      AND ${CLOCK_OPEN}
      AND perpetrator_cases.opened_on <= ${search.overdueOpenedBy ?? '0001-01-01'}::date)`);
  }
  const terms = filters.search;
  if (terms) {
    const hidden = !contactVisible && terms.kind !== 'reference' && (terms.kind !== 'name' || terms.year !== null);
    if (hidden) {
      // What the viewer may not see of him is not searched: nothing is found by it.
      found.push(sql<SqlBool>`false`);
    } else if (terms.kind === 'reference') {
      found.push(
        sql<SqlBool>`(participants.reference ~>=~ ${prefixRange(terms.prefix).from} AND participants.reference ~<~ ${prefixRange(terms.prefix).to})`,
      );
    } else if (terms.kind === 'birth') {
      found.push(sql<SqlBool>`participants.date_of_birth = ${terms.date}::date`);
    } else if (terms.kind === 'phone') {
      found.push(phoneMatches('participants', terms.digits));
    } else if (terms.kind === 'postcode') {
      found.push(postcodeMatches('participants', terms.key));
    } else {
      for (const word of terms.words) {
        found.push(nameWordMatches('participants', word));
      }
      if (terms.year !== null) {
        found.push(sql<SqlBool>`participants.date_of_birth >= ${`${terms.year}-01-01`}::date
          AND participants.date_of_birth < ${`${terms.year + 1}-01-01`}::date`);
      }
    }
  }
  return found;
}

function filtered(trx: Trx, scope: ListScope, search: ParticipantSearch) {
  return participantCases(trx)
    .where('participants.organisation_id', '=', scope.organisationId)
    .where('participants.merged_into', 'is', null)
    .where('perpetrator_cases.organisation_id', '=', scope.organisationId)
    .where((eb) => eb.and(conditions(scope, search)));
}

/**
 * One page of his filtered caseload in the list's order (family name, given name, his id, his
 * case's id), after or before the row a cursor names. Each filter is a condition the planner can
 * drive from its own index (a worker's cases, a group's men, a level's assessments, a name's
 * trigrams) when it keeps few cases, or check along participants_list_idx when it keeps many.
 */
export async function participantSearchPageQuery(
  trx: Trx,
  scope: ListScope,
  search: ParticipantSearch,
  cursor: PageCursor | null,
  limit: number,
) {
  let query = filtered(trx, scope, search);
  const key = cursor && (await participantSortKey(trx, scope, cursor.ids));
  const backwards = cursor?.direction === 'before';
  if (key) {
    const row = sql`(participants.family_name, participants.given_name, participants.id)`;
    const at = sql`(${key.familyName}::text, ${key.givenName}::text, ${key.participantId}::uuid)`;
    query = backwards
      ? query
          .where(sql<boolean>`${row} <= ${at}`)
          .where(sql<boolean>`(${row} < ${at} OR perpetrator_cases.id < ${key.caseId}::uuid)`)
      : query
          .where(sql<boolean>`${row} >= ${at}`)
          .where(sql<boolean>`(${row} > ${at} OR perpetrator_cases.id > ${key.caseId}::uuid)`);
  }
  const direction = backwards ? 'desc' : 'asc';
  return query
    .orderBy('participants.family_name', direction)
    .orderBy('participants.given_name', direction)
    .orderBy('participants.id', direction)
    .orderBy('perpetrator_cases.id', direction)
    .limit(limit);
}

export async function searchParticipantCases(
  trx: Trx,
  scope: ListScope,
  search: ParticipantSearch,
  cursor: PageCursor | null,
  limit: number,
): Promise<ParticipantCaseRow[]> {
  return (await participantSearchPageQuery(trx, scope, search, cursor, limit)).execute();
}

/** How many his filtered caseload lists, counted only up to `upTo`. */
export function participantSearchCountQuery(trx: Trx, scope: ListScope, search: ParticipantSearch, upTo: number) {
  return trx
    .selectFrom(
      filtered(trx, scope, search)
        .clearSelect()
        .select('perpetrator_cases.id')
        // In the list's order, so a filter that keeps many reads the list's index and stops at the cap.
        .orderBy('participants.family_name')
        .orderBy('participants.given_name')
        .orderBy('participants.id')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countParticipantSearch(
  trx: Trx,
  scope: ListScope,
  search: ParticipantSearch,
  upTo: number,
): Promise<number> {
  return Number((await participantSearchCountQuery(trx, scope, search, upTo).executeTakeFirstOrThrow()).n);
}

/** Whether any of his cases is allocated to the viewer: a caseload opens on "My cases" when one is. */
export async function hasAllocatedParticipantCase(trx: Trx, scope: ListScope, viewerId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('perpetrator_cases')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('allocated_worker_id', '=', viewerId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** His side's groups planned or running, by name: the choices of his caseload's group filter. */
export async function currentGroups(trx: Trx, organisationId: string): Promise<Array<{ id: string; name: string }>> {
  return trx
    .selectFrom('programme_groups')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('side', '=', 'perpetrator')
    .where('status', 'in', ['planned', 'running'])
    .orderBy('name')
    .orderBy('id')
    .execute();
}
