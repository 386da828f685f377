// The referrals list: the plain list newest first, and the list searched, filtered and sorted, each paged by keyset with its capped count.
import { authorize, listScope, type Actor } from '../access/index.js';
import { withActor, type Db } from '../db/database.js';
import { cursorUnder, shownInFull } from '../people/caseload-paging.js';
import { workersOnSides, type WorkerOption } from '../people/workers.js';
import { COUNT_CAP, cappedTotal, keysetPage, type KeysetPage, type PageCursor } from '../web/pagination.js';
import { presentReferral, type ReferralView } from './presenters.js';
import * as repo from './repository.js';
import * as search from './search-repository.js';
import { isPlainList, referralFingerprint, settledFilters, type ReferralFilters, type ReferralParams } from './search.js';

export const PAGE_SIZE = 25;
/** A referrals cursor names one referral (src/web/pagination.ts). */
export const REFERRAL_CURSOR_IDS = 1;

/** A request for the searched list: its parameters, its cursor, and what a cursor from other filters gets. */
export type ReferralSearchRequest = {
  params: ReferralParams;
  cursorOf: (idCount: number) => PageCursor | null;
  staleCursor: 'first-page' | 'refuse';
};

/** One page of referrals as listed, with its capped count. */
function pageOf(
  page: { rows: repo.ReferralRow[]; next: string | null; previous: string | null },
  counted: number,
): KeysetPage<ReferralView> {
  return {
    items: page.rows.map(presentReferral),
    pageSize: PAGE_SIZE,
    ...cappedTotal(counted),
    next: page.next,
    previous: page.previous,
  };
}

/** Every referral the viewer may list, newest received first: its own query and one-id cursors. */
export async function listReferrals(db: Db, actor: Actor, cursor: PageCursor | null): Promise<KeysetPage<ReferralView>> {
  const scope = listScope(actor, 'referral.list');
  return withActor(db, actor, async (trx) => {
    const page = await keysetPage({
      pageSize: PAGE_SIZE,
      cursor,
      fetch: (at, limit) => repo.listReferrals(trx, scope, at, limit),
      idsOf: (row) => [row.id],
    });
    return pageOf(page, await repo.countReferrals(trx, scope, COUNT_CAP + 1));
  });
}

/**
 * The list searched, filtered and sorted (src/referrals/search.ts), paged by keyset. The plain
 * list (every referral, newest first) keeps its own query and one-id cursors; any other carries
 * its filters' fingerprint in its cursors, so a cursor from other filters shows the first page
 * (pages) or is refused (API). Only his record is searched: never a partner's, on any side.
 */
export async function searchReferrals(
  db: Db,
  actor: Actor,
  request: ReferralSearchRequest,
): Promise<KeysetPage<ReferralView> & { filters: ReferralFilters }> {
  const scope = listScope(actor, 'referral.list');
  const filters = settledFilters(request.params);
  if (isPlainList(filters)) {
    return { ...(await listReferrals(db, actor, cursorUnder(request, REFERRAL_CURSOR_IDS, null))), filters };
  }
  const fingerprint = referralFingerprint(actor.userId, filters);
  const cursor = cursorUnder(request, REFERRAL_CURSOR_IDS, fingerprint);
  return withActor(db, actor, async (trx) => {
    const terms = filters.search;
    const searching: search.ReferralSearch = {
      filters,
      viewerId: actor.userId,
      named: terms?.kind === 'name' && terms.words.length > 0 ? await search.participantsNamed(trx, terms.words) : null,
    };
    const page = await keysetPage({
      pageSize: PAGE_SIZE,
      cursor,
      fetch: (at, limit) => search.searchReferrals(trx, scope, searching, at, limit),
      idsOf: (row) => [row.id, fingerprint],
    });
    // A search is mostly one page: when the first page holds every match, it is the count.
    const counted = shownInFull(page) ? page.rows.length : await search.countReferralSearch(trx, scope, searching, COUNT_CAP + 1);
    return { ...pageOf(page, counted), filters };
  });
}

/** The workers the list can be filtered by: those who hold his cases (his side and management). */
export async function referralWorkerChoices(db: Db, actor: Actor): Promise<WorkerOption[]> {
  authorize(actor, 'referral.list');
  return withActor(db, actor, (trx) => workersOnSides(trx, actor.organisationId, ['perpetrator', 'management']));
}
