import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor } from './actor.js';

type OrganisationScoped = { organisation_id: string };

/**
 * The SQL scope for list and search queries: only the actor's organisation. Row-level security
 * repeats this in the database.
 */
export function scopeToOrganisation<TB extends keyof Database, O>(
  query: SelectQueryBuilder<Database, TB, O>,
  actor: Actor,
  table: TB & { [K in TB]: Database[K] extends OrganisationScoped ? K : never }[TB],
): SelectQueryBuilder<Database, TB, O> {
  return query.where(`${table}.organisation_id` as never, '=', actor.organisationId as never);
}
