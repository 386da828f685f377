import { sql, type Insertable, type Updateable } from 'kysely';
import type { Trx } from '../../db/database.js';
import type {
  FacilitatorRole,
  GroupIntake,
  GroupStatus,
  ProgrammeGroupsTable,
  ProgrammeKind,
  ProgrammeSide,
} from '../../db/schema.js';
import type { PageCursor } from '../../web/pagination.js';
import { CURRENT_ENROLMENT_STATUSES } from '../labels.js';

export type GroupRow = {
  id: string;
  organisationId: string;
  programmeId: string;
  programmeName: string;
  programmeKind: ProgrammeKind;
  side: ProgrammeSide;
  name: string;
  intake: GroupIntake;
  venueId: string | null;
  venueName: string | null;
  dayOfWeek: number;
  startTime: string;
  durationMinutes: number;
  capacity: number;
  startDate: string;
  interpreterLanguage: string | null;
  status: GroupStatus;
  /** Men placed in the group whose enrolment still holds a place (waiting to start, on the programme, suspended). */
  memberCount: number;
};

/** The latest status of an enrolment, from its append-only history. */
export const latestEnrolmentStatus = sql<string>`(
  SELECT h.to_status FROM enrolment_status_history h
  WHERE h.enrolment_id = programme_enrolments.id ORDER BY h.id DESC LIMIT 1)`;

function groups(trx: Trx) {
  return trx
    .selectFrom('programme_groups')
    .innerJoin('programmes', 'programmes.id', 'programme_groups.programme_id')
    .leftJoin('venues', 'venues.id', 'programme_groups.venue_id')
    .select((eb) => [
      'programme_groups.id',
      'programme_groups.organisation_id as organisationId',
      'programme_groups.programme_id as programmeId',
      'programmes.name as programmeName',
      'programmes.kind as programmeKind',
      'programme_groups.side',
      'programme_groups.name',
      'programme_groups.intake',
      'programme_groups.venue_id as venueId',
      'venues.name as venueName',
      'programme_groups.day_of_week as dayOfWeek',
      'programme_groups.start_time as startTime',
      'programme_groups.duration_minutes as durationMinutes',
      'programme_groups.capacity',
      'programme_groups.start_date as startDate',
      'programme_groups.interpreter_language as interpreterLanguage',
      'programme_groups.status',
      eb
        .selectFrom('programme_enrolments')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('programme_enrolments.group_id', '=', 'programme_groups.id')
        .where(latestEnrolmentStatus, 'in', CURRENT_ENROLMENT_STATUSES)
        .$asScalar()
        .$notNull()
        .as('memberCount'),
    ]);
}

export async function listGroups(
  trx: Trx,
  organisationId: string,
  sides: ProgrammeSide[],
  filter: { programmeId?: string } = {},
): Promise<GroupRow[]> {
  if (sides.length === 0) {
    return [];
  }
  let query = groups(trx)
    .where('programme_groups.organisation_id', '=', organisationId)
    .where('programme_groups.side', 'in', sides)
    .orderBy(sql`programme_groups.status IN ('finished', 'cancelled')`)
    .orderBy('programme_groups.start_date', 'desc')
    .orderBy('programme_groups.name');
  if (filter.programmeId) {
    query = query.where('programme_groups.programme_id', '=', filter.programmeId);
  }
  return query.execute();
}

/** Running and planned groups before finished and cancelled ones: the first column of the list's order. */
const isOver = sql<boolean>`programme_groups.status IN ('finished', 'cancelled')`;

function groupsIn(trx: Trx, organisationId: string, sides: ProgrammeSide[]) {
  return trx
    .selectFrom('programme_groups')
    .where('programme_groups.organisation_id', '=', organisationId)
    .where('programme_groups.side', 'in', sides);
}

/**
 * A page of groups in the list's order (running and planned first, newest start first, then name
 * and id) on programme_groups_list_idx, after or before the group a cursor names (looked up by id
 * under row-level security; one out of sight pages from the start). The order mixes directions, so
 * the cursor's condition is spelled out column by column; its first column bounds the index scan.
 * Unexecuted, so bench/explain-lists.ts can EXPLAIN exactly what runs.
 */
export async function groupPageQuery(
  trx: Trx,
  organisationId: string,
  sides: ProgrammeSide[],
  cursor: PageCursor | null,
  limit: number,
) {
  const [groupId] = cursor?.ids ?? [];
  const backwards = cursor?.direction === 'before';
  let ids = groupsIn(trx, organisationId, sides).select('programme_groups.id');
  if (groupId) {
    const key = await groupsIn(trx, organisationId, sides)
      .select([isOver.as('over'), 'programme_groups.start_date as startDate', 'programme_groups.name'])
      .where('programme_groups.id', '=', groupId)
      .executeTakeFirst();
    if (key) {
      const over = sql`${key.over}::boolean`;
      const startDate = sql`${key.startDate}::date`;
      const nameAndId = sql`(${key.name}::text, ${groupId}::uuid)`;
      const row = sql`(programme_groups.name, programme_groups.id)`;
      ids = ids.where(
        backwards
          ? sql<boolean>`${isOver} <= ${over} AND (${isOver} < ${over} OR programme_groups.start_date > ${startDate}
              OR (programme_groups.start_date = ${startDate} AND ${row} < ${nameAndId}))`
          : sql<boolean>`${isOver} >= ${over} AND (${isOver} > ${over} OR programme_groups.start_date < ${startDate}
              OR (programme_groups.start_date = ${startDate} AND ${row} > ${nameAndId}))`,
      );
    }
  }
  const asc = backwards ? 'desc' : 'asc';
  const desc = backwards ? 'asc' : 'desc';
  const page = ids
    .orderBy(isOver, asc)
    .orderBy('programme_groups.start_date', desc)
    .orderBy('programme_groups.name', asc)
    .orderBy('programme_groups.id', asc)
    .limit(limit);
  return groups(trx)
    .where('programme_groups.id', 'in', page)
    .orderBy(isOver, asc)
    .orderBy('programme_groups.start_date', desc)
    .orderBy('programme_groups.name', asc)
    .orderBy('programme_groups.id', asc);
}

export async function listGroupPage(
  trx: Trx,
  organisationId: string,
  sides: ProgrammeSide[],
  cursor: PageCursor | null,
  limit: number,
): Promise<GroupRow[]> {
  if (sides.length === 0) {
    return [];
  }
  return (await groupPageQuery(trx, organisationId, sides, cursor, limit)).execute();
}

/** How many groups the sides given hold, counted only up to `upTo` on the list's index. */
export function groupCountQuery(trx: Trx, organisationId: string, sides: ProgrammeSide[], upTo: number) {
  return trx
    .selectFrom(
      groupsIn(trx, organisationId, sides)
        .select('programme_groups.id')
        .orderBy(isOver)
        .orderBy('programme_groups.start_date', 'desc')
        .orderBy('programme_groups.name')
        .orderBy('programme_groups.id')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countGroups(trx: Trx, organisationId: string, sides: ProgrammeSide[], upTo: number): Promise<number> {
  if (sides.length === 0) {
    return 0;
  }
  return Number((await groupCountQuery(trx, organisationId, sides, upTo).executeTakeFirstOrThrow()).n);
}

export async function findGroup(trx: Trx, id: string): Promise<GroupRow | undefined> {
  return groups(trx).where('programme_groups.id', '=', id).executeTakeFirst();
}

/** Names are unique within one side of the wall (migration 0010): his side never learns hers. */
export async function groupNameTaken(
  trx: Trx,
  organisationId: string,
  side: ProgrammeSide,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  let query = trx
    .selectFrom('programme_groups')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('side', '=', side)
    .where('name', '=', name);
  if (exceptId) {
    query = query.where('id', '!=', exceptId);
  }
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertGroup(trx: Trx, values: Insertable<ProgrammeGroupsTable>): Promise<string> {
  const row = await trx.insertInto('programme_groups').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateGroup(trx: Trx, id: string, values: Updateable<ProgrammeGroupsTable>): Promise<void> {
  await trx
    .updateTable('programme_groups')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export type FacilitatorRow = { userId: string; displayName: string; role: FacilitatorRole };

export async function listGroupFacilitators(trx: Trx, groupId: string): Promise<FacilitatorRow[]> {
  return trx
    .selectFrom('group_facilitators')
    .innerJoin('users', 'users.id', 'group_facilitators.user_id')
    .select(['group_facilitators.user_id as userId', 'users.display_name as displayName', 'group_facilitators.role'])
    .where('group_facilitators.group_id', '=', groupId)
    .orderBy('group_facilitators.role', 'desc')
    .orderBy('users.display_name')
    .execute();
}

export async function insertGroupFacilitator(
  trx: Trx,
  values: { groupId: string; userId: string; organisationId: string; side: ProgrammeSide; role: FacilitatorRole },
): Promise<void> {
  await trx
    .insertInto('group_facilitators')
    .values({
      group_id: values.groupId,
      user_id: values.userId,
      organisation_id: values.organisationId,
      side: values.side,
      role: values.role,
    })
    .execute();
}

export async function deleteGroupFacilitator(trx: Trx, groupId: string, userId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('group_facilitators')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Holds the group while a place is taken, so two placements at once cannot both take the last place. */
export async function lockGroup(trx: Trx, id: string): Promise<void> {
  await trx.selectFrom('programme_groups').select('id').where('id', '=', id).forUpdate().execute();
}
