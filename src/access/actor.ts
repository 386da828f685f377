import type { Side } from '../db/schema.js';

/** The signed-in user as the access policies see them. */
export type Actor = {
  readonly userId: string;
  readonly organisationId: string;
  readonly displayName: string;
  readonly sides: ReadonlySet<Side>;
};

/** Where a request came from, as the audit log records it. */
export type RequestOrigin = { ip: string | null; userAgent: string | null };

export const CASE_SIDES = ['perpetrator', 'partner', 'management'] as const;
export type CaseSide = (typeof CASE_SIDES)[number];

export function hasSide(actor: Actor, ...sides: Side[]): boolean {
  return sides.some((side) => actor.sides.has(side));
}
