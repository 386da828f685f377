import type { Side } from '../db/schema.js';
import type { Actor } from '../access/index.js';
import type * as repo from './repository.js';
import { accountStatus, type AccountStatus } from './rules.js';
import { SIDES, SIDE_LABELS } from './schemas.js';

/** View models for the administration pages: each lists exactly the fields the page shows. */

/** What an administrator sees of a team. */
export type TeamSummary = { id: string; name: string; side: Side };
export type TeamListing = TeamSummary & { memberCount: number };

/** What an administrator sees of a user: account facts only, never case data. */
export type UserSummary = {
  id: string;
  displayName: string;
  email: string;
  status: AccountStatus;
  teams: TeamSummary[];
  isYou: boolean;
};

export type UserDetails = UserSummary & {
  lastSignedInAt: Date | null;
  invitationExpiresAt: Date | null;
  invitationExpired: boolean;
  createdAt: Date;
};

export type InvitationLink = { userId: string; displayName: string; email: string; activationUrl: string; expiresAt: Date };

/** A user as the administrator sees them: account facts and teams, never case data. */
export function presentUser(actor: Actor, user: repo.UserRow, memberships: repo.MembershipRow[], now: Date): UserSummary {
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    status: accountStatus(user, now),
    teams: memberships
      .filter((membership) => membership.userId === user.id)
      .map((membership) => ({ id: membership.id, name: membership.name, side: membership.side })),
    isYou: user.id === actor.userId,
  };
}

const STATUS_TAGS: Record<AccountStatus, { text: string; classes: string }> = {
  active: { text: 'Active', classes: 'govuk-tag--green' },
  invited: { text: 'Invited', classes: 'govuk-tag--blue' },
  locked: { text: 'Locked', classes: 'govuk-tag--orange' },
  deactivated: { text: 'Deactivated', classes: 'govuk-tag--grey' },
};

export function statusTag(status: AccountStatus): { text: string; classes: string; attributes: Record<string, string> } {
  return { ...STATUS_TAGS[status], attributes: { 'data-qa': `status-${status}` } };
}

export function sideLabel(side: Side): string {
  return SIDE_LABELS[side];
}

/** Team checkboxes, each with its side as a hint so the wall is visible when choosing. */
export function teamCheckboxes(teams: TeamSummary[], checked: readonly string[]): Array<Record<string, unknown>> {
  const chosen = new Set(checked);
  return teams.map((team) => ({
    value: team.id,
    text: team.name,
    hint: { text: sideLabel(team.side) },
    checked: chosen.has(team.id),
    attributes: { 'data-qa': `team-${team.id}` },
  }));
}

export function sideRadios(checked: unknown): Array<Record<string, unknown>> {
  return SIDES.map((side) => ({ value: side, text: SIDE_LABELS[side], checked: checked === side }));
}

/** The checkbox values a form sent back, whatever shape they arrived in. */
export function submittedList(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string');
  }
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export function submittedText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
