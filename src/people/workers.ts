import type { Trx } from '../db/database.js';
import type { Side } from '../db/schema.js';

export type WorkerOption = { id: string; displayName: string };

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
