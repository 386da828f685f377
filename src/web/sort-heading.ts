// A list's sortable columns (MOJ sortable table, sorted by the server): which column, which way, and the link each heading carries.

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** A list's order: one of its sortable columns (`Column`), and which way. */
export type ListSort<Column extends string> = { by: Column; dir: SortDirection };

/** A sortable column's heading: its text, the address sorting by it, its aria-sort and its data-qa. */
export type SortHeading = { text: string; href: string; ariaSort: 'ascending' | 'descending' | 'none'; qa: string };

/** The sort a list's parameters ask for, the list's own order (`fallback`) where they name none. */
export function sortOrDefault<Column extends string>(
  params: { sort?: Column | null | undefined; dir?: SortDirection | null | undefined },
  fallback: ListSort<Column>,
): ListSort<Column> {
  return { by: params.sort ?? fallback.by, dir: params.dir ?? fallback.dir };
}

/** Whether two orders are the same (a list in its own order carries no sort in its address). */
export function sameSort<Column extends string>(a: ListSort<Column>, b: ListSort<Column>): boolean {
  return a.by === b.by && a.dir === b.dir;
}

/**
 * A sortable heading as MOJ's sortable table draws it, but as a link the server answers: the
 * column sorted now carries aria-sort and, when followed, turns the other way; any other column
 * sorts ascending. `href` makes the address with the other parameters kept (and no cursor).
 */
export function sortHeading<Column extends string>(
  column: Column,
  text: string,
  current: ListSort<Column>,
  href: (sort: ListSort<Column>) => string,
): SortHeading {
  const sorted = current.by === column;
  const dir: SortDirection = sorted && current.dir === 'asc' ? 'desc' : 'asc';
  return {
    text,
    href: href({ by: column, dir }),
    ariaSort: sorted ? (current.dir === 'asc' ? 'ascending' : 'descending') : 'none',
    qa: `sort-${column}`,
  };
}
