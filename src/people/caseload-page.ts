// A caseload page's search, filters and order: the MOJ filter panel, the selected filters with their remove links, the scope switch, the sortable headings and the pages.
import { countCaption, selectItems } from '../web/pagination.js';
import {
  CASELOAD_SCOPES,
  CaseloadParamError,
  OVERDUE_LABELS,
  SCOPE_LABELS,
  caseloadHref,
  readCaseloadParams,
  type CaseloadPage,
  type CaseloadParamName,
  type CaseloadParams,
} from './caseload-search.js';
import { isDefaultSort, sortHeading, sortOf, type CaseloadSort, type SortDirection } from './caseload-sort.js';

type Option = { value: string; text: string };

/** What a caseload offers to filter by, for this viewer: each list of choices, or null where it is not offered. */
export type CaseloadChoices<Status extends string, Risk extends string> = {
  statuses: ReadonlyArray<{ value: Status; text: string }>;
  risks: ReadonlyArray<{ value: Risk; text: string }> | null;
  workers: Option[];
  teams: Option[];
  groups: Option[] | null;
  overdue: boolean;
  /** The search box's hint: what this viewer can find people by. */
  searchHint: string;
};

type Rights<Status extends string, Risk extends string> = Parameters<typeof readCaseloadParams<Status, Risk>>[1];

/**
 * A page's parameters: the values, with each refused one left out and its message kept for the
 * page to show beside its field (a person can fix what they typed; the list still shows).
 */
export function pageParams<Status extends string, Risk extends string>(
  query: unknown,
  rights: Rights<Status, Risk>,
): { params: CaseloadParams<Status, Risk>; errors: Record<string, string> | null } {
  try {
    return { params: readCaseloadParams(query, rights), errors: null };
  } catch (error) {
    if (!(error instanceof CaseloadParamError)) {
      throw error;
    }
    const kept = { ...((query && typeof query === 'object' ? query : {}) as Record<string, unknown>) };
    for (const name of Object.keys(error.fields)) {
      delete kept[name];
    }
    return { params: readCaseloadParams(kept, rights), errors: error.fields };
  }
}

/** The parameters as the address carries them (the scope only when the viewer chose it). */
function addressParams(params: CaseloadParams<string, string>): Partial<Record<CaseloadParamName, string | null>> {
  return {
    scope: params.scope,
    q: params.q,
    status: params.status,
    worker: params.worker,
    team: params.team,
    group: params.group,
    risk: params.risk,
    overdue: params.overdue,
    sort: params.sort,
    dir: params.dir,
  };
}

/** The sort as the address carries it: nothing for the list's own order (by name, A to Z). */
function sortParams(sort: { by: CaseloadSort; dir: SortDirection }): { sort: string | null; dir: string | null } {
  return isDefaultSort(sort) ? { sort: null, dir: null } : { sort: sort.by, dir: sort.dir };
}

const textOf = (options: ReadonlyArray<Option> | null, value: string | null): string =>
  options?.find((o) => o.value === value)?.text ?? 'Not known';

/** The filter panel, the selected filters, the scope switch and the pages of one caseload page. */
export function caseloadPageContext<Status extends string, Risk extends string>(
  path: string,
  params: CaseloadParams<Status, Risk>,
  result: CaseloadPage<unknown>,
  choices: CaseloadChoices<Status, Risk>,
  noun: [string, string],
  /** The table's sortable headings: each column's text (any column not named is not sortable). */
  sortable: Partial<Record<CaseloadSort, string>> = {},
) {
  const given = addressParams(params);
  const sort = sortOf(params);
  const without = (name: CaseloadParamName) => caseloadHref(path, { ...given, [name]: null });
  const tag = (heading: string, name: CaseloadParamName, text: string) => ({
    heading: { text: heading },
    items: [{ href: without(name), text }],
  });
  const categories = [
    params.q && tag('Search', 'q', params.q),
    params.status && tag('Status', 'status', textOf(choices.statuses, params.status)),
    params.worker && tag('Worker', 'worker', textOf(choices.workers, params.worker)),
    params.team && tag('Team', 'team', textOf(choices.teams, params.team)),
    params.group && tag('Group', 'group', textOf(choices.groups, params.group)),
    params.risk && tag('Risk level', 'risk', textOf(choices.risks, params.risk)),
    params.overdue && tag('Overdue', 'overdue', OVERDUE_LABELS[params.overdue]),
  ].filter((c) => !!c);
  const pageLink = (cursor: string | null, direction: 'after' | 'before') =>
    cursor ? { href: caseloadHref(path, given, { [direction]: cursor }) } : undefined;
  return {
    caption: countCaption(result, noun[0], noun[1]),
    pagination:
      result.next || result.previous
        ? { previous: pageLink(result.previous, 'before'), next: pageLink(result.next, 'after') }
        : null,
    filtered: categories.length > 0,
    scopeLinks: CASELOAD_SCOPES.map((scope) => ({
      text: SCOPE_LABELS[scope],
      href: caseloadHref(path, { ...given, scope }),
      active: scope === result.scope,
      qa: `scope-${scope}`,
    })),
    scopeFallback: result.scopeChosen && result.scope === 'all' && params.scope === null,
    scope: result.scope,
    sortHeadings: Object.fromEntries(
      Object.entries(sortable).map(([column, text]) => [
        column,
        sortHeading(column as CaseloadSort, text, sort, (asked) => caseloadHref(path, { ...given, ...sortParams(asked) })),
      ]),
    ),
    filter: {
      action: path,
      sort: sortParams(sort),
      q: params.q ?? '',
      searchHint: choices.searchHint,
      selectedFilters:
        categories.length > 0
          ? {
              heading: { text: 'Selected filters' },
              clearLink: { text: 'Clear filters', href: caseloadHref(path, { scope: params.scope, ...sortParams(sort) }) },
              categories,
            }
          : null,
      statusItems: selectItems([...choices.statuses], params.status, 'Any status'),
      workerItems: selectItems(choices.workers, params.worker, 'Any worker'),
      teamItems: selectItems(choices.teams, params.team, 'Any team'),
      groupItems: choices.groups && selectItems(choices.groups, params.group, 'Any group'),
      riskItems: choices.risks && selectItems([...choices.risks], params.risk, 'Any risk level'),
      overdue: choices.overdue ? { checked: params.overdue === 'first-contact' } : null,
    },
  };
}
