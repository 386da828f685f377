import { sql, type RawBuilder } from 'kysely';

/** The allocated worker a list keeps: the user's own cases, the user's teams', or null for every case (src/access/work-scope.ts). */
export type AllocationFilter = { readonly kind: 'mine' | 'team'; readonly userId: string } | null;

/**
 * A WHERE condition keeping the rows whose allocated worker (the column named) is the user, or
 * anyone who shares a team with the user; true for no filter. Team members are read on
 * team_memberships' own indexes (by user, then by team), a handful of rows.
 */
export function allocatedWithin(column: string, filter: AllocationFilter): RawBuilder<boolean> {
  if (filter === null) {
    return sql<boolean>`true`;
  }
  if (filter.kind === 'mine') {
    return sql<boolean>`${sql.ref(column)} = ${filter.userId}::uuid`;
  }
  return sql<boolean>`${sql.ref(column)} IN (
    SELECT teammate.user_id FROM team_memberships AS own
    JOIN team_memberships AS teammate ON teammate.team_id = own.team_id
    WHERE own.user_id = ${filter.userId}::uuid)`;
}
