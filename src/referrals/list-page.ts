// The referrals page's filter panel, selected filters, scope switch, sortable column headings and pages.
import { WORK_SCOPES, WORK_SCOPE_LABELS } from '../access/work-scope.js';
import { countCaption, selectItems } from '../web/pagination.js';
import {
  addressOf,
  agencyChoices,
  referralSourceChoices,
  referralStatusChoices,
  referralsHref,
  type ReferralFilters,
  type ReferralParamName,
  type ReferralParams,
  type ReferralSort,
} from './search.js';
import { AGENCY_LABELS } from './schemas.js';
import { REFERRAL_STATUS_LABELS } from './transitions.js';

type Option = { value: string; text: string };

const textOf = (options: ReadonlyArray<Option>, value: string | null): string =>
  options.find((o) => o.value === value)?.text ?? 'Not known';

/** The column headings: the sortable ones a link to the list sorted by them (the other way when already so), with aria-sort. */
function sortHeadings(params: ReferralParams, filters: ReferralFilters) {
  const given = addressOf(params);
  const heading = (text: string, sort: ReferralSort | null) => {
    if (sort === null) {
      return { text };
    }
    const active = filters.sort === sort;
    const dir = active ? (filters.dir === 'asc' ? 'desc' : 'asc') : sort === 'received' ? 'desc' : 'asc';
    const href = referralsHref({ ...given, sort, dir });
    const state = active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    return {
      html: `<a class="govuk-link parallel-sort-link" href="${href.replace(/&/g, '&amp;')}" data-qa="sort-${sort}">${text}</a>`,
      attributes: { 'aria-sort': state },
    };
  };
  return [
    heading('Reference', 'reference'),
    heading('Participant', 'name'),
    heading('Referred by', null),
    heading('Area', null),
    heading('Status', null),
    heading('Received', 'received'),
  ];
}

export function referralListContext(
  params: ReferralParams,
  result: { total: number; totalIsCapped: boolean; next: string | null; previous: string | null; filters: ReferralFilters },
  workers: Option[],
) {
  const given = addressOf(params);
  const without = (name: ReferralParamName) => referralsHref({ ...given, [name]: null });
  const tag = (heading: string, name: ReferralParamName, text: string) => ({
    heading: { text: heading },
    items: [{ href: without(name), text }],
  });
  const categories = [
    params.q && tag('Search', 'q', params.q),
    params.status && tag('Status', 'status', REFERRAL_STATUS_LABELS[params.status]),
    params.source && tag('Referred by', 'source', textOf(referralSourceChoices, params.source)),
    params.agency && tag('Kind of agency', 'agency', AGENCY_LABELS[params.agency]),
    params.area && tag('Area', 'area', params.area),
    params.worker && tag('Worker', 'worker', textOf(workers, params.worker)),
    params.from && tag('Received from', 'from', params.from),
    params.to && tag('Received to', 'to', params.to),
  ].filter((c) => !!c);
  const pageLink = (cursor: string | null, direction: 'after' | 'before') =>
    cursor ? { href: referralsHref(given, { [direction]: cursor }) } : undefined;
  return {
    caption: countCaption(result, 'referral', 'referrals'),
    head: sortHeadings(params, result.filters),
    pagination:
      result.next || result.previous
        ? { previous: pageLink(result.previous, 'before'), next: pageLink(result.next, 'after') }
        : null,
    filtered: categories.length > 0 || result.filters.scope !== 'all',
    scopeLinks: WORK_SCOPES.map((scope) => ({
      text: WORK_SCOPE_LABELS[scope],
      href: referralsHref({ ...given, scope }),
      active: scope === result.filters.scope,
      qa: `scope-${scope}`,
    })),
    scope: result.filters.scope,
    sort: { sort: params.sort, dir: params.dir },
    filter: {
      q: params.q ?? '',
      area: params.area ?? '',
      from: params.from ?? '',
      to: params.to ?? '',
      selectedFilters:
        categories.length > 0
          ? {
              heading: { text: 'Selected filters' },
              clearLink: {
                text: 'Clear filters',
                href: referralsHref({ scope: params.scope, sort: params.sort, dir: params.dir }),
              },
              categories,
            }
          : null,
      statusItems: selectItems(referralStatusChoices, params.status, 'Any status'),
      sourceItems: selectItems(referralSourceChoices, params.source, 'Anyone'),
      agencyItems: selectItems(agencyChoices, params.agency, 'Any kind of agency'),
      workerItems: selectItems(workers, params.worker, 'Any worker'),
    },
  };
}
