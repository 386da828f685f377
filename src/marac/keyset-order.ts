// A MARAC list's order as SQL: the columns of each sort (ending in a unique id), rows past a cursor's row, and ORDER BY, either way.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { SORT_DIRECTIONS, type ListSort, type SortDirection } from '../web/sort-heading.js';

/*
 * Every column of one order is sorted the same way, so "after the cursor's row" is one row
 * comparison, (a, b, id) > (x, y, z), which PostgreSQL reads as a range of an index on those
 * columns. The cursor carries the row's id only; its key is read again (under row-level
 * security) as text and cast back to each column's type.
 */

/** One column of an order: a qualified column (`r.referred_on`) and its type, to read a key back. */
export type KeyColumn = { ref: string; type: 'date' | 'text' | 'uuid' };

/** The direction to read in: the list's own, or the other way for a page before a cursor. */
export function readDirection(dir: SortDirection, backwards: boolean): SortDirection {
  return backwards === (dir === 'asc') ? 'desc' : 'asc';
}

/** The rows after `key` in the list's order (`backwards`: before it). */
export function pastKey(
  columns: readonly KeyColumn[],
  key: readonly string[],
  dir: SortDirection,
  backwards: boolean,
): RawBuilder<SqlBool> {
  const row = sql.join(columns.map((c) => sql.ref(c.ref)));
  const at = sql.join(columns.map((c, i) => sql`${key[i] ?? null}::${sql.raw(c.type)}`));
  const op = readDirection(dir, backwards) === 'asc' ? '>' : '<';
  return sql<SqlBool>`(${row}) ${sql.raw(op)} (${at})`;
}

/** The key of a row as text, one selection per column (k0, k1, ...), for reading the cursor's row. */
export function keySelections(columns: readonly KeyColumn[]) {
  return columns.map((c, i) => sql<string>`${sql.ref(c.ref)}::text`.as(`k${i}`));
}

/** A key read with keySelections, in column order. */
export function keyValues(columns: readonly KeyColumn[], row: Record<string, unknown>): string[] {
  return columns.map((_, i) => String(row[`k${i}`]));
}

const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** sort and dir, the same in the address and the API; a value not known is refused naming it. */
export const sortParams = <S extends string>(sorts: readonly [S, ...S[]]) => ({
  sort: z.preprocess(
    blankIsAbsent,
    z.enum(sorts, { error: `sort must be ${sorts.slice(0, -1).join(', ')} or ${sorts.at(-1) ?? ''}` }).optional(),
  ),
  dir: z.preprocess(blankIsAbsent, z.enum(SORT_DIRECTIONS, { error: 'dir must be asc or desc' }).optional()),
});

/** The order asked for: a column named without dir reads A to Z (earliest first), the list's own column its own way. */
export function orderOf<S extends string>(
  params: { sort?: S | null | undefined; dir?: SortDirection | null | undefined },
  fallback: ListSort<S>,
): ListSort<S> {
  const by = params.sort ?? fallback.by;
  return { by, dir: params.dir ?? (by === fallback.by ? fallback.dir : 'asc') };
}
