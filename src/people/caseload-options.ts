import type { Trx } from '../db/database.js';
import type { Side } from '../db/schema.js';

export type TeamOption = { id: string; name: string };

/** The organisation's teams on one of `sides`, by name: the choices of a caseload's team filter. */
export async function teamsOnSides(trx: Trx, organisationId: string, sides: Side[]): Promise<TeamOption[]> {
  return trx
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('side', 'in', sides)
    .orderBy('name')
    .orderBy('id')
    .execute();
}
