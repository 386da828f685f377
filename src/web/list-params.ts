// A list's query parameters read from the address or the API, the same names in both: blank is absent, a repeated parameter is refused, each refused value named with its message.
import { InvalidInputError } from '../errors.js';

/*
 * The pieces the lists that read their own parameters share (the caseloads, src/people/caseload-params.ts,
 * and the referrals list, src/referrals/search.ts). Each reader collects the refused parameters in
 * one record (name: message) and throws a ListParamError naming them all: a 400 in the API, each
 * message beside its field on a page (pageListParams), never a 500 and never ignored.
 */

/** The parameters refused by a reader, each named with its message. */
export type ParamErrors = Record<string, string>;

/** Parameters refused, each named with its message: a 400 in the API, messages beside the fields on a page. */
export class ListParamError extends InvalidInputError {
  constructor(fields: ParamErrors) {
    super(Object.values(fields).join('. '), fields);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query as a record of its parameters (anything else is no parameters). */
export function queryRecord(query: unknown): Record<string, unknown> {
  return (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
}

/** One value of a parameter: blank is absent, a repeated parameter is refused. */
export function single(raw: Record<string, unknown>, name: string, errors: ParamErrors): string | null {
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

/** A parameter that takes one of a list of values. */
export function oneOf<T extends string>(
  raw: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  errors: ParamErrors,
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

/** A parameter that names a record by its id (a uuid, given in lower case). */
export function id(raw: Record<string, unknown>, name: string, what: string, errors: ParamErrors): string | null {
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

/** A day given as YYYY-MM-DD, a real one from 1900 on; `label` names it in the message. */
export function day(raw: Record<string, unknown>, name: string, label: string, errors: ParamErrors): string | null {
  const value = single(raw, name, errors);
  if (value === null) {
    return null;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value || value < '1900-01-01') {
    errors[name] = `${label} must be a real date, like 2026-03-27`;
    return null;
  }
  return value;
}

/** The search box `q` as given, and as `read` makes it terms (a message refuses it). */
export function searchParam<Terms>(
  raw: Record<string, unknown>,
  read: (q: string) => Terms | string,
  errors: ParamErrors,
): { q: string | null; search: Terms | null } {
  const q = single(raw, 'q', errors);
  const search = q === null ? null : read(q);
  if (typeof search === 'string') {
    errors.q = search;
    return { q, search: null };
  }
  return { q, search };
}

/** Throws a ListParamError (or the reader's own kind) naming every refused parameter, if any was. */
export function refuseAny(errors: ParamErrors, Refusal: new (fields: ParamErrors) => ListParamError = ListParamError): void {
  if (Object.keys(errors).length > 0) {
    throw new Refusal(errors);
  }
}

/**
 * A page's parameters: the values, with each refused one left out and its message kept for the
 * page to show beside its field (a person can fix what they typed; the list still shows).
 */
export function pageListParams<Params>(
  read: (query: unknown) => Params,
  query: unknown,
): { params: Params; errors: ParamErrors | null } {
  try {
    return { params: read(query), errors: null };
  } catch (error) {
    if (!(error instanceof ListParamError)) {
      throw error;
    }
    const kept = { ...queryRecord(query) };
    for (const name of Object.keys(error.fields)) {
      delete kept[name];
    }
    return { params: read(kept), errors: error.fields };
  }
}

/** The address of a list with these parameters (in the order `names` gives), with `extra` after them. */
export function listHref<Name extends string>(
  path: string,
  names: readonly Name[],
  params: Partial<Record<Name, string | null>>,
  extra: Record<string, string> = {},
): string {
  const search = new URLSearchParams();
  for (const name of names) {
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

/** The OpenAPI description of a keyset list's cursor parameters (read by cursorForApi). */
export const CURSOR_QUERY_PROPERTIES = {
  after: { type: 'string', description: 'The next cursor of a list response: the page after it' },
  before: { type: 'string', description: 'The previous cursor of a list response: the page before it' },
} as const;
