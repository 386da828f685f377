// A caseload's sortable columns (MOJ sortable table, sorted by the server): its columns and its own order; the headings are src/web/sort-heading.ts's.
import { sameSort, sortOrDefault, type ListSort, type SortDirection } from '../web/sort-heading.js';

export { SORT_DIRECTIONS, sortHeading, type SortDirection } from '../web/sort-heading.js';

/** The columns a caseload sorts by: name (the default), reference, status and when the case last changed. */
export const CASELOAD_SORTS = ['name', 'reference', 'status', 'updated'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

/** The order a list opens in: by name, A to Z. */
export const DEFAULT_SORT: ListSort<CaseloadSort> = { by: 'name', dir: 'asc' };

/** The sort a caseload's parameters ask for, the default where they name none. */
export function sortOf(params: { sort: CaseloadSort | null; dir: SortDirection | null }): ListSort<CaseloadSort> {
  return sortOrDefault(params, DEFAULT_SORT);
}

/** Whether the list is in its own order (the unfiltered list's query and index then serve it). */
export function isDefaultSort(sort: ListSort<CaseloadSort>): boolean {
  return sameSort(sort, DEFAULT_SORT);
}
