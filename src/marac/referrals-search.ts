// The MARAC referrals across her cases as one page: the search's filters and order read, the page by keyset, its capped count, the audited read.
import type { Actor } from '../access/index.js';
import { allocationFilter } from '../access/work-scope.js';
import { recordActorEvent } from '../audit/service.js';
import type { Trx } from '../db/database.js';
import { COUNT_CAP, cappedTotal, keysetPage, type KeysetPage, type PageCursor } from '../web/pagination.js';
import { orderOf } from './keyset-order.js';
import * as list from './referrals-list.js';
import { MARAC_RISK_LABELS, type MaracReferralListRow, type TMaracReferralListQuery } from './referrals-list.js';
import { STATUS_LABELS } from './schemas.js';

type Origin = { ip: string | null };

export const LIST_PAGE_SIZE = 25;

/** One page of the list, inside the caller's withActor, after the caller has checked the actor may see MARAC referrals. */
export async function searchReferrals(
  trx: Trx,
  actor: Actor,
  query: TMaracReferralListQuery,
  origin: Origin,
  cursor: PageCursor | null,
): Promise<KeysetPage<MaracReferralListItem>> {
  const terms = query.q?.terms ?? null;
  const filters: list.MaracReferralFilters = {
    allocation: allocationFilter(actor, query.scope ?? 'all'),
    terms,
    named: terms?.kind === 'name' && terms.words.length > 0 ? await list.partnersNamed(trx, terms.words) : null,
    status: query.status ?? null,
    risk: query.risk ?? null,
    worker: query.worker ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    sort: orderOf(query, list.DEFAULT_REFERRAL_SORT),
  };
  const page = await keysetPage({
    pageSize: LIST_PAGE_SIZE,
    cursor,
    fetch: (at, limit) => list.listMaracReferrals(trx, actor.organisationId, filters, at, limit),
    idsOf: (row) => [row.id],
  });
  const counted =
    page.next === null && page.previous === null
      ? page.rows.length
      : Number(
          (await list.maracReferralCountQuery(trx, actor.organisationId, filters, COUNT_CAP + 1).executeTakeFirstOrThrow()).n,
        );
  await recordActorEvent(trx, actor, origin, 'marac.viewed', undefined, { purpose: 'referrals' });
  return {
    items: page.rows.map(presentListItem),
    pageSize: LIST_PAGE_SIZE,
    ...cappedTotal(counted),
    next: page.next,
    previous: page.previous,
  };
}

export type MaracReferralListItem = {
  id: string;
  href: string;
  reference: string;
  name: string;
  area: string;
  referredOn: string;
  meetsOn: string | null;
  statusLabel: string;
  levelLabel: string | null;
  workerName: string | null;
};

export function presentListItem(row: MaracReferralListRow): MaracReferralListItem {
  return {
    id: row.id,
    href: `/partner-cases/${row.partnerCaseId}/marac/${row.id}`,
    reference: row.reference,
    name: `${row.givenName} ${row.familyName}`,
    area: row.area,
    referredOn: row.referredOn,
    meetsOn: row.meetsOn,
    statusLabel: STATUS_LABELS[row.status],
    levelLabel: row.level === null ? null : (MARAC_RISK_LABELS[row.level as keyof typeof MARAC_RISK_LABELS] ?? row.level),
    workerName: row.workerName,
  };
}
