// The SQL both caseloads are searched, filtered, sorted and paged with: one builder for his list and hers (migrations 0031, 0035, 0036).
import { sql, type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Trx } from '../db/database.js';
import type { PageCursor } from '../web/pagination.js';
import { prefixRange, type SearchTerms } from './caseload-terms.js';
import type { CaseloadFilters } from './caseload-params.js';
import type { CaseloadSort } from './caseload-sort.js';

/** The people searched: his side's people or hers, each with its search functions (migration 0035). */
export type SearchedPeople = 'participants' | 'partners';

/** What differs between his caseload and hers: the tables, where the reference is, and the filters only one side has. */
export type CaseloadSide = {
  people: SearchedPeople;
  cases: 'perpetrator_cases' | 'partner_cases';
  /** The case's column naming its person. */
  personColumn: 'participant_id' | 'partner_id';
  /** The reference searched and sorted by: his record's, or her case's. */
  reference: 'participants.reference' | 'partner_cases.reference';
  /**
   * The statuses a first-contact clock counts, written as in the partial indexes of migration 0024
   * (constants, not parameters, so the planner can match their predicate in any plan).
   */
  clockOpen: RawBuilder<unknown>;
  /** The cases whose latest risk level is `level`. */
  risk: (organisationId: string, level: string) => Expression<SqlBool>;
  /** The cases of the people in a group now, where the side has groups. */
  group: ((organisationId: string, groupId: string) => Expression<SqlBool>) | null;
};

/** A caseload as one request reads it: its filters, who asks, and what its search function found. */
export type CaseloadQuery = {
  filters: CaseloadFilters<string, string>;
  viewerId: string;
  /** His date of birth, phone and postcode may be searched (his side and management; always on her side). */
  contactVisible: boolean;
  /** A case opened on or before this day with no first attempt is overdue (null without the overdue filter). */
  overdueOpenedBy: string | null;
  /** The ids the search function found, run once for the request (null when the search needs no function). */
  found: readonly string[] | null;
};

/** Whether a search asks for what the viewer may not see of the person (then nothing is found by it). */
export function searchHidden(terms: SearchTerms, contactVisible: boolean): boolean {
  return !contactVisible && terms.kind !== 'reference' && (terms.kind !== 'name' || terms.year !== null);
}

/** The search function calls a search needs, one a term: a name word, a phone or a postcode (none for the rest). */
function searchCalls(people: SearchedPeople, terms: SearchTerms): Array<RawBuilder<unknown>> {
  const call = (search: 'named' | 'by_phone' | 'by_postcode', term: string) =>
    sql`${sql.raw(`app_${people}_${search}`)}(${term}::text)`;
  switch (terms.kind) {
    case 'name':
      return terms.words.map((word) => call('named', word));
    case 'phone':
      return [call('by_phone', terms.digits)];
    case 'postcode':
      return [call('by_postcode', terms.key)];
    default:
      return [];
  }
}

/**
 * The ids of the people a search finds, in one statement, once a request, in the caseloads' name
 * order: the page and its count are then both given them (`id = ANY ($1)`), rather than each
 * running the search again. Under row-level security PostgreSQL cannot drive a search from an
 * index whose function is not leakproof (trigrams, Double Metaphone, the phone and postcode keys),
 * so each search runs in a function of its own on its index (migration 0035; the caller's
 * organisation only; in name order since migration 0043) and the list keeps only the ids it
 * returns: `= ANY` is leakproof and read from the primary key, and the policies still decide which
 * rows the caller sees. Each name word must match: the first word's ids, in its order, that every
 * other word's function returns too. Null when the search needs no function (a reference, a date
 * of birth, no search at all).
 */
export async function findPeople(
  trx: Trx,
  people: SearchedPeople,
  terms: SearchTerms | null,
  contactVisible: boolean,
): Promise<string[] | null> {
  if (!terms || searchHidden(terms, contactVisible)) {
    return null;
  }
  const [first, ...others] = searchCalls(people, terms);
  if (!first) {
    return null;
  }
  const alsoFound = others.map((call) => sql`AND found.id IN (SELECT ${call})`);
  const { rows } = await sql<{ ids: string[] }>`SELECT ARRAY(
    SELECT found.id FROM ${first} WITH ORDINALITY AS found (id, n)
    WHERE true ${sql.join(alsoFound, sql` `)}
    ORDER BY found.n) AS ids`.execute(trx);
  return rows[0]?.ids ?? [];
}

/** The people a worker's scope keeps: allocated to the viewer, or to anyone sharing a team with the viewer. */
export function allocatedWithin(column: string, scope: 'mine' | 'team', viewerId: string): Expression<SqlBool> {
  if (scope === 'mine') {
    return sql<SqlBool>`${sql.ref(column)} = ${viewerId}::uuid`;
  }
  return sql<SqlBool>`${sql.ref(column)} IN (
    SELECT teammate.user_id FROM team_memberships AS own
    JOIN team_memberships AS teammate ON teammate.team_id = own.team_id
    WHERE own.user_id = ${viewerId}::uuid)`;
}

/** Every condition of a filtered caseload, as one list (joined with AND), each one the planner can drive from its own index. */
export function caseloadConditions(side: CaseloadSide, organisationId: string, query: CaseloadQuery): Array<Expression<SqlBool>> {
  const { filters, viewerId } = query;
  const cases = (column: string) => sql.ref(`${side.cases}.${column}`);
  const people = (column: string) => sql.ref(`${side.people}.${column}`);
  const found: Array<Expression<SqlBool>> = [];
  if (filters.scope !== 'all') {
    found.push(allocatedWithin(`${side.cases}.allocated_worker_id`, filters.scope, viewerId));
  }
  if (filters.status) {
    found.push(sql<SqlBool>`${cases('status')} = ${filters.status}`);
  }
  if (filters.worker) {
    found.push(sql<SqlBool>`${cases('allocated_worker_id')} = ${filters.worker}::uuid`);
  }
  if (filters.team) {
    found.push(sql<SqlBool>`${cases('allocated_worker_id')} IN (
      SELECT user_id FROM team_memberships WHERE team_id = ${filters.team}::uuid AND organisation_id = ${organisationId}::uuid)`);
  }
  if (filters.group && side.group) {
    found.push(side.group(organisationId, filters.group));
  }
  if (filters.risk) {
    found.push(side.risk(organisationId, filters.risk));
  }
  if (filters.overdue === 'first-contact') {
    found.push(sql<SqlBool>`(${cases('first_attempt_at')} IS NULL
      AND ${side.clockOpen}
      AND ${cases('opened_on')} <= ${query.overdueOpenedBy ?? '0001-01-01'}::date)`);
  }
  const terms = filters.search;
  if (!terms) {
    return found;
  }
  if (searchHidden(terms, query.contactVisible)) {
    // What the viewer may not see of the person is not searched: nothing is found by it.
    found.push(sql<SqlBool>`false`);
    return found;
  }
  if (query.found !== null) {
    // Given as an InitPlan's array (ARRAY(SELECT unnest(...))), as the search function's was: the
    // planner then reads the few people from the primary key. Handed the array itself it counts
    // its elements, guesses that a name's 2,000 ids are spread through the whole list, and reads
    // the list's index from the start checking each person against them (165 ms at 100,000).
    found.push(sql<SqlBool>`${people('id')} = ANY (ARRAY(SELECT unnest(${sql.val(query.found)}::uuid[])))`);
  }
  if (terms.kind === 'reference') {
    const { from, to } = prefixRange(terms.prefix);
    found.push(sql<SqlBool>`(${sql.ref(side.reference)} ~>=~ ${from} AND ${sql.ref(side.reference)} ~<~ ${to})`);
  } else if (terms.kind === 'birth') {
    found.push(sql<SqlBool>`${people('date_of_birth')} = ${terms.date}::date`);
  } else if (terms.kind === 'name' && terms.year !== null) {
    found.push(sql<SqlBool>`${people('date_of_birth')} >= ${`${terms.year}-01-01`}::date
      AND ${people('date_of_birth')} < ${`${terms.year + 1}-01-01`}::date`);
  }
  return found;
}

/**
 * A sort's key: the columns an index of the list reads in order (`lead`), and the case's id after
 * them where a person may hold two cases (a merged record) and the lead names the person only.
 */
function sortKey(side: CaseloadSide, by: CaseloadSort): { lead: string[]; tie: string | null } {
  const caseId = `${side.cases}.id`;
  switch (by) {
    case 'name':
      // participants_list_idx / partners_list_idx (migration 0020).
      return { lead: [`${side.people}.family_name`, `${side.people}.given_name`, `${side.people}.id`], tie: caseId };
    case 'reference':
      // The unique (organisation, reference) of his record or her case.
      return { lead: [side.reference], tie: side.reference === 'partner_cases.reference' ? null : caseId };
    case 'status':
      // *_cases_status_sort_idx (migration 0036).
      return { lead: [`${side.cases}.status`, `${side.cases}.updated_at`, caseId], tie: null };
    case 'updated':
      // *_cases_updated_sort_idx (migration 0036).
      return { lead: [`${side.cases}.updated_at`, caseId], tie: null };
  }
}

const columns = (names: string[]) =>
  sql.join(
    names.map((name) => sql.ref(name)),
    sql`, `,
  );

/**
 * A caseload's page in the order asked, after or before the row a cursor names (the person's id
 * and the case's id). The cursor row's key is read in the query itself (under row-level security,
 * so a row the caller cannot see gives no rows and the list starts again), compared as a row
 * with the index's columns so the scan starts just past it. The whole key is compared too where
 * the case's id follows the person's (a person with two cases).
 */
export function sortedPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  side: CaseloadSide,
  sort: { by: CaseloadSort; dir: 'asc' | 'desc' },
  cursor: PageCursor | null,
  limit: number,
): SelectQueryBuilder<DB, TB, O> {
  const { lead, tie } = sortKey(side, sort.by);
  const backwards = cursor?.direction === 'before';
  const direction = (sort.dir === 'desc') !== backwards ? 'desc' : 'asc';
  const [personId, caseId] = cursor?.ids ?? [];
  let sorted = query;
  if (personId && caseId) {
    const op = sql.raw(direction === 'asc' ? '>' : '<');
    const at = (names: string[]) => sql`(SELECT ${columns(names)}
      FROM ${sql.table(side.people)} JOIN ${sql.table(side.cases)} ON ${sql.ref(`${side.cases}.${side.personColumn}`)} = ${sql.ref(`${side.people}.id`)}
      WHERE ${sql.ref(`${side.people}.id`)} = ${personId}::uuid AND ${sql.ref(`${side.cases}.id`)} = ${caseId}::uuid)`;
    if (tie) {
      const whole = [...lead, tie];
      sorted = sorted
        .where(sql<SqlBool>`(${columns(lead)}) ${op}= ${at(lead)}`)
        .where(sql<SqlBool>`(${columns(whole)}) ${op} ${at(whole)}`);
    } else {
      sorted = sorted.where(sql<SqlBool>`(${columns(lead)}) ${op} ${at(lead)}`);
    }
  }
  for (const name of tie ? [...lead, tie] : lead) {
    sorted = sorted.orderBy(sql.ref(name), direction);
  }
  return sorted.limit(limit);
}

/**
 * How many a filtered caseload lists, counted only up to `upTo`: in the list's name order, so a
 * filter that keeps many reads the list's index and stops at the cap; in no order when a search
 * found the people (they are read from the primary key, and sorting them first only costs).
 */
export function cappedCount<DB, TB extends keyof DB, O>(
  trx: Trx,
  query: SelectQueryBuilder<DB, TB, O>,
  side: CaseloadSide,
  upTo: number,
  found: readonly string[] | null,
) {
  let listed = query.clearSelect().select(sql<string>`${sql.ref(`${side.cases}.id`)}`.as('id'));
  for (const name of found === null ? sortKey(side, 'name').lead : []) {
    listed = listed.orderBy(sql.ref(name));
  }
  return trx.selectFrom(listed.limit(upTo).as('listed')).select((eb) => eb.fn.countAll<string>().as('n'));
}
