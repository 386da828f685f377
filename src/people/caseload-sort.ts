// A caseload's sortable columns (MOJ sortable table, sorted by the server): which column, which way, and the links a heading carries.

/** The columns a caseload sorts by: name (the default), reference, status and when the case last changed. */
export const CASELOAD_SORTS = ['name', 'reference', 'status', 'updated'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** The order a list opens in: by name, A to Z. */
export const DEFAULT_SORT: { by: CaseloadSort; dir: SortDirection } = { by: 'name', dir: 'asc' };

/** The sort a caseload's parameters ask for, the default where they name none. */
export function sortOf(params: { sort: CaseloadSort | null; dir: SortDirection | null }): {
  by: CaseloadSort;
  dir: SortDirection;
} {
  return { by: params.sort ?? DEFAULT_SORT.by, dir: params.dir ?? DEFAULT_SORT.dir };
}

/** Whether the list is in its own order (the unfiltered list's query and index then serve it). */
export function isDefaultSort(sort: { by: CaseloadSort; dir: SortDirection }): boolean {
  return sort.by === DEFAULT_SORT.by && sort.dir === DEFAULT_SORT.dir;
}

/**
 * A sortable heading as MOJ's sortable table draws it, but as a link the server answers: the
 * column sorted now carries aria-sort and, when followed, turns the other way; any other column
 * sorts ascending. `href` makes the address with the other parameters kept (and no cursor).
 */
export function sortHeading(
  column: CaseloadSort,
  text: string,
  current: { by: CaseloadSort; dir: SortDirection },
  href: (sort: { by: CaseloadSort; dir: SortDirection }) => string,
): { text: string; href: string; ariaSort: 'ascending' | 'descending' | 'none'; qa: string } {
  const sorted = current.by === column;
  const dir: SortDirection = sorted && current.dir === 'asc' ? 'desc' : 'asc';
  return {
    text,
    href: href({ by: column, dir }),
    ariaSort: sorted ? (current.dir === 'asc' ? 'ascending' : 'descending') : 'none',
    qa: `sort-${column}`,
  };
}
