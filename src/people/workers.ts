import type { Trx } from '../db/database.js';
import type { Side } from '../db/schema.js';

export type WorkerOption = { id: string; displayName: string };
export type AllocationOption = WorkerOption & { openCases: number };

/** Active users of the organisation in a team on one of `sides`: who a case may be allocated to. */
export async function workersOnSides(trx: Trx, organisationId: string, sides: Side[]): Promise<WorkerOption[]> {
  return trx
    .selectFrom('users')
    .innerJoin('team_memberships', 'team_memberships.user_id', 'users.id')
    .innerJoin('teams', 'teams.id', 'team_memberships.team_id')
    .select(['users.id', 'users.display_name as displayName'])
    .distinct()
    .where('users.organisation_id', '=', organisationId)
    .where('users.active', '=', true)
    .where('teams.side', 'in', sides)
    .orderBy('users.display_name')
    .execute();
}

const CLOSED_PERPETRATOR_STATUSES = ['completed', 'dropped_out', 'excluded', 'closed'] as const;

/**
 * Each eligible worker with their open caseload on one side of the wall, shown when allocating.
 * Partner cases are counted only for the partner side's own allocation (row-level security hides
 * them from anyone else anyway).
 */
export async function allocationOptions(
  trx: Trx,
  organisationId: string,
  caseload: 'perpetrator' | 'partner',
): Promise<AllocationOption[]> {
  const sides: Side[] = caseload === 'perpetrator' ? ['perpetrator', 'management'] : ['partner', 'management'];
  const workers = await workersOnSides(trx, organisationId, sides);
  const counts =
    caseload === 'perpetrator'
      ? await trx
          .selectFrom('perpetrator_cases')
          .select(['allocated_worker_id as workerId', (eb) => eb.fn.countAll<string>().as('n')])
          .where('organisation_id', '=', organisationId)
          .where('status', 'not in', CLOSED_PERPETRATOR_STATUSES)
          .where('allocated_worker_id', 'is not', null)
          .groupBy('allocated_worker_id')
          .execute()
      : await trx
          .selectFrom('partner_cases')
          .select(['allocated_worker_id as workerId', (eb) => eb.fn.countAll<string>().as('n')])
          .where('organisation_id', '=', organisationId)
          .where('status', '!=', 'closed')
          .where('allocated_worker_id', 'is not', null)
          .groupBy('allocated_worker_id')
          .execute();
  const byWorker = new Map(counts.map((c) => [c.workerId, Number(c.n)]));
  return workers.map((w) => ({ ...w, openCases: byWorker.get(w.id) ?? 0 }));
}

export function allocationLabel(option: AllocationOption): string {
  return `${option.displayName} (${option.openCases} open ${option.openCases === 1 ? 'case' : 'cases'})`;
}
