import { sql } from 'kysely';
import { allocatedWithin } from '../db/allocation.js';
import type { Trx } from '../db/database.js';
import type { ParticipantEventType } from '../db/schema.js';
import type { PageCursor } from '../web/pagination.js';
import { DUTY_EVENT_COLUMNS, type DutyRow } from './repository.js';

/*
 * The outstanding duties as a paged list (issue 11): partner_duties_outstanding (migration 0021)
 * holds one row per duty not yet done, kept by triggers, with its due date, so a page is an index
 * scan in (due date, case, event) order stopped by its LIMIT, for the organisation or for one
 * worker's cases. Each row is then joined by primary key for what the list shows.
 */

export type OutstandingScope = {
  organisationId: string;
  /** One worker's cases (on the worker's index). */
  workerId?: string;
  /** The cases of anyone in this user's teams. */
  teamOf?: string;
  /** Only the duties overdue on `today` (due before it), or only those not yet overdue. */
  overdue?: { today: string; overdue: boolean };
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
  return query;
}

/** The page query itself, unexecuted, so bench/explain-lists.ts can EXPLAIN exactly what runs. */
export async function outstandingDutyPageQuery(trx: Trx, scope: OutstandingScope, cursor: PageCursor | null, limit: number) {
  const [partnerCaseId, eventId] = cursor?.ids ?? [];
  const backwards = cursor?.direction === 'before';
  let page = outstandingIn(trx, scope).select(['o.partner_case_id', 'o.event_id', 'o.due_on']);
  if (partnerCaseId && eventId) {
    // The cursor's row under row-level security; one done or gone since pages from the start.
    const key = await outstandingIn(trx, scope)
      .select('o.due_on as dueOn')
      .where('o.partner_case_id', '=', partnerCaseId)
      .where('o.event_id', '=', eventId)
      .where('o.due_on', 'is not', null)
      .executeTakeFirst();
    if (key?.dueOn) {
      const row = sql`(o.due_on, o.partner_case_id, o.event_id)`;
      const at = sql`(${key.dueOn}::date, ${partnerCaseId}::uuid, ${eventId}::uuid)`;
      page = page.where(backwards ? sql<boolean>`${row} < ${at}` : sql<boolean>`${row} > ${at}`);
    }
  }
  const direction = backwards ? 'desc' : 'asc';
  const ordered = page
    .orderBy('o.due_on', direction)
    .orderBy('o.partner_case_id', direction)
    .orderBy('o.event_id', direction)
    .limit(limit);
  return trx
    .selectFrom(ordered.as('o'))
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
    ])
    .orderBy('o.due_on', direction)
    .orderBy('o.partner_case_id', direction)
    .orderBy('o.event_id', direction);
}

export async function listOutstandingDuties(
  trx: Trx,
  scope: OutstandingScope,
  cursor: PageCursor | null,
  limit: number,
): Promise<DutyRow[]> {
  return (await (await outstandingDutyPageQuery(trx, scope, cursor, limit)).execute()) as DutyRow[];
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
