// A caseload's pages: the cursor tied to the filters it was made under, the scope it opened on, and its answer in the API.
import { createHash } from 'node:crypto';
import { daysAfter } from '../dates/london.js';
import { addWorkingDays, type Region } from '../dates/working-days.js';
import { InvalidInputError } from '../errors.js';
import type { KeysetPage, PageCursor } from '../web/pagination.js';
import type { CaseloadFilters, CaseloadParams, CaseloadScope } from './caseload-params.js';

/**
 * The filter set a cursor was made under, as one more id in the cursor (shaped like a uuid so
 * src/web/pagination.ts reads it as any other): a cursor from one filter set used with another
 * shows the first page (pages) or is refused (API), never a page of a different list. A hash,
 * so the address carries no name typed into the search box beyond the `q` the viewer typed.
 */
export function filterFingerprint(viewerId: string, filters: CaseloadFilters<string, string>): string {
  const canonical = JSON.stringify([
    viewerId,
    filters.scope,
    filters.q,
    filters.status,
    filters.worker,
    filters.team,
    filters.group,
    filters.risk,
    filters.overdue,
    filters.sort,
    filters.dir,
  ]);
  const hex = createHash('sha256').update(canonical).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The last day a case could have opened on and now be overdue for its first contact: its first
 * attempt was due `targetDays` working days after it opened, and today is past that day (as the
 * first-contact clocks count it, src/first-contact/clocks-service.ts).
 */
export function overdueOpenedBy(today: string, targetDays: number, region: Region): string {
  let day = daysAfter(today, -1);
  while (addWorkingDays(day, targetDays, region) >= today) {
    day = daysAfter(day, -1);
  }
  return day;
}

/** A caseload page with the scope it was read in, and whether that scope was chosen for the viewer. */
export type CaseloadPage<T> = KeysetPage<T> & { scope: CaseloadScope; scopeChosen: boolean };

/** A caseload page as the API answers it: the page and the scope it was read in. */
export function caseloadJson<T>(page: CaseloadPage<T>): KeysetPage<T> & { scope: CaseloadScope } {
  return {
    items: page.items,
    pageSize: page.pageSize,
    total: page.total,
    totalIsCapped: page.totalIsCapped,
    next: page.next,
    previous: page.previous,
    scope: page.scope,
  };
}

/**
 * How a caseload request reads its cursor and settles its scope: the scope it lists when none is
 * asked for (a page opens on "My cases" when the viewer has cases allocated, which it learns with
 * its filter choices; the API lists all unless asked). A cursor made under other filters is shown
 * the first page (pages) or refused (API).
 */
export type CaseloadRequest<Status extends string, Risk extends string> = {
  params: CaseloadParams<Status, Risk>;
  cursorOf: (idCount: number) => PageCursor | null;
  defaultScope: 'mine' | 'all';
  staleCursor: 'first-page' | 'refuse';
};

/** A cursor that names the filter set it was made under, or null when that set is another. */
export function cursorUnder(
  request: { cursorOf: (idCount: number) => PageCursor | null; staleCursor: 'first-page' | 'refuse' },
  idCount: number,
  fingerprint: string | null,
): PageCursor | null {
  const cursor = request.cursorOf(fingerprint ? idCount + 1 : idCount);
  if (!cursor || !fingerprint || cursor.ids[idCount] === fingerprint) {
    return cursor;
  }
  if (request.staleCursor === 'refuse') {
    const message = 'This cursor was made with other filters: use a next or previous cursor from this list';
    throw new InvalidInputError(message, { cursor: message });
  }
  return null;
}

/** Whether a page is the whole list: the first page, with nothing after it (its rows are then the count). */
export function shownInFull(page: { next: string | null; previous: string | null }): boolean {
  return page.next === null && page.previous === null;
}
