import type { Actor } from './actor.js';
import { authorize, type Action } from './policy.js';

/**
 * The SQL scope for a list or search: checked against the policy once, then applied by the
 * repository as a WHERE clause on every case table it reads. Row-level security repeats it.
 */
export type ListScope = { readonly organisationId: string; readonly action: Action };

export function listScope(actor: Actor, action: Action): ListScope {
  authorize(actor, action);
  return { organisationId: actor.organisationId, action };
}
