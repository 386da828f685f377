import { z } from 'zod';
import { WORK_SCOPES } from '../access/work-scope.js';
import { fieldErrors } from './http.js';
import { keysetPaginationFor } from './pagination.js';

/*
 * Filters on a list page and its API: the same parameter names in the address and the JSON API
 * (`scope=mine|team|all`, `overdue=1|0`), so a dashboard count links to exactly the items it
 * counted. A value a list does not know is refused with a message naming the parameter: beside
 * the filter on a page (status 400), as a 400 naming it in the API. Never a 500, never ignored.
 */

/** An empty value (a filter left on "any") is no filter. */
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

export const ZScopeParam = z.preprocess(
  blankIsAbsent,
  z.enum(WORK_SCOPES, { error: 'scope must be mine, team or all' }).optional(),
);

export const ZOverdueParam = z.preprocess(
  blankIsAbsent,
  z
    .enum(['1', '0'], { error: 'overdue must be 1 (overdue only) or 0 (not yet overdue)' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '1')),
);

/** The cursor parameters of a keyset list, documented beside its filters (read by cursorForApi). */
export const cursorParams = {
  after: z.string().optional().describe('The next cursor of a list response: the page after it'),
  before: z.string().optional().describe('The previous cursor of a list response: the page before it'),
};

/** A page's filters from its address: the values, or the field errors to show beside the filters. */
export function pageFilters<S extends z.ZodType>(
  schema: S,
  query: unknown,
): { filters: z.output<S>; errors: null } | { filters: null; errors: Record<string, string> } {
  const parsed = schema.safeParse(query ?? {});
  return parsed.success ? { filters: parsed.data, errors: null } : { filters: null, errors: fieldErrors(parsed.error) };
}

/** A yes/no filter as its address value: '1', '0', or not set. */
export function flagValue(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? '1' : '0';
}

/** The filters as address parameters, in a fixed order, leaving out those not set. */
export function filterParams(values: Record<string, string | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) {
      params.set(name, typeof value === 'boolean' ? (flagValue(value) as string) : value);
    }
  }
  return params.toString();
}

/** Previous and Next links of a filtered keyset list, keeping its filters. */
export function filteredPagination(
  path: string,
  filters: string,
  page: { next: string | null; previous: string | null },
): object | null {
  const links = keysetPaginationFor(path, page) as { previous?: { href: string }; next?: { href: string } } | null;
  if (links === null || filters === '') {
    return links;
  }
  const keep = (link?: { href: string }) => (link ? { href: link.href.replace(`${path}?`, `${path}?${filters}&`) } : undefined);
  return { previous: keep(links.previous), next: keep(links.next) };
}
