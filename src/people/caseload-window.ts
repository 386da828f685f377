// A caseload searched by name, paged from windows of the ids its search found in name order (migration 0043).
import type { PageCursor } from '../web/pagination.js';
import type { CaseloadSort } from './caseload-sort.js';

/**
 * The part of a search's ids (in name order) a page sorted by name can hold: from the cursor's
 * person onwards in the direction the page is read, `size` of them, and whether that reaches the
 * end. The page's own conditions and order still decide its rows; a window only spares the query
 * joining every person a common name matches to their cases (2,000 of them at 100,000) to show 25.
 * Null when the page cannot be read from a window (another order; the cursor's person not found).
 */
export function nameOrderWindow(
  found: readonly string[],
  sort: { by: CaseloadSort; dir: 'asc' | 'desc' },
  cursor: PageCursor | null,
  size: number,
): { ids: string[]; whole: boolean } | null {
  if (sort.by !== 'name') {
    return null;
  }
  const forwards = (sort.dir === 'asc') !== (cursor?.direction === 'before');
  const at = cursor ? found.indexOf(cursor.ids[0] ?? '') : forwards ? 0 : found.length - 1;
  if (at < 0) {
    return null;
  }
  if (forwards) {
    return { ids: found.slice(at, at + size), whole: at + size >= found.length };
  }
  return { ids: found.slice(Math.max(0, at + 1 - size), at + 1), whole: at + 1 - size <= 0 };
}

/**
 * A page of a search sorted by name, read from windows of the ids it found: first one a little
 * larger than the page, then four times larger each time the page's conditions (scope, status,
 * row-level security) leave too few rows, until the page is full or the window holds the rest.
 */
export async function pageFromFound<Row>(
  found: readonly string[] | null,
  sort: { by: CaseloadSort; dir: 'asc' | 'desc' },
  cursor: PageCursor | null,
  limit: number,
  fetch: (found: readonly string[] | null) => Promise<Row[]>,
): Promise<Row[]> {
  for (let size = 2 * limit; found !== null; size *= 4) {
    const window = nameOrderWindow(found, sort, cursor, size);
    if (!window) {
      break;
    }
    const rows = await fetch(window.ids);
    if (rows.length >= limit || window.whole) {
      return rows;
    }
  }
  return fetch(found);
}
