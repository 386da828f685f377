// The referrals list searched, filtered and sorted: a page in the order asked for and its capped count, each order on an index.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ListScope } from '../access/index.js';
import type { Trx } from '../db/database.js';
import { allocatedWithin } from '../db/allocation.js';
import { prefixRange } from '../people/caseload-terms.js';
import type { PageCursor } from '../web/pagination.js';
import { referralRows, type ReferralRow } from './repository.js';
import type { ReferralFilters, ReferralSort } from './search.js';

/**
 * The ids of the men whose name has every word searched (typos by trigrams, other spellings by
 * sound), found once a request by the SECURITY DEFINER search function of migration 0035 on its
 * index (his organisation only): under row-level security the planner cannot drive a trigram or
 * sound-alike match from an index itself. The list then keeps `participants.id = ANY (ids)`, which
 * is leakproof, and the policies still decide which rows the caller sees. Only his side's people
 * are searched: never a partner.
 */
export async function participantsNamed(trx: Trx, words: readonly string[]): Promise<string[]> {
  // The trigram threshold pg_trgm's `%>` reads: low enough for one transposed pair of letters (as the caseloads).
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)`.execute(trx);
  const calls = words.map((word) => sql`SELECT app_participants_named(${word}::text)`);
  const { rows } = await sql<{ ids: string[] }>`SELECT ARRAY(${sql.join(calls, sql` INTERSECT `)}) AS ids`.execute(trx);
  return rows[0]?.ids ?? [];
}

/** His cases kept by a condition on their allocated worker, as the referrals naming him. */
function hisCaseWorker(org: string, condition: Expression<SqlBool>): Expression<SqlBool> {
  return sql<SqlBool>`referrals.participant_id IN (
    SELECT perpetrator_cases.participant_id FROM perpetrator_cases
    WHERE perpetrator_cases.organisation_id = ${org}::uuid AND ${condition})`;
}

/** A reference's start as a range of the pattern operators, read on its text_pattern_ops index (0031, 0037). */
function referenceFrom(column: string, prefix: string): Expression<SqlBool> {
  const { from, to } = prefixRange(prefix);
  return sql<SqlBool>`(${sql.ref(column)} ~>=~ ${from} AND ${sql.ref(column)} ~<~ ${to})`;
}

/** Every condition of the filtered list (joined with AND). Only his record is searched, never a partner's. */
function conditions(scope: ListScope, search: ReferralSearch): Array<Expression<SqlBool>> {
  const { filters, viewerId, named } = search;
  const org = scope.organisationId;
  const found: Array<Expression<SqlBool>> = [];
  if (filters.scope !== 'all') {
    const filter = { kind: filters.scope, userId: viewerId };
    found.push(hisCaseWorker(org, allocatedWithin('perpetrator_cases.allocated_worker_id', filter)));
  }
  if (filters.worker) {
    found.push(hisCaseWorker(org, sql<SqlBool>`perpetrator_cases.allocated_worker_id = ${filters.worker}::uuid`));
  }
  if (filters.status) {
    found.push(sql<SqlBool>`(SELECT history.to_status FROM referral_status_history AS history
      WHERE history.referral_id = referrals.id ORDER BY history.id DESC LIMIT 1) = ${filters.status}`);
  }
  if (filters.source) {
    found.push(sql<SqlBool>`referrals.source = ${filters.source}`);
  }
  if (filters.agency) {
    found.push(sql<SqlBool>`referrals.agency_type = ${filters.agency}`);
  }
  if (filters.area) {
    found.push(sql<SqlBool>`lower(referrals.area) = lower(${filters.area}::text)`);
  }
  if (filters.from) {
    found.push(sql<SqlBool>`referrals.received_on >= ${filters.from}::date`);
  }
  if (filters.to) {
    found.push(sql<SqlBool>`referrals.received_on <= ${filters.to}::date`);
  }
  const terms = filters.search;
  if (terms?.kind === 'reference') {
    // A referral's own reference, or his; any other kind (a partner case's) is nobody's here.
    found.push(
      terms.prefix.startsWith('RF-')
        ? referenceFrom('referrals.reference', terms.prefix)
        : terms.prefix.startsWith('PA-')
          ? referenceFrom('participants.reference', terms.prefix)
          : sql<SqlBool>`false`,
    );
  } else if (terms?.kind === 'birth') {
    found.push(sql<SqlBool>`participants.date_of_birth = ${terms.date}::date`);
  } else if (terms?.kind === 'name') {
    if (named !== null) {
      found.push(sql<SqlBool>`participants.id = ANY (${named}::uuid[])`);
    }
    if (terms.year !== null) {
      found.push(sql<SqlBool>`participants.date_of_birth >= ${`${terms.year}-01-01`}::date
        AND participants.date_of_birth < ${`${terms.year + 1}-01-01`}::date`);
    }
  } else if (terms) {
    // A phone number or a postcode: the list holds neither of his, and never reads anyone else's.
    found.push(sql<SqlBool>`false`);
  }
  return found;
}

/** The list's filters, who asks, and the men a name search found (null when it searched no name). */
export type ReferralSearch = { filters: ReferralFilters; viewerId: string; named: readonly string[] | null };

function filtered(trx: Trx, scope: ListScope, search: ReferralSearch) {
  const found = conditions(scope, search);
  return referralRows(trx)
    .where('referrals.organisation_id', '=', scope.organisationId)
    .where('participants.organisation_id', '=', scope.organisationId)
    .where((eb) => (found.length === 0 ? eb.lit(true) : eb.and(found)));
}

/** Each sort's key, in order, ending in a unique column: served by referrals_list_idx, the references' unique index, participants_list_idx. */
const SORT_COLUMNS: Record<ReferralSort, string[]> = {
  received: ['referrals.received_on', 'referrals.created_at', 'referrals.id'],
  reference: ['referrals.reference'],
  name: ['participants.family_name', 'participants.given_name', 'participants.id', 'referrals.id'],
};

/** The cursor's row's key at full precision (the recorded time as text), looked up under row-level security. */
async function sortKey(trx: Trx, scope: ListScope, sort: ReferralSort, referralId: string): Promise<RawBuilder<unknown> | null> {
  const row = await trx
    .selectFrom('referrals')
    .innerJoin('participants', 'participants.id', 'referrals.participant_id')
    .select([
      'referrals.received_on as receivedOn',
      sql<string>`referrals.created_at::text`.as('createdAt'),
      'referrals.reference',
      'participants.family_name as familyName',
      'participants.given_name as givenName',
      'participants.id as participantId',
    ])
    .where('referrals.id', '=', referralId)
    .where('referrals.organisation_id', '=', scope.organisationId)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  if (sort === 'received') {
    return sql`(${row.receivedOn}::date, ${row.createdAt}::timestamptz, ${referralId}::uuid)`;
  }
  if (sort === 'reference') {
    return sql`(${row.reference}::text)`;
  }
  return sql`(${row.familyName}::text, ${row.givenName}::text, ${row.participantId}::uuid, ${referralId}::uuid)`;
}

/**
 * One page of the filtered list in the order asked for, after or before the referral a cursor
 * names (its first id). Each filter is a condition checked along the order's index, or driven
 * from its own (his name's trigrams, a reference's range, a worker's cases) when it keeps few.
 */
export async function referralSearchPageQuery(
  trx: Trx,
  scope: ListScope,
  search: ReferralSearch,
  cursor: PageCursor | null,
  limit: number,
) {
  const { filters } = search;
  let query = filtered(trx, scope, search);
  const columns = SORT_COLUMNS[filters.sort];
  const backwards = cursor?.direction === 'before';
  const descending = (filters.dir === 'desc') !== backwards;
  const [referralId] = cursor?.ids ?? [];
  const at = referralId ? await sortKey(trx, scope, filters.sort, referralId) : null;
  if (at) {
    const row = sql`(${sql.join(columns.map((c) => sql.ref(c)))})`;
    query = query.where(descending ? sql<SqlBool>`${row} < ${at}` : sql<SqlBool>`${row} > ${at}`);
  }
  for (const column of columns) {
    query = query.orderBy(sql.ref(column), descending ? 'desc' : 'asc');
  }
  return query.limit(limit);
}

export async function searchReferrals(
  trx: Trx,
  scope: ListScope,
  search: ReferralSearch,
  cursor: PageCursor | null,
  limit: number,
): Promise<ReferralRow[]> {
  return (await (await referralSearchPageQuery(trx, scope, search, cursor, limit)).execute()) as ReferralRow[];
}

/** How many the filtered list holds, counted only up to `upTo`, in the list's order so it reads the order's index and stops at the cap. */
export function referralSearchCountQuery(trx: Trx, scope: ListScope, search: ReferralSearch, upTo: number) {
  let listed = filtered(trx, scope, search).clearSelect().select('referrals.id');
  for (const column of SORT_COLUMNS[search.filters.sort]) {
    listed = listed.orderBy(sql.ref(column), search.filters.dir);
  }
  return trx.selectFrom(listed.limit(upTo).as('listed')).select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countReferralSearch(trx: Trx, scope: ListScope, search: ReferralSearch, upTo: number): Promise<number> {
  return Number((await referralSearchCountQuery(trx, scope, search, upTo).executeTakeFirstOrThrow()).n);
}
