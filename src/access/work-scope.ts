import type { AllocationFilter } from '../db/allocation.js';
import type { Actor } from './actor.js';

/*
 * Whose work a list or a dashboard count reads: the cases allocated to the user ("mine"), to
 * anyone in a team the user belongs to ("team"), or every case the policy lets the user's side see
 * ("all"). The scope only narrows what the policy and row-level security already allow: it is
 * never a way to see more, so it is checked after them, never instead of them.
 */
export const WORK_SCOPES = ['mine', 'team', 'all'] as const;
export type WorkScope = (typeof WORK_SCOPES)[number];

export const WORK_SCOPE_LABELS: Record<WorkScope, string> = {
  mine: 'My cases',
  team: 'My team',
  all: 'All',
};

export type { AllocationFilter };

export function allocationFilter(actor: Actor, scope: WorkScope): AllocationFilter {
  return scope === 'all' ? null : { kind: scope, userId: actor.userId };
}

export function isWorkScope(value: unknown): value is WorkScope {
  return typeof value === 'string' && (WORK_SCOPES as readonly string[]).includes(value);
}
