// His caseload searched, filtered and sorted: his side of the caseloads' one builder (src/people/caseload-sql.ts).
import { sql, type SqlBool } from 'kysely';
import type { ListScope } from '../access/index.js';
import type { Trx } from '../db/database.js';
import { cappedCount, caseloadConditions, sortedPage, type CaseloadQuery, type CaseloadSide } from '../people/caseload-sql.js';
import type { CaseloadSort, SortDirection } from '../people/caseload-sort.js';
import type { PageCursor } from '../web/pagination.js';
import { participantCases, type ParticipantCaseRow } from './repository.js';

/** His side: his record and his cases; his reference is on his record; his risk is his latest assessment's; men are in groups. */
export const HIS_CASELOAD: CaseloadSide = {
  people: 'participants',
  cases: 'perpetrator_cases',
  personColumn: 'participant_id',
  reference: 'participants.reference',
  clockOpen: sql.raw(`perpetrator_cases.status IN ('referred', 'assessment')`),
  // The level of his latest assessment: one with no later version.
  risk: (org, level) => sql<SqlBool>`participants.id IN (
    SELECT assessed.participant_id FROM risk_assessments AS assessed
    WHERE assessed.organisation_id = ${org}::uuid AND assessed.overall_level = ${level}
      AND NOT EXISTS (SELECT 1 FROM risk_assessments AS later
                      WHERE later.participant_id = assessed.participant_id AND later.version > assessed.version))`,
  group: (org, groupId) => sql<SqlBool>`perpetrator_cases.id IN (
    SELECT perpetrator_case_id FROM programme_enrolments
    WHERE group_id = ${groupId}::uuid AND ended_on IS NULL AND organisation_id = ${org}::uuid)`,
};

function filtered(trx: Trx, scope: ListScope, query: CaseloadQuery) {
  return participantCases(trx)
    .where('participants.organisation_id', '=', scope.organisationId)
    .where('participants.merged_into', 'is', null)
    .where('perpetrator_cases.organisation_id', '=', scope.organisationId)
    .where((eb) => eb.and(caseloadConditions(HIS_CASELOAD, scope.organisationId, query)));
}

/**
 * One page of his filtered or sorted caseload, after or before the row a cursor names. Each filter
 * is a condition the planner can drive from its own index (a worker's cases, a group's men, a
 * level's assessments, the ids a search found) when it keeps few cases, or check along the sort's
 * index when it keeps many.
 */
export function participantSearchPageQuery(
  trx: Trx,
  scope: ListScope,
  query: CaseloadQuery,
  sort: { by: CaseloadSort; dir: SortDirection },
  cursor: PageCursor | null,
  limit: number,
) {
  return sortedPage(filtered(trx, scope, query), HIS_CASELOAD, sort, cursor, limit);
}

export async function searchParticipantCases(
  trx: Trx,
  scope: ListScope,
  query: CaseloadQuery,
  sort: { by: CaseloadSort; dir: SortDirection },
  cursor: PageCursor | null,
  limit: number,
): Promise<ParticipantCaseRow[]> {
  return participantSearchPageQuery(trx, scope, query, sort, cursor, limit).execute();
}

/** How many his filtered caseload lists, counted only up to `upTo`. */
export function participantSearchCountQuery(trx: Trx, scope: ListScope, query: CaseloadQuery, upTo: number) {
  return cappedCount(trx, filtered(trx, scope, query), HIS_CASELOAD, upTo, query.found);
}

export async function countParticipantSearch(trx: Trx, scope: ListScope, query: CaseloadQuery, upTo: number): Promise<number> {
  return Number((await participantSearchCountQuery(trx, scope, query, upTo).executeTakeFirstOrThrow()).n);
}
