import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { PageCursor } from '../web/pagination.js';
import type { ListSort } from '../web/sort-heading.js';
import { keySelections, keyValues, pastKey, readDirection, type KeyColumn } from './keyset-order.js';
import type { MaracMeetingSort } from './schemas.js';

/* SQL for MARAC meetings by area and date, and the local escalation setting (partner side and management). */

export async function findCalloutThreshold(trx: Trx, organisationId: string): Promise<number | undefined> {
  const row = await trx
    .selectFrom('risk_settings')
    .select('marac_callout_threshold as threshold')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.threshold;
}

export async function saveCalloutThreshold(trx: Trx, organisationId: string, threshold: number, userId: string): Promise<void> {
  await trx
    .insertInto('risk_settings')
    .values({ organisation_id: organisationId, marac_callout_threshold: threshold, updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('organisation_id')
        .doUpdateSet({ marac_callout_threshold: threshold, updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

export type MeetingRow = { id: string; organisationId: string; area: string; meetsOn: string; referralCount: number };

const meetings = (trx: Trx) =>
  trx
    .selectFrom('marac_meetings as m')
    .select((eb) => [
      'm.id',
      'm.organisation_id as organisationId',
      'm.area',
      'm.meets_on as meetsOn',
      eb
        .selectFrom('marac_referrals as r')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('r.marac_meeting_id', '=', 'm.id')
        .as('referralCount'),
    ]);

const toMeeting = (row: { id: string; organisationId: string; area: string; meetsOn: string; referralCount: string | null }) => ({
  ...row,
  referralCount: Number(row.referralCount ?? 0),
});

/** Meetings on or after `from` and on or before `to` (either null for no bound). */
export type MeetingDates = { from: string | null; to: string | null };
const ANY_DATE: MeetingDates = { from: null, to: null };

/** The organisation's meetings by area and date (then id), optionally for some areas and between two dates. */
function meetingsIn(trx: Trx, organisationId: string, areas: readonly string[] | null, dates: MeetingDates = ANY_DATE) {
  let query = trx.selectFrom('marac_meetings as m').where('m.organisation_id', '=', organisationId);
  if (dates.from) {
    query = query.where('m.meets_on', '>=', dates.from);
  }
  if (dates.to) {
    query = query.where('m.meets_on', '<=', dates.to);
  }
  if (areas === null) {
    return query;
  }
  return areas.length === 0 ? query.where(sql<boolean>`false`) : query.where('m.area', 'in', [...areas]);
}

/** The meetings' orders: by area (then date), on marac_meetings_list_idx, or by date alone (an organisation's meetings are few). */
const MEETING_SORT_COLUMNS: Record<MaracMeetingSort, KeyColumn[]> = {
  area: [
    { ref: 'm.area', type: 'text' },
    { ref: 'm.meets_on', type: 'date' },
    { ref: 'm.id', type: 'uuid' },
  ],
  date: [
    { ref: 'm.meets_on', type: 'date' },
    { ref: 'm.area', type: 'text' },
    { ref: 'm.id', type: 'uuid' },
  ],
};

/** The list's own order: by area, A to Z, then date. */
export const DEFAULT_MEETING_SORT: ListSort<MaracMeetingSort> = { by: 'area', dir: 'asc' };

/**
 * A page of meetings in the order asked for (by default area, date, id, on marac_meetings_list_idx), after or
 * before the meeting a cursor names (looked up by id under row-level security; one gone or out of
 * sight pages from the start). `areas` are exact area names, as listAreas gives them: an area
 * filter matched whatever the case is resolved to those first, so the index serves it.
 * Unexecuted, so bench/explain-lists.ts can EXPLAIN exactly what runs.
 */
export async function meetingPageQuery(
  trx: Trx,
  organisationId: string,
  areas: readonly string[] | null,
  cursor: PageCursor | null,
  limit: number,
  dates: MeetingDates = ANY_DATE,
  sort: ListSort<MaracMeetingSort> = DEFAULT_MEETING_SORT,
) {
  const columns = MEETING_SORT_COLUMNS[sort.by];
  const [meetingId] = cursor?.ids ?? [];
  const backwards = cursor?.direction === 'before';
  let ids = meetingsIn(trx, organisationId, areas, dates).select('m.id');
  if (meetingId) {
    const key = await meetingsIn(trx, organisationId, areas)
      .select(keySelections(columns))
      .where('m.id', '=', meetingId)
      .executeTakeFirst();
    if (key) {
      ids = ids.where(pastKey(columns, keyValues(columns, key), sort.dir, backwards));
    }
  }
  const direction = readDirection(sort.dir, backwards);
  for (const column of columns) {
    ids = ids.orderBy(sql.ref(column.ref), direction);
  }
  let page = meetings(trx).where('m.id', 'in', ids.limit(limit));
  for (const column of columns) {
    page = page.orderBy(sql.ref(column.ref), direction);
  }
  return page;
}

export async function listMeetingPage(
  trx: Trx,
  organisationId: string,
  areas: readonly string[] | null,
  cursor: PageCursor | null,
  limit: number,
  dates: MeetingDates = ANY_DATE,
  sort: ListSort<MaracMeetingSort> = DEFAULT_MEETING_SORT,
): Promise<MeetingRow[]> {
  const rows = await (await meetingPageQuery(trx, organisationId, areas, cursor, limit, dates, sort)).execute();
  return rows.map(toMeeting);
}

/** How many meetings there are (in the areas given), counted only up to `upTo` on the list's index. */
export function meetingCountQuery(
  trx: Trx,
  organisationId: string,
  areas: readonly string[] | null,
  upTo: number,
  dates: MeetingDates = ANY_DATE,
) {
  return trx
    .selectFrom(
      meetingsIn(trx, organisationId, areas, dates)
        .select('m.id')
        .orderBy('m.area')
        .orderBy('m.meets_on')
        .orderBy('m.id')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countMeetings(
  trx: Trx,
  organisationId: string,
  areas: readonly string[] | null,
  upTo: number,
  dates: MeetingDates = ANY_DATE,
): Promise<number> {
  return Number((await meetingCountQuery(trx, organisationId, areas, upTo, dates).executeTakeFirstOrThrow()).n);
}

/** Meetings of an area from a date on, by date (for choosing one on a referral): one area, bounded by the date. */
export async function listMeetings(
  trx: Trx,
  organisationId: string,
  filter: { area?: string | null; from?: string | null },
): Promise<MeetingRow[]> {
  let query = meetings(trx).where('m.organisation_id', '=', organisationId);
  if (filter.area) {
    query = query.where((eb) => eb(eb.fn('lower', ['m.area']), '=', filter.area?.toLowerCase() ?? ''));
  }
  if (filter.from) {
    query = query.where('m.meets_on', '>=', filter.from);
  }
  const rows = await query.orderBy('m.area').orderBy('m.meets_on').execute();
  return rows.map(toMeeting);
}

export async function findMeeting(trx: Trx, meetingId: string): Promise<MeetingRow | undefined> {
  const row = await meetings(trx).where('m.id', '=', meetingId).executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

/**
 * The organisation's areas, in order: a loose index scan of marac_meetings_list_idx (one probe per
 * area) rather than a read of every meeting.
 */
export async function listAreas(trx: Trx, organisationId: string): Promise<string[]> {
  const result = await sql<{ area: string }>`
    WITH RECURSIVE areas(area) AS (
      (SELECT area FROM marac_meetings WHERE organisation_id = ${organisationId} ORDER BY area LIMIT 1)
      UNION ALL
      SELECT (SELECT m.area FROM marac_meetings m
              WHERE m.organisation_id = ${organisationId} AND m.area > areas.area ORDER BY m.area LIMIT 1)
      FROM areas WHERE areas.area IS NOT NULL
    )
    SELECT area FROM areas WHERE area IS NOT NULL`.execute(trx);
  return result.rows.map((r) => r.area);
}

export async function findMeetingOn(trx: Trx, organisationId: string, area: string, meetsOn: string) {
  return trx
    .selectFrom('marac_meetings')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('area', '=', area)
    .where('meets_on', '=', meetsOn)
    .executeTakeFirst();
}

export async function insertMeeting(
  trx: Trx,
  values: { organisationId: string; area: string; meetsOn: string; createdBy: string },
): Promise<string> {
  const row = await trx
    .insertInto('marac_meetings')
    .values({ organisation_id: values.organisationId, area: values.area, meets_on: values.meetsOn, created_by: values.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
