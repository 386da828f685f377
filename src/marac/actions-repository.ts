// The MARAC actions not yet done, across her cases: the dashboard's counts and /marac/actions, on marac_actions_open_due_idx (migration 0037).
import { sql, type SqlBool } from 'kysely';
import { allocatedWithin, type AllocationFilter } from '../db/allocation.js';
import type { Trx } from '../db/database.js';
import type { PageCursor } from '../web/pagination.js';
import type { ListSort } from '../web/sort-heading.js';
import { keySelections, keyValues, pastKey, readDirection, type KeyColumn } from './keyset-order.js';
import type { MaracActionSort } from './schemas.js';

/** Which open actions: due before `today` (overdue), from `today` to `soonUntil` (due soon), or every one with a due date. */
export type OpenActionFilter = {
  organisationId: string;
  allocation: AllocationFilter;
  due: 'overdue' | 'soon' | null;
  today: string;
  soonUntil: string;
};

export type OpenActionRow = {
  id: string;
  action: string;
  agency: string;
  dueOn: string;
  referralId: string;
  partnerCaseId: string;
  partnerCaseReference: string;
  workerName: string | null;
};

/**
 * The open actions kept by the filter. Written as in the partial index's predicate (completed_on
 * IS NULL AND due_on IS NOT NULL), so each reads a range of it in due order; the scope keeps the
 * actions of her cases allocated to the user or the user's teams (partner_cases' worker).
 */
function openActions(trx: Trx, filter: OpenActionFilter) {
  let query = trx
    .selectFrom('marac_actions as a')
    .innerJoin('marac_referrals as r', 'r.id', 'a.marac_referral_id')
    .innerJoin('partner_cases as c', 'c.id', 'r.partner_case_id')
    .where('a.organisation_id', '=', filter.organisationId)
    .where('a.completed_on', 'is', null)
    .where('a.due_on', 'is not', null)
    .where(allocatedWithin('c.allocated_worker_id', filter.allocation).$castTo<SqlBool>());
  if (filter.due === 'overdue') {
    query = query.where('a.due_on', '<', filter.today);
  } else if (filter.due === 'soon') {
    query = query.where('a.due_on', '>=', filter.today).where('a.due_on', '<=', filter.soonUntil);
  }
  return query;
}

/** How many open actions the filter keeps, counted only up to `upTo`, in due order so the count stops at the cap. */
export function openActionCountQuery(trx: Trx, filter: OpenActionFilter, upTo: number) {
  return trx
    .selectFrom(openActions(trx, filter).select('a.id').orderBy('a.due_on').orderBy('a.id').limit(upTo).as('counted'))
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countOpenActions(trx: Trx, filter: OpenActionFilter, upTo: number): Promise<number> {
  return Number((await openActionCountQuery(trx, filter, upTo).executeTakeFirstOrThrow()).n);
}

/**
 * Each order's columns, ending in the action's id: the due date on marac_actions_open_due_idx
 * (migration 0037), the agency on marac_actions_open_agency_idx (0042), her case's reference on
 * its (organisation, reference) index with her referrals and their actions joined by their indexes.
 */
const SORT_COLUMNS: Record<MaracActionSort, KeyColumn[]> = {
  due: [
    { ref: 'a.due_on', type: 'date' },
    { ref: 'a.id', type: 'uuid' },
  ],
  reference: [
    { ref: 'c.reference', type: 'text' },
    { ref: 'a.id', type: 'uuid' },
  ],
  agency: [
    { ref: 'a.agency', type: 'text' },
    { ref: 'a.id', type: 'uuid' },
  ],
};

/** One page of open actions in the order asked for (then by id), after or before the action a cursor names. */
export async function listOpenActions(
  trx: Trx,
  filter: OpenActionFilter,
  sort: ListSort<MaracActionSort>,
  cursor: PageCursor | null,
  limit: number,
): Promise<OpenActionRow[]> {
  const columns = SORT_COLUMNS[sort.by];
  const [actionId] = cursor?.ids ?? [];
  const key = actionId
    ? await trx
        .selectFrom('marac_actions as a')
        .innerJoin('marac_referrals as r', 'r.id', 'a.marac_referral_id')
        .innerJoin('partner_cases as c', 'c.id', 'r.partner_case_id')
        .select(keySelections(columns))
        .where('a.id', '=', actionId)
        .where('a.organisation_id', '=', filter.organisationId)
        .where('a.due_on', 'is not', null)
        .executeTakeFirst()
    : undefined;
  const start = key ? { key: keyValues(columns, key), backwards: cursor?.direction === 'before' } : null;
  return openActionPageQuery(trx, filter, sort, start, limit).execute();
}

/** The query of a page as it runs (its plan is tested: actions-plans.test.ts). */
export function openActionPageQuery(
  trx: Trx,
  filter: OpenActionFilter,
  sort: ListSort<MaracActionSort>,
  start: { key: string[]; backwards: boolean } | null,
  limit: number,
) {
  let query = openActions(trx, filter)
    .leftJoin('users as w', 'w.id', 'c.allocated_worker_id')
    .select([
      'a.id',
      'a.action',
      'a.agency',
      sql<string>`a.due_on::text`.as('dueOn'),
      'r.id as referralId',
      'c.id as partnerCaseId',
      'c.reference as partnerCaseReference',
      'w.display_name as workerName',
    ]);
  const columns = SORT_COLUMNS[sort.by];
  if (start) {
    query = query.where(pastKey(columns, start.key, sort.dir, start.backwards));
  }
  const direction = readDirection(sort.dir, start?.backwards ?? false);
  for (const column of columns) {
    query = query.orderBy(sql.ref(column.ref), direction);
  }
  return query.limit(limit);
}
