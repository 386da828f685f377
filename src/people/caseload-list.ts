// How either caseload answers a request: its scope settled, its search run once, one page in the order asked, and its capped count.
import type { ListScope } from '../access/index.js';
import { londonDateOf, todayInLondon } from '../dates/london.js';
import type { Region } from '../dates/working-days.js';
import type { Trx } from '../db/database.js';
import { organisationSettings } from '../db/organisation-settings.js';
import { COUNT_CAP, cappedTotal, keysetPage, type PageCursor } from '../web/pagination.js';
import { isUnfiltered, type CaseloadScope } from './caseload-params.js';
import { cursorUnder, filterFingerprint, overdueOpenedBy, shownInFull } from './caseload-paging.js';
import type { CaseloadPage, CaseloadRequest } from './caseload-paging.js';
import { pageFromFound } from './caseload-window.js';
import { findPeople, type CaseloadQuery, type CaseloadSide } from './caseload-sql.js';
import { isDefaultSort, sortOf, type CaseloadSort, type SortDirection } from './caseload-sort.js';

type Sort = { by: CaseloadSort; dir: SortDirection };

/** What one caseload reads with: its side, its unfiltered list's own queries, and its filtered and sorted ones. */
export type CaseloadReads<Row> = {
  side: CaseloadSide;
  /** A cursor names the person and the case (src/web/pagination.ts). */
  idsOf: (row: Row) => [string, string];
  /** The unfiltered list in name order: its own query and count (participants_list_idx, partners_list_idx). */
  listPage: (trx: Trx, scope: ListScope, cursor: PageCursor | null, limit: number) => Promise<Row[]>;
  listCount: (trx: Trx, scope: ListScope, upTo: number) => Promise<number>;
  /** Any other: filtered, sorted, or both (src/people/caseload-sql.ts). */
  searchPage: (
    trx: Trx,
    scope: ListScope,
    query: CaseloadQuery,
    sort: Sort,
    cursor: PageCursor | null,
    limit: number,
  ) => Promise<Row[]>;
  searchCount: (trx: Trx, scope: ListScope, query: CaseloadQuery, upTo: number) => Promise<number>;
};

const CURSOR_IDS = 2;

/** A caseload's row as listed: the side's own list item and the day its case last changed (the "Last changed" column it sorts by). */
export type CaseloadItem<T> = T & { updatedOn: string };

/**
 * One page of a caseload. The scope is the one asked for, or the request's default (a page opens
 * on "My cases" when the viewer has cases allocated: the page learnt that with its filter choices,
 * in the same statement). A search that needs a function (a name, a phone, a postcode) runs it
 * once here, and its ids are given to the page and to the count; a search that found nobody
 * reads nothing more. `overdueOpenedBy` is asked only with the overdue filter.
 */
export async function readCaseload<Row, Status extends string, Risk extends string>(
  trx: Trx,
  reads: CaseloadReads<Row>,
  scope: ListScope,
  request: CaseloadRequest<Status, Risk>,
  viewer: { viewerId: string; contactVisible: boolean },
  overdueOpenedBy: () => Promise<string>,
  pageSize: number,
): Promise<{ rows: Row[]; next: string | null; previous: string | null; counted: number; scope: CaseloadScope }> {
  const { params } = request;
  const filters = { ...params, scope: params.scope ?? request.defaultScope };
  const sort = sortOf(params);
  const plain = isUnfiltered(filters) && isDefaultSort(sort);
  const fingerprint = plain ? null : filterFingerprint(viewer.viewerId, filters);
  const cursor = cursorUnder(request, CURSOR_IDS, fingerprint);
  const idsOf = (row: Row) => (fingerprint ? [...reads.idsOf(row), fingerprint] : reads.idsOf(row));
  if (plain) {
    const page = await keysetPage({ pageSize, cursor, idsOf, fetch: (at, limit) => reads.listPage(trx, scope, at, limit) });
    return { ...page, counted: await reads.listCount(trx, scope, COUNT_CAP + 1), scope: filters.scope };
  }
  const found = await findPeople(trx, reads.side.people, filters.search, viewer.contactVisible);
  if (found !== null && found.length === 0) {
    // Nobody matched: no page and no count to read.
    return { rows: [], next: null, previous: null, counted: 0, scope: filters.scope };
  }
  const query: CaseloadQuery = {
    filters,
    viewerId: viewer.viewerId,
    contactVisible: viewer.contactVisible,
    overdueOpenedBy: filters.overdue === 'first-contact' ? await overdueOpenedBy() : null,
    found,
  };
  const page = await keysetPage({
    pageSize,
    cursor,
    idsOf,
    fetch: (at, limit) =>
      pageFromFound(found, sort, at, limit, (ids) => reads.searchPage(trx, scope, { ...query, found: ids }, sort, at, limit)),
  });
  // A search is mostly one page: when the first page holds every match, it is the count. An
  // unfiltered list in another order counts as the unfiltered list does.
  const counted = shownInFull(page)
    ? page.rows.length
    : isUnfiltered(filters)
      ? await reads.listCount(trx, scope, COUNT_CAP + 1)
      : await reads.searchCount(trx, scope, query, COUNT_CAP + 1);
  return { ...page, counted, scope: filters.scope };
}

/** How one side's caseload answers: its reads, who it is read for, its first-contact clock, its rows as listed. */
export type CaseloadAnswer<Row, Item> = {
  reads: CaseloadReads<Row>;
  scope: ListScope;
  organisationId: string;
  viewer: { viewerId: string; contactVisible: boolean };
  /** The organisation's working days to a first contact on this side (and its default), and whose bank holidays. */
  firstContact: { setting: 'participantFirstContactDays' | 'partnerFirstContactDays'; defaultDays: number; region: Region };
  present: (row: Row) => Item;
  pageSize: number;
};

/**
 * One page of either caseload as its route answers it: read (readCaseload), each row as the side
 * lists it with the day its case last changed, the capped count, and whether the scope was chosen
 * for the viewer. The organisation's first-contact days are read only with the overdue filter.
 */
export async function answerCaseload<Row extends { updatedAt: Date }, Item, Status extends string, Risk extends string>(
  trx: Trx,
  answer: CaseloadAnswer<Row, Item>,
  request: CaseloadRequest<Status, Risk>,
): Promise<{ page: CaseloadPage<CaseloadItem<Item>>; rows: Row[] }> {
  const { firstContact } = answer;
  const overdue = async () => {
    const { general } = await organisationSettings(trx, answer.organisationId);
    return overdueOpenedBy(todayInLondon(), general?.[firstContact.setting] ?? firstContact.defaultDays, firstContact.region);
  };
  const read = await readCaseload(trx, answer.reads, answer.scope, request, answer.viewer, overdue, answer.pageSize);
  const page: CaseloadPage<CaseloadItem<Item>> = {
    items: read.rows.map((row) => ({ ...answer.present(row), updatedOn: londonDateOf(row.updatedAt) })),
    pageSize: answer.pageSize,
    ...cappedTotal(read.counted),
    next: read.next,
    previous: read.previous,
    scope: read.scope,
    scopeChosen: request.params.scope === null,
  };
  return { page, rows: read.rows };
}
