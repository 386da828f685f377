import { authorize, authorizePartnerSide, can, type Actor } from '../access/index.js';
import type { ProgrammeSide } from '../db/schema.js';

/*
 * The side of a programme, and so of its groups and sessions (carried by composite foreign keys):
 * his side's are seen by both case-holding sides, the partner side's own support groups by the
 * partner side and management only, and "not found" by everyone else, never "forbidden".
 */
export type SideRecord = { organisationId: string; side: ProgrammeSide };

/** The sides whose programmes, groups and sessions the actor may see: for list queries. */
export function visibleSides(actor: Actor): ProgrammeSide[] {
  if (!can(actor, 'programme.view')) {
    return [];
  }
  return can(actor, 'programme.viewPartnerSide') ? ['perpetrator', 'partner'] : ['perpetrator'];
}

export function authorizeSideView(actor: Actor, record: SideRecord): void {
  if (record.side === 'partner') {
    authorizePartnerSide(actor, 'programme.viewPartnerSide', record);
  }
  authorize(actor, 'programme.view', record);
}

export function canManageSide(actor: Actor, record: SideRecord): boolean {
  return can(actor, record.side === 'partner' ? 'group.managePartnerSide' : 'group.manage', record);
}

/** May run this side's groups and sessions: a partner support group is not found before it is forbidden. */
export function authorizeSideManage(actor: Actor, record: SideRecord): void {
  authorizeSideView(actor, record);
  authorize(actor, record.side === 'partner' ? 'group.managePartnerSide' : 'group.manage', record);
}

/** Who may facilitate a group of this side: staff of that side of the wall. */
export function facilitatorSides(side: ProgrammeSide): ['perpetrator'] | ['partner'] {
  return side === 'partner' ? ['partner'] : ['perpetrator'];
}
