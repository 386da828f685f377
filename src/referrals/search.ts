// The referrals list's search, filters and sort: read from the address or the API's query, the same names in both.
import { createHash } from 'node:crypto';
import type { ReferralStatus } from '../db/schema.js';
import { WORK_SCOPES, WORK_SCOPE_LABELS, type WorkScope } from '../access/work-scope.js';
import { readSearch, type SearchTerms } from '../people/caseload-terms.js';
import { AGENCY_LABELS, AGENCY_TYPES, SOURCES } from './schemas.js';
import {
  CURSOR_QUERY_PROPERTIES,
  ListParamError,
  day,
  id,
  listHref,
  oneOf,
  pageListParams,
  queryRecord,
  refuseAny,
  searchParam,
  single,
} from '../web/list-params.js';
import { REFERRAL_STATUS_LABELS } from './transitions.js';

/*
 * The referrals list (/referrals and GET /api/v1/referrals) takes:
 *   q       his name (typos and other spellings found; a year for his year of birth), a reference
 *           (the referral's RF-…, or his PA-…, or their start) or his date of birth;
 *   status  the referral's status (its latest triage step);
 *   source  agency, self or community; agency  the kind of agency that referred;
 *   area    the area recorded on the referral (whatever the case);
 *   worker  the worker allocated to his case; scope  mine, team or all (his case's worker);
 *   from, to  received on or after, on or before (YYYY-MM-DD);
 *   sort    received, reference or name; dir  asc or desc.
 * A referral is his record: nothing any side searches here reads a partner's record or who in the
 * community referred him (referral_community_sources), so a search for her name or number finds
 * what a search for nobody finds, on every side.
 */

export const REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'received',
  'triage',
  'accepted',
  'signposted',
  'declined',
  'withdrawn',
];
export const REFERRAL_SORTS = ['received', 'reference', 'name'] as const;
export type ReferralSort = (typeof REFERRAL_SORTS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const SOURCE_FILTER_LABELS: Record<(typeof SOURCES)[number], string> = {
  agency: 'An agency',
  self: 'Self-referral',
  community: 'Community referral',
};
const DEFAULT_DIRECTION: Record<ReferralSort, SortDirection> = { received: 'desc', reference: 'asc', name: 'asc' };

export type ReferralFilters = {
  scope: WorkScope;
  q: string | null;
  search: SearchTerms | null;
  status: ReferralStatus | null;
  source: (typeof SOURCES)[number] | null;
  agency: (typeof AGENCY_TYPES)[number] | null;
  area: string | null;
  worker: string | null;
  from: string | null;
  to: string | null;
  sort: ReferralSort;
  dir: SortDirection;
};

/** The parameters as given: the scope, sort and direction as chosen (null when not). */
export type ReferralParams = Omit<ReferralFilters, 'scope' | 'sort' | 'dir'> & {
  scope: WorkScope | null;
  sort: ReferralSort | null;
  dir: SortDirection | null;
};

export const REFERRAL_PARAM_NAMES = [
  'scope',
  'q',
  'status',
  'source',
  'agency',
  'area',
  'worker',
  'from',
  'to',
  'sort',
  'dir',
] as const;
export type ReferralParamName = (typeof REFERRAL_PARAM_NAMES)[number];

export class ReferralParamError extends ListParamError {}

const AREA_MAX = 100;

/** Reads the list's parameters: the values, or a ReferralParamError naming each one refused. */
export function readReferralParams(query: unknown): ReferralParams {
  const raw = queryRecord(query);
  const errors: Record<string, string> = {};
  const { q, search } = searchParam(raw, readSearch, errors);
  const worker = id(raw, 'worker', 'a worker', errors);
  const areaText = single(raw, 'area', errors);
  if (areaText !== null && (areaText.length > AREA_MAX || /\p{Cc}/u.test(areaText))) {
    errors.area = `Enter an area of no more than ${AREA_MAX} characters`;
  }
  const source = oneOf(raw, 'source', SOURCES, errors);
  const agency = oneOf(raw, 'agency', AGENCY_TYPES, errors);
  if (agency !== null && source !== null && source !== 'agency') {
    errors.agency = 'Choose the kind of agency only for referrals from an agency';
  }
  const params: ReferralParams = {
    scope: oneOf(raw, 'scope', WORK_SCOPES, errors),
    q,
    search,
    status: oneOf(raw, 'status', REFERRAL_STATUSES, errors),
    source,
    agency,
    area: errors.area ? null : areaText,
    worker,
    from: day(raw, 'from', 'Received from', errors),
    to: day(raw, 'to', 'Received to', errors),
    sort: oneOf(raw, 'sort', REFERRAL_SORTS, errors),
    dir: oneOf(raw, 'dir', SORT_DIRECTIONS, errors),
  };
  if (params.from && params.to && params.from > params.to && !errors.to) {
    errors.to = 'Received to must be the same as or after received from';
  }
  refuseAny(errors, ReferralParamError);
  return params;
}

/** A page's parameters: each refused one left out and its message kept to show beside its field. */
export function pageReferralParams(query: unknown): { params: ReferralParams; errors: Record<string, string> | null } {
  return pageListParams(readReferralParams, query);
}

/** The filters the list applies: the scope all unless chosen, the sort received date, newest first, unless chosen. */
export function settledFilters(params: ReferralParams): ReferralFilters {
  const sort = params.sort ?? 'received';
  return { ...params, scope: params.scope ?? 'all', sort, dir: params.dir ?? DEFAULT_DIRECTION[sort] };
}

/** The default list (every referral, newest received first) keeps its own query and its one-id cursors. */
export function isPlainList(filters: ReferralFilters): boolean {
  return (
    filters.scope === 'all' &&
    filters.search === null &&
    filters.status === null &&
    filters.source === null &&
    filters.agency === null &&
    filters.area === null &&
    filters.worker === null &&
    filters.from === null &&
    filters.to === null &&
    filters.sort === 'received' &&
    filters.dir === 'desc'
  );
}

/** The filters a cursor was made under, as a uuid-shaped hash (see filterFingerprint in src/people/caseload-paging.ts). */
export function referralFingerprint(viewerId: string, filters: ReferralFilters): string {
  const canonical = JSON.stringify([viewerId, ...REFERRAL_PARAM_NAMES.map((name) => filters[name])]);
  const hex = createHash('sha256').update(`referrals:${canonical}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The address of the list with these parameters (in a fixed order), with `extra` after them. */
export function referralsHref(
  params: Partial<Record<ReferralParamName, string | null>>,
  extra: Record<string, string> = {},
): string {
  return listHref('/referrals', REFERRAL_PARAM_NAMES, params, extra);
}

/** The parameters as the address carries them (the scope, sort and direction only when chosen). */
export function addressOf(params: ReferralParams): Partial<Record<ReferralParamName, string | null>> {
  return {
    scope: params.scope,
    q: params.q,
    status: params.status,
    source: params.source,
    agency: params.agency,
    area: params.area,
    worker: params.worker,
    from: params.from,
    to: params.to,
    sort: params.sort,
    dir: params.dir,
  };
}

export const referralStatusChoices = REFERRAL_STATUSES.map((value) => ({ value, text: REFERRAL_STATUS_LABELS[value] }));
export const referralSourceChoices = SOURCES.map((value) => ({ value, text: SOURCE_FILTER_LABELS[value] }));
export const agencyChoices = AGENCY_TYPES.map((value) => ({ value, text: AGENCY_LABELS[value] }));
export { WORK_SCOPE_LABELS as REFERRAL_SCOPE_LABELS };

/** The OpenAPI description of the list's parameters (the handler reads and checks them itself). */
export function referralQuerySchema(): Record<string, unknown> {
  const date = (description: string) => ({ type: 'string', format: 'date', description });
  return {
    type: 'object',
    properties: {
      scope: { type: 'string', enum: [...WORK_SCOPES], description: 'Whose referrals, by his case’s worker (default all)' },
      q: {
        type: 'string',
        maxLength: 100,
        description:
          'The participant’s name (typos found; add a year for the year of birth), a reference (RF-… or PA-…, or its start) or a date of birth',
      },
      status: { type: 'string', enum: [...REFERRAL_STATUSES] },
      source: { type: 'string', enum: [...SOURCES] },
      agency: { type: 'string', enum: [...AGENCY_TYPES], description: 'The kind of agency that referred' },
      area: { type: 'string', maxLength: AREA_MAX, description: 'The area recorded on the referral (any case)' },
      worker: { type: 'string', format: 'uuid', description: 'The worker allocated to his case' },
      from: date('Received on or after'),
      to: date('Received on or before'),
      sort: { type: 'string', enum: [...REFERRAL_SORTS], description: 'received (default), reference or name' },
      dir: {
        type: 'string',
        enum: [...SORT_DIRECTIONS],
        description: 'Newest first for received, A to Z otherwise, unless given',
      },
      ...CURSOR_QUERY_PROPERTIES,
    },
  };
}
