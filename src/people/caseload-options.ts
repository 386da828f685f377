// What a caseload page offers to filter by (its workers, teams and groups) and whether the viewer has cases of their own, read in one statement.
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Trx } from '../db/database.js';
import type { Side } from '../db/schema.js';
import type { WorkerOption } from './workers.js';

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

/** A caseload page's filter choices, and whether any case of the list is allocated to the viewer (it then opens on "My cases"). */
export type CaseloadChoiceRows = {
  workers: WorkerOption[];
  teams: TeamOption[];
  /** His side's groups planned or running (null where the viewer may not filter by group, or the list has none). */
  groups: TeamOption[] | null;
  allocatedToViewer: boolean;
};

/**
 * Everything a caseload page asks before its rows, in one statement (one round trip): the workers
 * and teams on the list's `sides` (as src/people/workers.ts lists them for allocation), his side's
 * current groups where asked for, and whether any of `cases` is allocated to the viewer.
 */
export async function caseloadChoiceRows(
  trx: Trx,
  options: {
    organisationId: string;
    viewerId: string;
    sides: Side[];
    cases: 'perpetrator_cases' | 'partner_cases';
    groups: boolean;
  },
): Promise<CaseloadChoiceRows> {
  const { organisationId, viewerId, sides } = options;
  const row = await trx
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('users')
          .select(['users.id', 'users.display_name as displayName'])
          .where('users.organisation_id', '=', organisationId)
          .where('users.active', '=', true)
          .where((inner) =>
            inner.exists(
              inner
                .selectFrom('team_memberships')
                .innerJoin('teams', 'teams.id', 'team_memberships.team_id')
                .select('team_memberships.user_id')
                .whereRef('team_memberships.user_id', '=', 'users.id')
                .where('teams.side', 'in', sides),
            ),
          )
          .orderBy('users.display_name')
          .orderBy('users.id'),
      ).as('workers'),
      jsonArrayFrom(
        eb
          .selectFrom('teams')
          .select(['teams.id', 'teams.name'])
          .where('teams.organisation_id', '=', organisationId)
          .where('teams.side', 'in', sides)
          .orderBy('teams.name')
          .orderBy('teams.id'),
      ).as('teams'),
      jsonArrayFrom(
        eb
          .selectFrom('programme_groups')
          .select(['programme_groups.id', 'programme_groups.name'])
          .where('programme_groups.organisation_id', '=', organisationId)
          .where('programme_groups.side', '=', 'perpetrator')
          .where('programme_groups.status', 'in', ['planned', 'running'])
          // Only asked for where the viewer may filter by group: otherwise nothing is read.
          .where(sql<boolean>`${options.groups}::boolean`)
          .orderBy('programme_groups.name')
          .orderBy('programme_groups.id'),
      ).as('groups'),
      sql<boolean>`EXISTS (SELECT 1 FROM ${sql.table(options.cases)}
        WHERE organisation_id = ${organisationId}::uuid AND allocated_worker_id = ${viewerId}::uuid)`.as('allocatedToViewer'),
    ])
    .executeTakeFirstOrThrow();
  return {
    workers: row.workers,
    teams: row.teams,
    groups: options.groups ? row.groups : null,
    allocatedToViewer: row.allocatedToViewer,
  };
}
