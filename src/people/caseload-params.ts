// A caseload's parameters read from the address or the API: the same names in both, each refused value named with its message.
import {
  CURSOR_QUERY_PROPERTIES,
  ListParamError,
  id,
  listHref,
  oneOf,
  queryRecord,
  refuseAny,
  searchParam,
  single,
} from '../web/list-params.js';
import { CASELOAD_SORTS, SORT_DIRECTIONS, type CaseloadSort, type SortDirection } from './caseload-sort.js';
import { Q_MAX, readSearch, type SearchTerms } from './caseload-terms.js';

/*
 * Search and filters on the two caseloads (his /participants and her /partner-cases) and their API:
 * the same parameter names in the address and the API, so the dashboard's counts link to exactly
 * the list they counted: scope=mine|team|all, q, status, worker, team, group (his side), risk and
 * overdue=first-contact, and the order: sort=name|reference|status|updated and dir=asc|desc (by name,
 * A to Z, when not given). A value a list does not know is refused with a message naming the
 * parameter (beside the filter on a page, a 400 in the API), never ignored and never a 500.
 *
 * `q` is one box: a reference ("PA-1042", or its start), a date of birth (12/3/1984 or 1984-03-12),
 * a phone number (digits only: spaces, dashes and brackets are ignored), a postcode (spaces and
 * case ignored), or else a name with typos and other spellings, optionally with a year of birth
 * ("Smith 1984"). Which of those a list searches depends on what the viewer may see of the person.
 */

export const CASELOAD_SCOPES = ['mine', 'team', 'all'] as const;
export type CaseloadScope = (typeof CASELOAD_SCOPES)[number];
export const SCOPE_LABELS: Record<CaseloadScope, string> = { mine: 'My cases', team: 'My team', all: 'All' };

export const OVERDUE_FILTERS = ['first-contact'] as const;
export type OverdueFilter = (typeof OVERDUE_FILTERS)[number];
export const OVERDUE_LABELS: Record<OverdueFilter, string> = { 'first-contact': 'Overdue first contact' };

/** A caseload's filters as the repository applies them; null is "any". */
export type CaseloadFilters<Status extends string, Risk extends string> = {
  scope: CaseloadScope;
  q: string | null;
  search: SearchTerms | null;
  status: Status | null;
  worker: string | null;
  team: string | null;
  group: string | null;
  risk: Risk | null;
  overdue: OverdueFilter | null;
  /** The column the list is sorted by and which way (null: by name, A to Z). */
  sort: CaseloadSort | null;
  dir: SortDirection | null;
};

/** The parameters as given, before the scope is settled (a page picks "My cases" when none is given). */
export type CaseloadParams<Status extends string, Risk extends string> = Omit<CaseloadFilters<Status, Risk>, 'scope'> & {
  scope: CaseloadScope | null;
};

/** Parameters refused, each named with its message: a 400 in the API, messages beside the fields on a page. */
export class CaseloadParamError extends ListParamError {}

/**
 * Reads a caseload's parameters from a query string: the values, or a CaseloadParamError naming
 * each parameter that is wrong. `allowed` lists what this list and this viewer may filter by.
 */
export function readCaseloadParams<Status extends string, Risk extends string>(
  query: unknown,
  allowed: {
    statuses: readonly Status[];
    risks: readonly Risk[] | null;
    group: boolean;
    overdue: boolean;
    /** Why a filter this viewer may not use is refused (its name: the reason). */
    refused?: Partial<Record<'risk' | 'group' | 'overdue', string>>;
  },
): CaseloadParams<Status, Risk> {
  const raw = queryRecord(query);
  const errors: Record<string, string> = {};
  const { q, search } = searchParam(raw, readSearch, errors);
  const refusedParam = (name: 'risk' | 'group' | 'overdue', usable: boolean): boolean => {
    if (usable || single(raw, name, {}) === null) {
      return false;
    }
    errors[name] = allowed.refused?.[name] ?? `${name} is not a filter of this list`;
    return true;
  };
  const params: CaseloadParams<Status, Risk> = {
    scope: oneOf(raw, 'scope', CASELOAD_SCOPES, errors),
    q,
    search,
    status: oneOf(raw, 'status', allowed.statuses, errors),
    worker: id(raw, 'worker', 'a worker', errors),
    team: id(raw, 'team', 'a team', errors),
    group: refusedParam('group', allowed.group) ? null : id(raw, 'group', 'a group', errors),
    risk: refusedParam('risk', allowed.risks !== null) ? null : oneOf(raw, 'risk', allowed.risks ?? [], errors),
    overdue: refusedParam('overdue', allowed.overdue) ? null : oneOf(raw, 'overdue', OVERDUE_FILTERS, errors),
    sort: oneOf(raw, 'sort', CASELOAD_SORTS, errors),
    dir: oneOf(raw, 'dir', SORT_DIRECTIONS, errors),
  };
  refuseAny(errors, CaseloadParamError);
  return params;
}

/** True when nothing narrows the list: every case the policy lets the viewer see (in whichever order). */
export function isUnfiltered(filters: CaseloadFilters<string, string>): boolean {
  return (
    filters.scope === 'all' &&
    filters.search === null &&
    filters.status === null &&
    filters.worker === null &&
    filters.team === null &&
    filters.group === null &&
    filters.risk === null &&
    filters.overdue === null
  );
}

/** The parameter names in the order the address gives them. */
export const CASELOAD_PARAM_NAMES = [
  'scope',
  'q',
  'status',
  'worker',
  'team',
  'group',
  'risk',
  'overdue',
  'sort',
  'dir',
] as const;
export type CaseloadParamName = (typeof CASELOAD_PARAM_NAMES)[number];

/** The address of a caseload with these parameters (in a fixed order), leaving out any named in `without`. */
export function caseloadHref(
  path: string,
  params: Partial<Record<CaseloadParamName, string | null>>,
  extra: Record<string, string> = {},
): string {
  return listHref(path, CASELOAD_PARAM_NAMES, params, extra);
}

/** The OpenAPI description of a caseload's parameters (the handler reads and checks them itself). */
export function caseloadQuerySchema(options: {
  statuses: readonly string[];
  risks: readonly string[];
  group: boolean;
}): Record<string, unknown> {
  const idParam = (description: string) => ({ type: 'string', format: 'uuid', description });
  return {
    type: 'object',
    properties: {
      scope: {
        type: 'string',
        enum: [...CASELOAD_SCOPES],
        description: 'Whose cases: allocated to me, to anyone in my teams, or all the policy lets me see (default all)',
      },
      q: {
        type: 'string',
        maxLength: Q_MAX,
        description:
          'A name (typos and other spellings found; add a year for the year of birth), a reference or its start, ' +
          'a date of birth (12/3/1984 or 1984-03-12), a phone number or a postcode, where the caller may see them',
      },
      status: { type: 'string', enum: [...options.statuses] },
      worker: idParam('The allocated worker (a user id)'),
      team: idParam('Cases allocated to a member of this team'),
      ...(options.group && { group: idParam('Men in this group now') }),
      risk: { type: 'string', enum: [...options.risks], description: 'The latest risk level' },
      overdue: { type: 'string', enum: [...OVERDUE_FILTERS], description: 'First contact not attempted by its due day' },
      sort: {
        type: 'string',
        enum: [...CASELOAD_SORTS],
        description: 'The order: by name (the default), reference, status (then last changed) or when the case last changed',
      },
      dir: { type: 'string', enum: [...SORT_DIRECTIONS], description: 'Ascending (the default) or descending' },
      ...CURSOR_QUERY_PROPERTIES,
    },
  };
}
