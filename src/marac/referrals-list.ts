// The MARAC referrals across her cases (/marac/referrals and its API): filters, the page query on marac_referrals_list_idx and its capped count.
import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { allocatedWithin, type AllocationFilter } from '../db/allocation.js';
import type { Trx } from '../db/database.js';
import type { MaracStatus } from '../db/schema.js';
import { prefixRange, readSearch, type SearchTerms } from '../people/caseload-terms.js';
import { ZScopeParam, cursorParams } from '../web/list-filter.js';
import type { PageCursor } from '../web/pagination.js';
import type { ListSort } from '../web/sort-heading.js';
import { keySelections, keyValues, pastKey, readDirection, sortParams, type KeyColumn } from './keyset-order.js';

/*
 * Parameters, the same in the address and the API: scope=mine|team|all (her case's worker),
 * q (her name, typos found, or her case's reference PS-… or its start), status, risk (the level
 * of the DASH the referral was made from: her worker's judgement where it raises the score's),
 * worker, and from/to (the date of the meeting the referral is heard at); sort=referred|reference|name
 * and dir=asc|desc (newest referred first unless asked). Partner side and management only: the
 * service answers "not found" to anyone else before any is read.
 */

export const MARAC_REFERRAL_SORTS = ['referred', 'reference', 'name'] as const;
export type MaracReferralSort = (typeof MARAC_REFERRAL_SORTS)[number];
/** The list's own order: newest referred first. */
export const DEFAULT_REFERRAL_SORT: ListSort<MaracReferralSort> = { by: 'referred', dir: 'desc' };

/**
 * Each order's columns, ending in the referral's id: referred on marac_referrals_list_idx; her
 * case's reference on its (organisation, reference) index and her name on partners_list_idx, each
 * joined to her referrals by marac_referrals_case_idx.
 */
const SORT_COLUMNS: Record<MaracReferralSort, KeyColumn[]> = {
  referred: [
    { ref: 'r.referred_on', type: 'date' },
    { ref: 'r.id', type: 'uuid' },
  ],
  reference: [
    { ref: 'c.reference', type: 'text' },
    { ref: 'r.id', type: 'uuid' },
  ],
  name: [
    { ref: 'p.family_name', type: 'text' },
    { ref: 'p.given_name', type: 'text' },
    { ref: 'r.id', type: 'uuid' },
  ],
};

const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);
const MARAC_STATUSES = ['referred', 'heard', 'closed'] as const satisfies readonly MaracStatus[];
export const MARAC_RISK_LEVELS = ['standard', 'medium', 'high'] as const;
export const MARAC_RISK_LABELS: Record<(typeof MARAC_RISK_LEVELS)[number], string> = {
  standard: 'Standard',
  medium: 'Medium',
  high: 'High',
};

const isoDay = (label: string) =>
  z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date, like 2026-03-27`)
      .refine((v) => {
        const day = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(v);
      }, `${label} must be a real date, like 2026-03-27`)
      .optional(),
  );

/** A search term as the caseloads read it; a phone or postcode finds nothing here (her referral's list is searched by name and reference). */
const ZSearch = z.preprocess(
  blankIsAbsent,
  z
    .string()
    .trim()
    .transform((q, ctx): { q: string; terms: SearchTerms } | typeof z.NEVER => {
      const terms = readSearch(q);
      if (typeof terms === 'string') {
        ctx.addIssue({ code: 'custom', message: terms });
        return z.NEVER;
      }
      return { q, terms };
    })
    .optional(),
);

export const ZMaracReferralListQuery = z
  .object({
    scope: ZScopeParam,
    q: ZSearch,
    status: z.preprocess(blankIsAbsent, z.enum(MARAC_STATUSES, { error: 'status must be referred, heard or closed' }).optional()),
    risk: z.preprocess(blankIsAbsent, z.enum(MARAC_RISK_LEVELS, { error: 'risk must be standard, medium or high' }).optional()),
    worker: z.preprocess(blankIsAbsent, z.uuid('worker must be the id of a worker').optional()),
    from: isoDay('Meeting from'),
    to: isoDay('Meeting to'),
    ...sortParams(MARAC_REFERRAL_SORTS),
    ...cursorParams,
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Meeting to must be the same as or after meeting from' });
    }
  });
/** The meetings list's date range (/marac and GET /api/v1/marac-meetings): from and to, each end included. */
export const ZMeetingDateQuery = z
  .object({ from: isoDay('Meeting from'), to: isoDay('Meeting to') })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Meeting to must be the same as or after meeting from' });
    }
  });

export type TMaracReferralListQuery = z.output<typeof ZMaracReferralListQuery>;

export type MaracReferralFilters = {
  allocation: AllocationFilter;
  terms: SearchTerms | null;
  /** Her ids a name search found (null when it searched no name). */
  named: readonly string[] | null;
  status: MaracStatus | null;
  risk: (typeof MARAC_RISK_LEVELS)[number] | null;
  worker: string | null;
  from: string | null;
  to: string | null;
  sort: ListSort<MaracReferralSort>;
};

/**
 * The ids of the partners whose name has every word searched, found once a request by the
 * partner-side SECURITY DEFINER search function of migration 0035 (her organisation only); the
 * list keeps `partners.id = ANY (ids)` and the policies still decide which rows the caller sees.
 */
export async function partnersNamed(trx: Trx, words: readonly string[]): Promise<string[]> {
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)`.execute(trx);
  const calls = words.map((word) => sql`SELECT app_partners_named(${word}::text)`);
  const { rows } = await sql<{ ids: string[] }>`SELECT ARRAY(${sql.join(calls, sql` INTERSECT `)}) AS ids`.execute(trx);
  return rows[0]?.ids ?? [];
}

function conditions(filters: MaracReferralFilters): Array<Expression<SqlBool>> {
  const found: Array<Expression<SqlBool>> = [allocatedWithin('c.allocated_worker_id', filters.allocation).$castTo<SqlBool>()];
  if (filters.status) {
    found.push(sql<SqlBool>`r.status = ${filters.status}`);
  }
  if (filters.risk) {
    found.push(sql<SqlBool>`COALESCE(d.judgement_level, d.score_level) = ${filters.risk}`);
  }
  if (filters.worker) {
    found.push(sql<SqlBool>`c.allocated_worker_id = ${filters.worker}::uuid`);
  }
  if (filters.from) {
    found.push(sql<SqlBool>`m.meets_on >= ${filters.from}::date`);
  }
  if (filters.to) {
    found.push(sql<SqlBool>`m.meets_on <= ${filters.to}::date`);
  }
  const terms = filters.terms;
  if (terms?.kind === 'reference') {
    const { from, to } = prefixRange(terms.prefix);
    found.push(sql<SqlBool>`(c.reference ~>=~ ${from} AND c.reference ~<~ ${to})`);
  } else if (terms?.kind === 'name' && filters.named !== null) {
    found.push(sql<SqlBool>`p.id = ANY (${filters.named}::uuid[])`);
  } else if (terms && terms.kind !== 'name') {
    found.push(sql<SqlBool>`false`);
  }
  return found;
}

function filtered(trx: Trx, organisationId: string, filters: MaracReferralFilters) {
  return trx
    .selectFrom('marac_referrals as r')
    .innerJoin('partner_cases as c', 'c.id', 'r.partner_case_id')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .leftJoin('marac_meetings as m', 'm.id', 'r.marac_meeting_id')
    .leftJoin('dash_assessments as d', 'd.id', 'r.dash_assessment_id')
    .where('r.organisation_id', '=', organisationId)
    .where((eb) => eb.and(conditions(filters)));
}

export type MaracReferralListRow = {
  id: string;
  referredOn: string;
  area: string;
  status: MaracStatus;
  partnerCaseId: string;
  reference: string;
  givenName: string;
  familyName: string;
  meetsOn: string | null;
  level: string | null;
  workerName: string | null;
};

/** Where a page starts: the key of the row a cursor names, read again, and whether the page ends there instead. */
export type PageStart = { key: string[]; backwards: boolean };

/** One page in the order asked for (then by id), after or before the referral a cursor names, each order on an index. */
export async function listMaracReferrals(
  trx: Trx,
  organisationId: string,
  filters: MaracReferralFilters,
  cursor: PageCursor | null,
  limit: number,
): Promise<MaracReferralListRow[]> {
  const columns = SORT_COLUMNS[filters.sort.by];
  const [referralId] = cursor?.ids ?? [];
  const key = referralId
    ? await trx
        .selectFrom('marac_referrals as r')
        .innerJoin('partner_cases as c', 'c.id', 'r.partner_case_id')
        .innerJoin('partners as p', 'p.id', 'c.partner_id')
        .select(keySelections(columns))
        .where('r.id', '=', referralId)
        .where('r.organisation_id', '=', organisationId)
        .executeTakeFirst()
    : undefined;
  const start = key ? { key: keyValues(columns, key), backwards: cursor?.direction === 'before' } : null;
  return (await maracReferralPageQuery(trx, organisationId, filters, start, limit).execute()) as MaracReferralListRow[];
}

/** The query of a page as it runs (its plan is tested: actions-plans.test.ts). */
export function maracReferralPageQuery(
  trx: Trx,
  organisationId: string,
  filters: MaracReferralFilters,
  start: PageStart | null,
  limit: number,
) {
  let query = filtered(trx, organisationId, filters)
    .leftJoin('users as w', 'w.id', 'c.allocated_worker_id')
    .select([
      'r.id',
      sql<string>`r.referred_on::text`.as('referredOn'),
      'r.area',
      'r.status',
      'c.id as partnerCaseId',
      'c.reference',
      'p.given_name as givenName',
      'p.family_name as familyName',
      sql<string | null>`m.meets_on::text`.as('meetsOn'),
      sql<string | null>`COALESCE(d.judgement_level, d.score_level)`.as('level'),
      'w.display_name as workerName',
    ]);
  const columns = SORT_COLUMNS[filters.sort.by];
  if (start) {
    query = query.where(pastKey(columns, start.key, filters.sort.dir, start.backwards));
  }
  const direction = readDirection(filters.sort.dir, start?.backwards ?? false);
  for (const column of columns) {
    query = query.orderBy(sql.ref(column.ref), direction);
  }
  return query.limit(limit);
}

/** How many the filtered list holds, counted only up to `upTo`, in the list's order. */
export function maracReferralCountQuery(trx: Trx, organisationId: string, filters: MaracReferralFilters, upTo: number) {
  return trx
    .selectFrom(
      filtered(trx, organisationId, filters)
        .select('r.id')
        .orderBy('r.referred_on', 'desc')
        .orderBy('r.id', 'desc')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}
