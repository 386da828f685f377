// Search, filters and sorting on the two caseloads (his /participants and her /partner-cases) and their API: what each module holds.
/*
 * The same parameter names in the address and the API, so the dashboard's counts link to exactly
 * the list they counted. Split along its seams:
 * - caseload-terms.ts: the search box read (a reference, a date of birth, a phone, a postcode, a name);
 * - caseload-params.ts: the parameters read and refused, the addresses that carry them, their OpenAPI description;
 * - caseload-sort.ts: the sortable columns and their headings;
 * - caseload-paging.ts: cursors tied to their filters, the scope a list opens on, the API's answer;
 * - caseload-sql.ts: the one SQL builder of both lists (conditions, the search run once, sorted keyset pages, capped counts);
 * - caseload-list.ts: how either list answers a request;
 * - caseload-options.ts: a page's filter choices, read in one statement;
 * - caseload-page.ts: the page's filter panel, selected filters, scope switch, sortable headings and pages.
 * This module keeps the names other capabilities import.
 */
export { foldWord, prefixRange, readSearch, type SearchTerms } from './caseload-terms.js';
export {
  CASELOAD_PARAM_NAMES,
  CASELOAD_SCOPES,
  CaseloadParamError,
  OVERDUE_FILTERS,
  OVERDUE_LABELS,
  SCOPE_LABELS,
  caseloadHref,
  caseloadQuerySchema,
  isUnfiltered,
  readCaseloadParams,
  type CaseloadFilters,
  type CaseloadParamName,
  type CaseloadParams,
  type CaseloadScope,
  type OverdueFilter,
} from './caseload-params.js';
export { CASELOAD_SORTS, SORT_DIRECTIONS, type CaseloadSort, type SortDirection } from './caseload-sort.js';
export {
  caseloadJson,
  cursorUnder,
  filterFingerprint,
  overdueOpenedBy,
  shownInFull,
  type CaseloadPage,
  type CaseloadRequest,
} from './caseload-paging.js';
