// The MARAC actions agreed at meetings and not yet done, across her cases: the dashboard's counts and the list they link to.
import { authorizePartnerSide, can, type Actor } from '../access/index.js';
import { allocationFilter, type WorkScope } from '../access/work-scope.js';
import { recordActorEvent } from '../audit/service.js';
import { daysAfter, todayInLondon } from '../dates/london.js';
import { withActor, type Db } from '../db/database.js';
import { COUNT_CAP, cappedTotal, keysetPage, type KeysetPage, type PageCursor } from '../web/pagination.js';
import * as repo from './actions-repository.js';
import type { ListSort } from '../web/sort-heading.js';
import type { ActionDue, MaracActionSort } from './schemas.js';

type Origin = { ip: string | null };

export const ACTIONS_PAGE_SIZE = 25;
/** An action is due soon from today to this many days ahead (overdue before today). */
export const ACTION_DUE_SOON_DAYS = 7;

export type OpenActionView = {
  id: string;
  action: string;
  agency: string;
  dueOn: string;
  overdue: boolean;
  href: string;
  partnerCaseReference: string;
  workerName: string | null;
};

export type ActionFilters = { scope: WorkScope; due: ActionDue | null; sort?: ListSort<MaracActionSort> };

/** The list's own order: the earliest due first. */
export const DEFAULT_ACTION_SORT: ListSort<MaracActionSort> = { by: 'due', dir: 'asc' };

/**
 * MARAC actions with a due date, not yet done: what each agency agreed to do for her safety, by
 * due date, for the cases allocated to the user ("mine"), to the user's teams, or all. Partner side
 * and management only: a count answers null to anyone else (the dashboard then shows no card at
 * all, not even a zero) and the list answers "not found". The list's reads are audited.
 */
export class MaracActionService {
  readonly dueSoonDays = ACTION_DUE_SOON_DAYS;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private filterFor(actor: Actor, filters: ActionFilters): repo.OpenActionFilter {
    const today = todayInLondon(this.clock());
    return {
      organisationId: actor.organisationId,
      allocation: allocationFilter(actor, filters.scope),
      due: filters.due,
      today,
      soonUntil: daysAfter(today, ACTION_DUE_SOON_DAYS),
    };
  }

  /** How many open actions are overdue or due soon in the scope, capped; null for a role that may not see MARAC. */
  async count(
    actor: Actor,
    filters: { scope: WorkScope; due: ActionDue },
  ): Promise<{ total: number; totalIsCapped: boolean } | null> {
    if (!can(actor, 'marac.view')) {
      return null;
    }
    return withActor(this.db, actor, async (trx) =>
      cappedTotal(await repo.countOpenActions(trx, this.filterFor(actor, filters), COUNT_CAP + 1)),
    );
  }

  /** A page of open actions, the earliest due first unless another order is asked for. */
  async list(
    actor: Actor,
    filters: ActionFilters,
    origin: Origin,
    cursor: PageCursor | null,
  ): Promise<KeysetPage<OpenActionView>> {
    authorizePartnerSide(actor, 'marac.view');
    const filter = this.filterFor(actor, filters);
    const sort = filters.sort ?? DEFAULT_ACTION_SORT;
    return withActor(this.db, actor, async (trx) => {
      const page = await keysetPage({
        pageSize: ACTIONS_PAGE_SIZE,
        cursor,
        fetch: (at, limit) => repo.listOpenActions(trx, filter, sort, at, limit),
        idsOf: (row) => [row.id],
      });
      const counted =
        page.next === null && page.previous === null ? page.rows.length : await repo.countOpenActions(trx, filter, COUNT_CAP + 1);
      await recordActorEvent(trx, actor, origin, 'marac.viewed', undefined, {
        purpose: 'actions',
        scope: filters.scope,
        due: filters.due,
      });
      return {
        items: page.rows.map((row) => ({
          id: row.id,
          action: row.action,
          agency: row.agency,
          dueOn: row.dueOn,
          overdue: row.dueOn < filter.today,
          href: `/partner-cases/${row.partnerCaseId}/marac/${row.referralId}#actions`,
          partnerCaseReference: row.partnerCaseReference,
          workerName: row.workerName,
        })),
        pageSize: ACTIONS_PAGE_SIZE,
        ...cappedTotal(counted),
        next: page.next,
        previous: page.previous,
      };
    });
  }
}
