// The duties list page's search and filter panel (MOJ filter), its selected filters with their remove links, its sortable headings and its pages.
import { WORK_SCOPES, WORK_SCOPE_LABELS } from '../access/work-scope.js';
import { filterParams, filteredPagination, flagValue } from '../web/list-filter.js';
import { countCaption, selectItems } from '../web/pagination.js';
import { sameSort, sortHeading, sortOrDefault, type ListSort } from '../web/sort-heading.js';
import { DEFAULT_DUTY_SORT } from './outstanding-repository.js';
import type { DutySort, TDutyListQuery } from './schemas.js';

const PATH = '/partner-duties';
const SCOPE_OPTIONS = WORK_SCOPES.map((value) => ({ value, text: WORK_SCOPE_LABELS[value] }));
const OVERDUE_OPTIONS = [
  { value: '1', text: 'Overdue' },
  { value: '0', text: 'Not yet overdue' },
];
export const SEARCH_HINT = 'The partner’s name or case reference (PS-1042)';

/** The sortable columns' headings. */
const SORT_HEADINGS: Record<DutySort, string> = { name: 'Partner', type: 'Duty', due: 'Due by' };

/** The parameters as the address carries them, in a fixed order (a blank or absent one left out). */
type Values = { scope?: string; overdue?: string; q?: string; sort?: string; dir?: string };

const hrefOf = (values: Values) => {
  const params = filterParams(values);
  return params ? `${PATH}?${params}` : PATH;
};

/** The order as the address carries it: nothing for the list's own (due date, most overdue first). */
const sortValues = (sort: ListSort<DutySort>) => (sameSort(sort, DEFAULT_DUTY_SORT) ? {} : { sort: sort.by, dir: sort.dir });

/** The panel's search box and selects, showing the values given (as typed, when refused). */
function panel(values: Values) {
  return {
    q: values.q ?? '',
    hint: SEARCH_HINT,
    sort: values.sort,
    dir: values.dir,
    scopeItems: selectItems(SCOPE_OPTIONS, values.scope, 'Default: mine, or all for managers'),
    overdueItems: selectItems(OVERDUE_OPTIONS, values.overdue, 'Any'),
  };
}

/** A list read: its panel with the selected filters (each with a link removing it), its sortable headings, caption and pages. */
export function dutyListContext(
  filters: TDutyListQuery,
  result: { total: number; totalIsCapped: boolean; next: string | null; previous: string | null },
) {
  const sort = sortOrDefault(filters, DEFAULT_DUTY_SORT);
  const filterValues = { scope: filters.scope, overdue: flagValue(filters.overdue), q: filters.q?.q };
  const values: Values = { ...filterValues, ...sortValues(sort) };
  const tag = (heading: string, name: keyof typeof filterValues, text: string) => ({
    heading: { text: heading },
    items: [{ href: hrefOf({ ...values, [name]: undefined }), text }],
  });
  const categories = [
    filters.q && tag('Search', 'q', filters.q.q),
    filters.scope && tag('Whose cases', 'scope', WORK_SCOPE_LABELS[filters.scope]),
    filters.overdue !== undefined && tag('Due', 'overdue', filters.overdue ? 'Overdue' : 'Not yet overdue'),
  ].filter((c) => !!c);
  const { sort: _sort, dir: _dir, ...kept } = values;
  return {
    filtered: categories.length > 0,
    filter: {
      ...panel(values),
      selectedFilters:
        categories.length > 0
          ? {
              heading: { text: 'Selected filters' },
              clearLink: { text: 'Clear filters', href: hrefOf(sortValues(sort)) },
              categories,
            }
          : null,
    },
    sortHeadings: Object.fromEntries(
      Object.entries(SORT_HEADINGS).map(([column, text]) => [
        column,
        sortHeading(column as DutySort, text, sort, (asked) => hrefOf({ ...kept, ...sortValues(asked) })),
      ]),
    ),
    caption: countCaption(result, 'duty waiting', 'duties waiting'),
    pagination: filteredPagination(PATH, filterParams(values), result),
  };
}

/** A list refused: the panel with the values as given, each refused one shown beside its field (and sort or dir above the table). */
export function refusedDutyListContext(query: Record<string, unknown>, errors: Record<string, string>) {
  // The values as typed, to correct; a refused order is not carried on (the list's own order instead).
  const raw = (name: string) =>
    typeof query[name] === 'string' && !((name === 'sort' || name === 'dir') && name in errors)
      ? (query[name] as string)
      : undefined;
  return {
    filtered: false,
    filter: {
      ...panel({ scope: raw('scope'), overdue: raw('overdue'), q: raw('q'), sort: raw('sort'), dir: raw('dir') }),
      selectedFilters: null,
    },
  };
}
