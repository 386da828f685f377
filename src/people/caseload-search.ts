import { createHash } from 'node:crypto';
import { daysAfter } from '../dates/london.js';
import { addWorkingDays, type Region } from '../dates/working-days.js';
import { InvalidInputError } from '../errors.js';
import type { KeysetPage, PageCursor } from '../web/pagination.js';

/*
 * Search and filters on the two caseloads (his /participants and her /partner-cases) and their API:
 * the same parameter names in the address and the API, so the dashboard's counts link to exactly
 * the list they counted: scope=mine|team|all, q, status, worker, team, group (his side), risk and
 * overdue=first-contact. A value a list does not know is refused with a message naming the
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

/** What the search box asks for, once read. */
export type SearchTerms =
  | { kind: 'reference'; prefix: string }
  | { kind: 'birth'; date: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'postcode'; key: string }
  | { kind: 'name'; words: string[]; year: number | null };

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
};

/** The parameters as given, before the scope is settled (a page picks "My cases" when none is given). */
export type CaseloadParams<Status extends string, Risk extends string> = Omit<CaseloadFilters<Status, Risk>, 'scope'> & {
  scope: CaseloadScope | null;
};

/** Parameters refused, each named with its message: a 400 in the API, messages beside the fields on a page. */
export class CaseloadParamError extends InvalidInputError {
  constructor(fields: Record<string, string>) {
    super(Object.values(fields).join('. '), fields);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Q_MAX = 100;

/** One value of a parameter: blank is absent, a repeated parameter is refused. */
function single(raw: Record<string, unknown>, name: string, errors: Record<string, string>): string | null {
  const value = raw[name];
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    errors[name] = `Give ${name} once`;
    return null;
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function oneOf<T extends string>(
  raw: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  errors: Record<string, string>,
): T | null {
  const value = single(raw, name, errors);
  if (value === null) {
    return null;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    errors[name] = `${name} must be one of: ${allowed.join(', ')}`;
    return null;
  }
  return value as T;
}

function id(raw: Record<string, unknown>, name: string, what: string, errors: Record<string, string>): string | null {
  const value = single(raw, name, errors);
  if (value === null) {
    return null;
  }
  if (!UUID.test(value)) {
    errors[name] = `${name} must be the id of ${what}`;
    return null;
  }
  return value.toLowerCase();
}

/** A real calendar date as ISO, or null. */
function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** A word as the database folds names (migration 0031): lower case, accents removed. */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đ]/g, 'd')
    .replace(/[ıİ]/g, 'i')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .toLowerCase();
}

const BAD_DATE = 'Enter a real date of birth, like 12/3/1984 or 1984-03-12';
const TOO_SHORT = 'Enter at least 2 letters of a name, a reference, a date of birth, a phone number or a postcode';

/** What the search box asks for: a reference, a date of birth, a phone, a postcode or a name. */
export function readSearch(q: string): SearchTerms | string {
  if (q.length > Q_MAX) {
    return `Enter no more than ${Q_MAX} characters to search`;
  }
  const reference = /^([A-Za-z]{2})-?\s?(\d+)$/.exec(q);
  if (reference) {
    return { kind: 'reference', prefix: `${(reference[1] ?? '').toUpperCase()}-${reference[2] ?? ''}` };
  }
  const british = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(q);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(q);
  if (british || iso) {
    const [year, month, day] = british
      ? [Number(british[3]), Number(british[2]), Number(british[1])]
      : [Number(iso?.[1]), Number(iso?.[2]), Number(iso?.[3])];
    const date = isoDate(year, month, day);
    return date ? { kind: 'birth', date } : BAD_DATE;
  }
  if (/^\+?[\d\s().-]+$/.test(q)) {
    let digits = q.replace(/\D/g, '');
    if (/^(44|0044)\d{10}$/.test(digits)) {
      digits = `0${digits.replace(/^0{0,2}44/, '')}`;
    }
    if (digits.length >= 6) {
      return { kind: 'phone', digits };
    }
  }
  if (/^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/.test(q)) {
    return { kind: 'postcode', key: q.replace(/\s/g, '').toUpperCase() };
  }
  let year: number | null = null;
  const words: string[] = [];
  for (const token of q.split(/[\s,]+/)) {
    if (/^\d{4}$/.test(token) && year === null && Number(token) >= 1900 && Number(token) <= 2100) {
      year = Number(token);
      continue;
    }
    const word = foldWord(token).replace(/[^\p{L}'-]/gu, '');
    if (word.replace(/['-]/g, '').length >= 2) {
      words.push(word);
    }
  }
  if (words.length === 0 && year === null) {
    return TOO_SHORT;
  }
  return { kind: 'name', words: words.slice(0, 4), year };
}

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
  const raw = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const q = single(raw, 'q', errors);
  const search = q === null ? null : readSearch(q);
  if (typeof search === 'string') {
    errors.q = search;
  }
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
    search: typeof search === 'string' ? null : search,
    status: oneOf(raw, 'status', allowed.statuses, errors),
    worker: id(raw, 'worker', 'a worker', errors),
    team: id(raw, 'team', 'a team', errors),
    group: refusedParam('group', allowed.group) ? null : id(raw, 'group', 'a group', errors),
    risk: refusedParam('risk', allowed.risks !== null) ? null : oneOf(raw, 'risk', allowed.risks ?? [], errors),
    overdue: refusedParam('overdue', allowed.overdue) ? null : oneOf(raw, 'overdue', OVERDUE_FILTERS, errors),
  };
  if (Object.keys(errors).length > 0) {
    throw new CaseloadParamError(errors);
  }
  return params;
}

/** True when nothing narrows the list: every case the policy lets the viewer see, in name order. */
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

/**
 * The filter set a cursor was made under, as one more id in the cursor (shaped like a uuid so
 * src/web/pagination.ts reads it as any other): a cursor from one filter set used with another
 * shows the first page (pages) or is refused (API), never a page of a different list. A hash,
 * so the address carries no name typed into the search box beyond the `q` the viewer typed.
 */
export function filterFingerprint(viewerId: string, filters: CaseloadFilters<string, string>): string {
  const canonical = JSON.stringify([
    viewerId,
    filters.scope,
    filters.q,
    filters.status,
    filters.worker,
    filters.team,
    filters.group,
    filters.risk,
    filters.overdue,
  ]);
  const hex = createHash('sha256').update(canonical).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The parameter names in the order the address gives them. */
export const CASELOAD_PARAM_NAMES = ['scope', 'q', 'status', 'worker', 'team', 'group', 'risk', 'overdue'] as const;
export type CaseloadParamName = (typeof CASELOAD_PARAM_NAMES)[number];

/** The address of a caseload with these parameters (in a fixed order), leaving out any named in `without`. */
export function caseloadHref(
  path: string,
  params: Partial<Record<CaseloadParamName, string | null>>,
  extra: Record<string, string> = {},
): string {
  const search = new URLSearchParams();
  for (const name of CASELOAD_PARAM_NAMES) {
    const value = params[name];
    if (value) {
      search.set(name, value);
    }
  }
  for (const [name, value] of Object.entries(extra)) {
    search.set(name, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
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
      after: { type: 'string', description: 'The next cursor of a list response: the page after it' },
      before: { type: 'string', description: 'The previous cursor of a list response: the page before it' },
    },
  };
}

/**
 * The last day a case could have opened on and now be overdue for its first contact: its first
 * attempt was due `targetDays` working days after it opened, and today is past that day (as the
 * first-contact clocks count it, src/first-contact/clocks-service.ts).
 */
export function overdueOpenedBy(today: string, targetDays: number, region: Region): string {
  let day = daysAfter(today, -1);
  while (addWorkingDays(day, targetDays, region) >= today) {
    day = daysAfter(day, -1);
  }
  return day;
}

/** A caseload page with the scope it was read in, and whether that scope was chosen for the viewer. */
export type CaseloadPage<T> = KeysetPage<T> & { scope: CaseloadScope; scopeChosen: boolean };

/** A caseload page as the API answers it: the page and the scope it was read in. */
export function caseloadJson<T>(page: CaseloadPage<T>): KeysetPage<T> & { scope: CaseloadScope } {
  return {
    items: page.items,
    pageSize: page.pageSize,
    total: page.total,
    totalIsCapped: page.totalIsCapped,
    next: page.next,
    previous: page.previous,
    scope: page.scope,
  };
}

/**
 * How a caseload request reads its cursor and settles its scope: a page opens on "My cases" when
 * the viewer has cases allocated (else on all); the API lists all unless asked. A cursor made
 * under other filters is shown the first page (pages) or refused (API).
 */
export type CaseloadRequest<Status extends string, Risk extends string> = {
  params: CaseloadParams<Status, Risk>;
  cursorOf: (idCount: number) => PageCursor | null;
  defaultScope: 'mine-when-allocated' | 'all';
  staleCursor: 'first-page' | 'refuse';
};

/** A cursor that names the filter set it was made under, or null when that set is another. */
export function cursorUnder(
  request: { cursorOf: (idCount: number) => PageCursor | null; staleCursor: 'first-page' | 'refuse' },
  idCount: number,
  fingerprint: string | null,
): PageCursor | null {
  const cursor = request.cursorOf(fingerprint ? idCount + 1 : idCount);
  if (!cursor || !fingerprint || cursor.ids[idCount] === fingerprint) {
    return cursor;
  }
  if (request.staleCursor === 'refuse') {
    const message = 'This cursor was made with other filters: use a next or previous cursor from this list';
    throw new InvalidInputError(message, { cursor: message });
  }
  return null;
}

/** Whether a page is the whole list: the first page, with nothing after it (its rows are then the count). */
export function shownInFull(page: { next: string | null; previous: string | null }): boolean {
  return page.next === null && page.previous === null;
}

/**
 * A reference prefix as a range ("PA-104" is from "PA-104" up to "PA-105"), compared with the
 * pattern operators (~>=~ and ~<~) of the text_pattern_ops index: unlike LIKE they are leakproof,
 * so the planner may use the index beneath row-level security.
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { from: prefix, to: `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}` };
}
