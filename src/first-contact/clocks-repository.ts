// The first-contact clocks: her cases and his not yet attempted or not yet reached, their counts and the on-time measure.
import { sql } from 'kysely';
import { allocatedWithin, type AllocationFilter } from '../db/allocation.js';
import type { Trx } from '../db/database.js';

export type ClockRow = {
  caseId: string;
  reference: string;
  name: string;
  openedOn: string;
  workerName: string | null;
  firstAttemptAt: Date | null;
  reachedAt: Date | null;
};

/** A day of the measured window and the instant a first attempt for a case opened that day was due by. */
export type ClockDeadline = { openedOn: string; dueBy: Date };
export type ClockKpiRow = { opened: number; onTime: number };

/** Which of a clock's lists: no attempt yet, or attempted and not yet reached. */
export type ClockList = 'due' | 'awaiting';

/*
 * The first-contact clocks read the stored first attempt and first contact of each case (kept by
 * the triggers of migration 0024) on partial indexes in the clocks' order, oldest opened first:
 * a page of each list, a count up to a cap, and the cases opened since the start of the
 * measured window. Nothing here reads every open case of the organisation.
 */
function partnerClockQuery(trx: Trx, organisationId: string) {
  return trx
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .where('partner_cases.organisation_id', '=', organisationId)
    .where('partner_cases.status', 'not in', ['closed', 'not_engaged'])
    .where('partners.merged_into', 'is', null);
}

function partnerClockList(trx: Trx, organisationId: string, list: ClockList) {
  const query = partnerClockQuery(trx, organisationId);
  return list === 'due'
    ? query.where('partner_cases.first_attempt_at', 'is', null)
    : query.where('partner_cases.first_attempt_at', 'is not', null).where('partner_cases.reached_at', 'is', null);
}

function participantClockQuery(trx: Trx, organisationId: string) {
  return trx
    .selectFrom('perpetrator_cases')
    .innerJoin('participants', 'participants.id', 'perpetrator_cases.participant_id')
    .where('perpetrator_cases.organisation_id', '=', organisationId)
    .where('perpetrator_cases.status', 'in', ['referred', 'assessment'])
    .where('participants.merged_into', 'is', null);
}

function participantClockList(trx: Trx, organisationId: string, list: ClockList) {
  const query = participantClockQuery(trx, organisationId);
  return list === 'due'
    ? query.where('perpetrator_cases.first_attempt_at', 'is', null)
    : query.where('perpetrator_cases.first_attempt_at', 'is not', null).where('perpetrator_cases.reached_at', 'is', null);
}

/** Her cases on one of the clock's lists, oldest opened first, at most `limit`. */
export async function partnerClockPage(trx: Trx, organisationId: string, list: ClockList, limit: number): Promise<ClockRow[]> {
  return partnerClockList(trx, organisationId, list)
    .leftJoin('users', 'users.id', 'partner_cases.allocated_worker_id')
    .select([
      'partner_cases.id as caseId',
      'partner_cases.reference',
      sql<string>`partners.given_name || ' ' || partners.family_name`.as('name'),
      'partner_cases.opened_on as openedOn',
      'users.display_name as workerName',
      'partner_cases.first_attempt_at as firstAttemptAt',
      'partner_cases.reached_at as reachedAt',
    ])
    .orderBy('partner_cases.opened_on')
    .orderBy('partner_cases.id')
    .limit(limit)
    .execute();
}

/** How many of her cases are on one of the clock's lists, counted only up to `upTo`. */
export async function countPartnerClock(trx: Trx, organisationId: string, list: ClockList, upTo: number): Promise<number> {
  const row = await trx
    .selectFrom(partnerClockList(trx, organisationId, list).select('partner_cases.id').limit(upTo).as('listed'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The measured window: of her open cases opened on each of the given days, how many there are and
 * how many had a first attempt before that day's deadline (the instant the first attempt was due
 * by: the end of its due day in London). One row back, however many cases the window holds.
 */
export async function partnerClockKpi(trx: Trx, organisationId: string, deadlines: ClockDeadline[]): Promise<ClockKpiRow> {
  if (deadlines.length === 0) {
    return { opened: 0, onTime: 0 };
  }
  const row = await partnerClockQuery(trx, organisationId)
    .innerJoin(deadlineTable(deadlines), (join) => join.onRef('deadline.opened_on', '=', 'partner_cases.opened_on'))
    .select((eb) => [
      eb.fn.countAll<string>().as('opened'),
      sql<string>`count(*) FILTER (WHERE partner_cases.first_attempt_at < deadline.due_by)`.as('onTime'),
    ])
    .executeTakeFirstOrThrow();
  return { opened: Number(row.opened), onTime: Number(row.onTime) };
}

/** His cases (referred or in assessment) on one of the clock's lists, oldest opened first, at most `limit`. */
export async function participantClockPage(
  trx: Trx,
  organisationId: string,
  list: ClockList,
  limit: number,
): Promise<ClockRow[]> {
  return participantClockList(trx, organisationId, list)
    .leftJoin('users', 'users.id', 'perpetrator_cases.allocated_worker_id')
    .select([
      // His clock links to his record, so the row carries his participant id.
      'participants.id as caseId',
      'participants.reference',
      sql<string>`participants.given_name || ' ' || participants.family_name`.as('name'),
      'perpetrator_cases.opened_on as openedOn',
      'users.display_name as workerName',
      'perpetrator_cases.first_attempt_at as firstAttemptAt',
      'perpetrator_cases.reached_at as reachedAt',
    ])
    .orderBy('perpetrator_cases.opened_on')
    .orderBy('perpetrator_cases.id')
    .limit(limit)
    .execute();
}

/** How many of his cases are on one of the clock's lists, counted only up to `upTo`. */
export async function countParticipantClock(trx: Trx, organisationId: string, list: ClockList, upTo: number): Promise<number> {
  const row = await trx
    .selectFrom(participantClockList(trx, organisationId, list).select('perpetrator_cases.id').limit(upTo).as('listed'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The measured window of his clock: as `partnerClockKpi`, for his cases referred or in assessment. */
export async function participantClockKpi(trx: Trx, organisationId: string, deadlines: ClockDeadline[]): Promise<ClockKpiRow> {
  if (deadlines.length === 0) {
    return { opened: 0, onTime: 0 };
  }
  const row = await participantClockQuery(trx, organisationId)
    .innerJoin(deadlineTable(deadlines), (join) => join.onRef('deadline.opened_on', '=', 'perpetrator_cases.opened_on'))
    .select((eb) => [
      eb.fn.countAll<string>().as('opened'),
      sql<string>`count(*) FILTER (WHERE perpetrator_cases.first_attempt_at < deadline.due_by)`.as('onTime'),
    ])
    .executeTakeFirstOrThrow();
  return { opened: Number(row.opened), onTime: Number(row.onTime) };
}

/** The window's days and deadlines as a table of values to join on the day a case opened. */
function deadlineTable(deadlines: ClockDeadline[]) {
  const rows = deadlines.map((d) => sql`(${d.openedOn}::date, ${d.dueBy}::timestamptz)`);
  return sql<{ opened_on: string; due_by: Date }>`(VALUES ${sql.join(rows)})`.as(sql`deadline(opened_on, due_by)`);
}

/**
 * How many cases with no attempt yet were opened on or before `openedOnOrBefore` (so their first
 * attempt is overdue), among the cases allocated within `allocation`, counted only up to `upTo`:
 * on the clock's index for the organisation, or on the worker's (migration 0032) for mine and my team.
 */
export function overdueFirstContactCountQuery(
  trx: Trx,
  side: 'partner' | 'participant',
  organisationId: string,
  openedOnOrBefore: string,
  allocation: AllocationFilter,
  upTo: number,
) {
  const listed =
    side === 'partner'
      ? partnerClockList(trx, organisationId, 'due')
          .where('partner_cases.opened_on', '<=', openedOnOrBefore)
          .where(allocatedWithin('partner_cases.allocated_worker_id', allocation))
          .select('partner_cases.id')
          .limit(upTo)
      : participantClockList(trx, organisationId, 'due')
          .where('perpetrator_cases.opened_on', '<=', openedOnOrBefore)
          .where(allocatedWithin('perpetrator_cases.allocated_worker_id', allocation))
          .select('perpetrator_cases.id')
          .limit(upTo);
  return trx.selectFrom(listed.as('listed')).select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countOverdueFirstContacts(...args: Parameters<typeof overdueFirstContactCountQuery>): Promise<number> {
  return Number((await overdueFirstContactCountQuery(...args).executeTakeFirstOrThrow()).n);
}
