// The MARAC referrals page's context: the filter panel with its selected filters, the scope switch, the sortable headings and the pages.
import { WORK_SCOPES, WORK_SCOPE_LABELS } from '../access/work-scope.js';
import { filterParams, filteredPagination } from '../web/list-filter.js';
import { countCaption, selectItems, type KeysetPage } from '../web/pagination.js';
import { sameSort, sortHeading, type ListSort, type SortHeading } from '../web/sort-heading.js';
import { orderOf } from './keyset-order.js';
import {
  DEFAULT_REFERRAL_SORT,
  MARAC_RISK_LABELS,
  MARAC_RISK_LEVELS,
  type MaracReferralSort,
  type TMaracReferralListQuery,
} from './referrals-list.js';
import type { MaracReferralListItem } from './referrals-search.js';
import { STATUS_LABELS } from './schemas.js';

const PATH = '/marac/referrals';
type Option = { value: string; text: string };
type Values = Record<string, string | undefined>;

const href = (values: Values) => {
  const params = filterParams(values);
  return params ? `${PATH}?${params}` : PATH;
};

/** The sort as the address carries it: nothing for the list's own order (newest referred first). */
const sortValues = (sort: ListSort<MaracReferralSort>) =>
  sameSort(sort, DEFAULT_REFERRAL_SORT) ? { sort: undefined, dir: undefined } : { sort: sort.by, dir: sort.dir };

/** A sortable heading as a govukTable head cell: a link the server answers, aria-sort on the th. */
export function headingCell(h: SortHeading) {
  return {
    html: `<a class="govuk-link parallel-sort-link" href="${h.href.replace(/&/g, '&amp;')}" data-qa="${h.qa}">${h.text}</a>`,
    attributes: { 'aria-sort': h.ariaSort },
  };
}

/** The page's context from the filters it could read (`given`), what was typed (`raw`) and the page of referrals. */
export function referralsPageContext(
  given: Partial<TMaracReferralListQuery>,
  raw: (name: string) => string,
  result: KeysetPage<MaracReferralListItem>,
  workers: Option[],
) {
  const sort = orderOf(given, DEFAULT_REFERRAL_SORT);
  const filters: Values = {
    q: given.q?.q,
    status: given.status,
    risk: given.risk,
    worker: given.worker,
    from: given.from,
    to: given.to,
  };
  const values: Values = { scope: given.scope, ...filters, ...sortValues(sort) };
  const tag = (heading: string, name: string, text: string | undefined) =>
    text === undefined ? null : { heading: { text: heading }, items: [{ href: href({ ...values, [name]: undefined }), text }] };
  const categories = [
    tag('Search', 'q', filters.q),
    tag('Status', 'status', given.status && STATUS_LABELS[given.status]),
    tag('DASH risk level', 'risk', given.risk && MARAC_RISK_LABELS[given.risk]),
    tag('Worker', 'worker', given.worker && (workers.find((w) => w.value === given.worker)?.text ?? 'Not known')),
    tag('Meeting from', 'from', filters.from),
    tag('Meeting to', 'to', filters.to),
  ].filter((c) => c !== null);
  const heading = (column: MaracReferralSort, text: string) =>
    headingCell(sortHeading(column, text, sort, (asked) => href({ ...values, ...sortValues(asked) })));
  return {
    caption: countCaption(result, 'referral', 'referrals'),
    pagination: filteredPagination(PATH, filterParams(values), result),
    head: [
      heading('reference', 'Case'),
      heading('name', 'Name'),
      { text: 'Area' },
      heading('referred', 'Referred'),
      { text: 'Meeting' },
      { text: 'Status' },
      { text: 'DASH level' },
      { text: 'Worker' },
    ],
    scopeLinks: WORK_SCOPES.map((value) => ({
      text: WORK_SCOPE_LABELS[value],
      href: href({ ...values, scope: value }),
      active: value === (given.scope ?? 'all'),
      qa: `scope-${value}`,
    })),
    scope: given.scope ?? 'all',
    sort: sortValues(sort),
    filter: {
      q: raw('q'),
      from: raw('from'),
      to: raw('to'),
      statusItems: selectItems(
        (['referred', 'heard', 'closed'] as const).map((value) => ({ value, text: STATUS_LABELS[value] })),
        given.status,
        'Any status',
      ),
      riskItems: selectItems(
        MARAC_RISK_LEVELS.map((value) => ({ value, text: MARAC_RISK_LABELS[value] })),
        given.risk,
        'Any level',
      ),
      workerItems: selectItems(workers, given.worker, 'Any worker'),
      selectedFilters:
        categories.length > 0
          ? {
              heading: { text: 'Selected filters' },
              clearLink: { text: 'Clear filters', href: href({ scope: given.scope, ...sortValues(sort) }) },
              categories,
            }
          : null,
    },
  };
}
