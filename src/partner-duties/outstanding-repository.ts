import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { allocatedWithin } from '../db/allocation.js';
import type { Trx } from '../db/database.js';
import type { ParticipantEventType } from '../db/schema.js';
import { findPeople } from '../people/caseload-sql.js';
import { prefixRange, type SearchTerms } from '../people/caseload-terms.js';
import type { PageCursor } from '../web/pagination.js';
import type { ListSort } from '../web/sort-heading.js';
import { DUTY_EVENT_COLUMNS, type DutyRow } from './repository.js';
import type { DutySort } from './schemas.js';

/*
 * The outstanding duties as a paged list (issue 11): partner_duties_outstanding (migration 0021)
 * holds one row per duty not yet done, kept by triggers, with its due date, so a page is an index
 * scan in (due date, case, event) order stopped by its LIMIT, for the organisation or for one
 * worker's cases. Each row is then joined by primary key for what the list shows.
 *
 * Searched (issue 12) by the partner's name, found by the caseloads' search function (her ids,
 * src/people/caseload-sql.ts findPeople), or by her case's reference or its start; sorted by due
 * date, by the kind of duty (migration 0041's indexes) or by her name (across the join: the
 * organisation's or the worker's outstanding duties sorted, a few thousand rows at most).
 */

/** What the search box found: the partners named (and born in a year), the start of a case reference, or nothing. */
export type DutySearch =
  | { kind: 'partners'; ids: readonly string[] | null; year: number | null }
  | { kind: 'reference'; prefix: string }
  | { kind: 'nothing' };

export type OutstandingScope = {
  organisationId: string;
  /** One worker's cases (on the worker's index). */
  workerId?: string;
  /** The cases of anyone in this user's teams. */
  teamOf?: string;
  /** Only the duties overdue on `today` (due before it), or only those not yet overdue. */
  overdue?: { today: string; overdue: boolean };
  /** Only the duties of the cases the search found. */
  search?: DutySearch;
};

/** Rows whose due date is still to be filled in (new, or the due times changed), a batch at a time. */
export async function undatedDuties(
  trx: Trx,
  organisationId: string,
  limit: number,
): Promise<
  Array<{ partnerCaseId: string; eventId: string; eventType: ParticipantEventType; eventRecordedAt: Date; caseOpenedOn: string }>
> {
  return (
    trx
      .selectFrom('partner_duties_outstanding')
      .select([
        'partner_case_id as partnerCaseId',
        'event_id as eventId',
        'event_type as eventType',
        'event_recorded_at as eventRecordedAt',
        'case_opened_on as caseOpenedOn',
      ])
      .where('organisation_id', '=', organisationId)
      .where('due_on', 'is', null)
      .limit(limit)
      // Two pages read at once each date their own rows: neither waits for nor deadlocks on the other.
      .forUpdate()
      .skipLocked()
      .execute()
  );
}

export async function fillDueDates(
  trx: Trx,
  dated: Array<{ partnerCaseId: string; eventId: string; dueOn: string }>,
): Promise<void> {
  if (dated.length === 0) {
    return;
  }
  const values = sql.join(dated.map((d) => sql`(${d.partnerCaseId}::uuid, ${d.eventId}::uuid, ${d.dueOn}::date)`));
  await sql`
    UPDATE partner_duties_outstanding AS o SET due_on = v.due_on
    FROM (VALUES ${values}) AS v (partner_case_id, event_id, due_on)
    WHERE o.partner_case_id = v.partner_case_id AND o.event_id = v.event_id`.execute(trx);
}

/** The due times changed: every outstanding duty of the organisation is dated again when next listed. */
export async function clearDueDates(trx: Trx, organisationId: string): Promise<void> {
  await trx
    .updateTable('partner_duties_outstanding')
    .set({ due_on: null })
    .where('organisation_id', '=', organisationId)
    .where('due_on', 'is not', null)
    .execute();
}

/**
 * What a search finds, read once a request: a name by the caseloads' own search of the partner side
 * (typos and other spellings, migration 0035's function on its index); a reference as its start;
 * anything else (a date, a phone number, a postcode) finds nothing on this list.
 */
export async function dutySearch(trx: Trx, terms: SearchTerms): Promise<DutySearch> {
  if (terms.kind === 'reference') {
    return { kind: 'reference', prefix: terms.prefix };
  }
  if (terms.kind !== 'name') {
    return { kind: 'nothing' };
  }
  const ids = await findPeople(trx, 'partners', terms, true);
  return ids !== null && ids.length === 0 ? { kind: 'nothing' } : { kind: 'partners', ids, year: terms.year };
}

/** The cases a search keeps, as a condition on the outstanding duty's case (her case read by primary key or reference). */
function searched(organisationId: string, search: DutySearch): RawBuilder<SqlBool> {
  const org = sql`pc.organisation_id = ${organisationId}::uuid`;
  switch (search.kind) {
    case 'nothing':
      return sql<SqlBool>`false`;
    case 'reference': {
      // The pattern operators of partner_cases_search_reference_idx (leakproof, unlike LIKE).
      const { from, to } = prefixRange(search.prefix);
      return sql<SqlBool>`o.partner_case_id IN (SELECT pc.id FROM partner_cases AS pc
        WHERE ${org} AND pc.reference ~>=~ ${from} AND pc.reference ~<~ ${to})`;
    }
    case 'partners': {
      const found = [org];
      if (search.ids !== null) {
        // An InitPlan's array, as the caseloads give it: the few partners read from the primary key.
        found.push(sql`pc.partner_id = ANY (ARRAY(SELECT unnest(${sql.val(search.ids)}::uuid[])))`);
      }
      if (search.year !== null) {
        found.push(sql`pc.partner_id IN (SELECT pa.id FROM partners AS pa WHERE pa.organisation_id = ${organisationId}::uuid
          AND pa.date_of_birth >= ${`${search.year}-01-01`}::date AND pa.date_of_birth < ${`${search.year + 1}-01-01`}::date)`);
      }
      return sql<SqlBool>`o.partner_case_id IN (SELECT pc.id FROM partner_cases AS pc WHERE ${sql.join(found, sql` AND `)})`;
    }
  }
}

function outstandingIn(trx: Trx, scope: OutstandingScope) {
  let query = trx.selectFrom('partner_duties_outstanding as o').where('o.organisation_id', '=', scope.organisationId);
  if (scope.workerId) {
    query = query.where('o.allocated_worker_id', '=', scope.workerId);
  }
  if (scope.teamOf) {
    query = query.where(allocatedWithin('o.allocated_worker_id', { kind: 'team', userId: scope.teamOf }));
  }
  if (scope.overdue) {
    query = query.where('o.due_on', scope.overdue.overdue ? '<' : '>=', scope.overdue.today);
  }
  if (scope.search) {
    query = query.where(searched(scope.organisationId, scope.search));
  }
  return query;
}

type KeyColumn = { ref: string; cast: 'date' | 'text' | 'uuid' };
const DUE: KeyColumn = { ref: 'o.due_on', cast: 'date' };
const CASE: KeyColumn = { ref: 'o.partner_case_id', cast: 'uuid' };
const EVENT: KeyColumn = { ref: 'o.event_id', cast: 'uuid' };

/**
 * Each order's key, ending in the duty's own key (case, event) so every duty has one place. By due
 * date: partner_duties_outstanding_list_idx / _worker_idx (migration 0021). By kind: the event's
 * type, whose codes sort as their labels do (src/partner-duties/rules.ts), then due date (migration
 * 0041). By name: her family then given name, then her case and its duties by due date.
 */
const SORT_KEYS: Record<DutySort, KeyColumn[]> = {
  due: [DUE, CASE, EVENT],
  type: [{ ref: 'o.event_type', cast: 'text' }, DUE, CASE, EVENT],
  name: [{ ref: 'pa.family_name', cast: 'text' }, { ref: 'pa.given_name', cast: 'text' }, CASE, DUE, EVENT],
};

export const DEFAULT_DUTY_SORT: ListSort<DutySort> = { by: 'due', dir: 'asc' };

/** The outstanding duties with what the order's key reads: her case and her name for the order by name. */
function keyed(trx: Trx, scope: OutstandingScope, by: DutySort) {
  return outstandingIn(trx, scope).$if(by === 'name', (query) =>
    query.innerJoin('partner_cases as pc', 'pc.id', 'o.partner_case_id').innerJoin('partners as pa', 'pa.id', 'pc.partner_id'),
  );
}

const keyRow = (keys: KeyColumn[]) =>
  sql`(${sql.join(
    keys.map((k) => sql.ref(k.ref)),
    sql`, `,
  )})`;

/** The page query itself, unexecuted, so bench/explain-lists.ts can EXPLAIN exactly what runs. */
export async function outstandingDutyPageQuery(
  trx: Trx,
  scope: OutstandingScope,
  cursor: PageCursor | null,
  limit: number,
  sort: ListSort<DutySort> = DEFAULT_DUTY_SORT,
) {
  const keys = SORT_KEYS[sort.by];
  const [partnerCaseId, eventId] = cursor?.ids ?? [];
  const backwards = cursor?.direction === 'before';
  const direction = (sort.dir === 'desc') !== backwards ? 'desc' : 'asc';
  let page = keyed(trx, scope, sort.by).select(['o.partner_case_id', 'o.event_id', 'o.due_on', 'o.event_type']);
  if (partnerCaseId && eventId) {
    // The cursor's row and its key under row-level security; one done or gone since pages from the start.
    const key = (await keyed(trx, scope, sort.by)
      .select(keys.map((k, i) => sql<string>`${sql.ref(k.ref)}::text`.as(`k${i}`)))
      .where('o.partner_case_id', '=', partnerCaseId)
      .where('o.event_id', '=', eventId)
      .where('o.due_on', 'is not', null)
      .executeTakeFirst()) as Record<string, string | null> | undefined;
    if (key) {
      const at = sql`(${sql.join(
        keys.map((k, i) => sql`${key[`k${i}`]}::${sql.raw(k.cast)}`),
        sql`, `,
      )})`;
      page = page.where(direction === 'asc' ? sql<SqlBool>`${keyRow(keys)} > ${at}` : sql<SqlBool>`${keyRow(keys)} < ${at}`);
    }
  }
  let ordered = page;
  for (const k of keys) {
    ordered = ordered.orderBy(sql.ref(k.ref), direction);
  }
  let listed = trx
    .selectFrom(ordered.limit(limit).as('o'))
    .innerJoin('participant_events as ev', 'ev.id', 'o.event_id')
    .innerJoin('partner_cases as pc', 'pc.id', 'o.partner_case_id')
    .innerJoin('partners as pa', 'pa.id', 'pc.partner_id')
    .innerJoin('participants as p', 'p.id', 'ev.participant_id')
    .select([
      ...DUTY_EVENT_COLUMNS,
      sql<null>`NULL::uuid`.as('recordId'),
      sql<null>`NULL::text`.as('outcome'),
      sql<null>`NULL::text`.as('method'),
      sql<null>`NULL::timestamptz`.as('toldAt'),
      sql<null>`NULL::text`.as('reason'),
      sql<null>`NULL::text`.as('note'),
      sql<null>`NULL::timestamptz`.as('recordedAt'),
      sql<null>`NULL::text`.as('recordedByName'),
    ]);
  for (const k of keys) {
    listed = listed.orderBy(sql.ref(k.ref), direction);
  }
  return listed;
}

export async function listOutstandingDuties(
  trx: Trx,
  scope: OutstandingScope,
  cursor: PageCursor | null,
  limit: number,
  sort: ListSort<DutySort> = DEFAULT_DUTY_SORT,
): Promise<DutyRow[]> {
  return (await (await outstandingDutyPageQuery(trx, scope, cursor, limit, sort)).execute()) as DutyRow[];
}

/** How many duties are outstanding, counted only up to `upTo` on the list's own index. */
export function outstandingDutyCountQuery(trx: Trx, scope: OutstandingScope, upTo: number) {
  return trx
    .selectFrom(
      outstandingIn(trx, scope)
        .select('o.event_id')
        .orderBy('o.due_on')
        .orderBy('o.partner_case_id')
        .orderBy('o.event_id')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countOutstandingDuties(trx: Trx, scope: OutstandingScope, upTo: number): Promise<number> {
  return Number((await outstandingDutyCountQuery(trx, scope, upTo).executeTakeFirstOrThrow()).n);
}
