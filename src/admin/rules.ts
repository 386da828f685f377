import type { Side } from '../db/schema.js';

/**
 * The confidentiality wall applied to people: nobody works on both sides of it. The Respect
 * standard asks for greater confidentiality for survivors; a worker who also runs his group
 * could carry what she said into the room. Management is the one governed role that sees both
 * sides, and it is a team of its own, never a mix of the two.
 */
export function breachesWall(sides: Iterable<Side>): boolean {
  const set = new Set(sides);
  return set.has('perpetrator') && set.has('partner');
}

export const WALL_MESSAGE =
  'A person cannot be in a perpetrator programme team and a partner support team. Choose one side, or a case management team.';

export type AccountStatus = 'active' | 'deactivated' | 'invited' | 'locked';

/** The one status an administrator sees for an account, most significant first. */
export function accountStatus(
  user: { active: boolean; passwordSet: boolean; lockedUntil: Date | null },
  now: Date = new Date(),
): AccountStatus {
  if (!user.active) {
    return 'deactivated';
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
    return 'locked';
  }
  if (!user.passwordSet) {
    return 'invited';
  }
  return 'active';
}
