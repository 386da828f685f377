import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/** The govukPagination options for a list paged by page number (kept for lists not yet paged by cursor). */
export function paginationFor(path: string, page: number, pageSize: number, total: number): object | null {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) {
    return null;
  }
  const href = (n: number) => `${path}?page=${n}`;
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
      .map((n) => ({ number: n, href: href(n), current: n === page })),
  };
}

export function selectItems(
  options: Array<{ value: string; text: string }>,
  selected: string | null | undefined,
  emptyText?: string,
) {
  const items = options.map((o) => ({ value: o.value, text: o.text, selected: o.value === selected }));
  return emptyText === undefined ? items : [{ value: '', text: emptyText, selected: !selected }, ...items];
}

/*
 * Keyset paging. A list is sorted by a stable key ending in an id and each page starts just after
 * (or ends just before) the row a cursor names, so page 400 costs what page 1 costs: an index scan
 * with a LIMIT, never a sort of the organisation. The cursor carries only the ids of that row
 * (base64url of a JSON array): never a name, because addresses reach browser history and request
 * logs. The repository looks the row's sort key up by id, under row-level security, so a cursor
 * naming a row the caller cannot see pages from the start like any other stale cursor.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CursorDirection = 'after' | 'before';
export type PageCursor = { readonly direction: CursorDirection; readonly ids: readonly string[] };

export function encodeCursor(ids: readonly string[]): string {
  return Buffer.from(JSON.stringify(ids), 'utf8').toString('base64url');
}

const ZCursorIds = z
  .string()
  .max(400)
  .regex(/^[A-Za-z0-9_-]+$/)
  .transform((raw, ctx) => {
    try {
      const ids = z
        .array(z.string().regex(UUID))
        .min(1)
        .max(4)
        .parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
      return ids.map((id) => id.toLowerCase());
    } catch {
      ctx.addIssue({ code: 'custom', message: 'This page link is not valid: start from the first page' });
      return z.NEVER;
    }
  });

/** ?after=<cursor> for the next page, ?before=<cursor> for the previous one; neither for the first. */
export const ZPageQuery = z
  .object({ after: ZCursorIds.optional(), before: ZCursorIds.optional() })
  .refine((q) => !(q.after && q.before), { message: 'Give either after or before, not both', path: ['before'] });

function cursorOf(query: z.output<typeof ZPageQuery>, idCount: number): PageCursor | null | 'invalid' {
  const cursor: PageCursor | null = query.after
    ? { direction: 'after', ids: query.after }
    : query.before
      ? { direction: 'before', ids: query.before }
      : null;
  return cursor && cursor.ids.length !== idCount ? 'invalid' : cursor;
}

/** For pages: a malformed or tampered cursor shows the first page (nothing a person can fix by hand). */
export function cursorForPage(query: unknown, idCount: number): PageCursor | null {
  const parsed = ZPageQuery.safeParse(query ?? {});
  if (!parsed.success) {
    return null;
  }
  const cursor = cursorOf(parsed.data, idCount);
  return cursor === 'invalid' ? null : cursor;
}

/** For the API: a malformed cursor is the client's mistake, answered 400 so it never loops on page one. */
export function cursorForApi(query: unknown, idCount: number): PageCursor | null {
  const parsed = ZPageQuery.safeParse(query ?? {});
  const cursor = parsed.success ? cursorOf(parsed.data, idCount) : 'invalid';
  if (cursor === 'invalid') {
    const message = 'This cursor is not valid: use a next or previous cursor from this list';
    throw new InvalidInputError(message, { cursor: message });
  }
  return cursor;
}

/**
 * Totals are counted up to this many and shown as "More than 1,000" beyond: an exact count(*) reads
 * every case of the organisation on every view, and nobody pages through a thousand rows by hand
 * (search and filters are the way in). A capped count reads at most COUNT_CAP + 1 index entries.
 */
export const COUNT_CAP = 1000;

export type KeysetPage<T> = {
  items: T[];
  pageSize: number;
  /** How many there are, counted up to COUNT_CAP; `totalIsCapped` says there are more. */
  total: number;
  totalIsCapped: boolean;
  /** Cursors for the next and previous pages (?after= and ?before=), null at either end. */
  next: string | null;
  previous: string | null;
};

/** A capped count as rows counted up to COUNT_CAP + 1 (the query's LIMIT). */
export function cappedTotal(counted: number): { total: number; totalIsCapped: boolean } {
  return counted > COUNT_CAP ? { total: COUNT_CAP, totalIsCapped: true } : { total: counted, totalIsCapped: false };
}

/**
 * One page from a repository's keyset query. `fetch` returns up to `limit` rows in the list's
 * order (after a cursor, or from the start) or in reverse order (before a cursor). A previous page
 * that runs out at the start of the list is shown as the first page, so the first page always
 * holds the first rows however it was reached.
 */
export async function keysetPage<Row>(options: {
  pageSize: number;
  cursor: PageCursor | null;
  fetch: (cursor: PageCursor | null, limit: number) => Promise<Row[]>;
  idsOf: (row: Row) => readonly string[];
}): Promise<{ rows: Row[]; next: string | null; previous: string | null }> {
  const { pageSize, cursor, fetch, idsOf } = options;
  const fetched = await fetch(cursor, pageSize + 1);
  const more = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  if (cursor && page.length === 0) {
    return keysetPage({ ...options, cursor: null });
  }
  if (cursor?.direction === 'before') {
    if (!more) {
      return keysetPage({ ...options, cursor: null });
    }
    const rows = page.reverse();
    return { rows, previous: cursorAt(rows, 0, idsOf), next: cursorAt(rows, rows.length - 1, idsOf) };
  }
  return {
    rows: page,
    next: more ? cursorAt(page, page.length - 1, idsOf) : null,
    previous: cursor && page.length > 0 ? cursorAt(page, 0, idsOf) : null,
  };
}

function cursorAt<Row>(rows: Row[], index: number, idsOf: (row: Row) => readonly string[]): string | null {
  const row = rows[index];
  return row === undefined ? null : encodeCursor(idsOf(row));
}

/** The govukPagination options: "Previous page" and "Next page" links carrying the cursors. */
export function keysetPaginationFor(path: string, page: { next: string | null; previous: string | null }): object | null {
  if (!page.next && !page.previous) {
    return null;
  }
  return {
    previous: page.previous ? { href: `${path}?before=${page.previous}` } : undefined,
    next: page.next ? { href: `${path}?after=${page.next}` } : undefined,
  };
}

/** "1 participant", "30 participants", "More than 1,000 participants". */
export function countCaption(page: { total: number; totalIsCapped: boolean }, one: string, many: string): string {
  if (page.totalIsCapped) {
    return `More than ${page.total.toLocaleString('en-GB')} ${many}`;
  }
  return `${page.total.toLocaleString('en-GB')} ${page.total === 1 ? one : many}`;
}

/**
 * "The 25 opened longest ago of more than 1,000." under a list that shows only the first of its
 * rows (`which` says which rows come first); null when it shows them all.
 */
export function shownOfTotal(shown: number, total: { total: number; totalIsCapped: boolean }, which: string): string | null {
  if (total.total <= shown) {
    return null;
  }
  return `The ${shown} ${which} of ${total.totalIsCapped ? 'more than ' : ''}${total.total.toLocaleString('en-GB')}.`;
}

/** A list page's context: its title, the page of results, the count caption and the keyset pagination. */
export const listContext = (
  title: string,
  path: string,
  result: { total: number; totalIsCapped: boolean; next: string | null; previous: string | null },
  [one, many]: [string, string],
  canCreate: boolean,
) => ({ title, result, caption: countCaption(result, one, many), canCreate, pagination: keysetPaginationFor(path, result) });
