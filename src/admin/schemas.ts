import { z } from 'zod';
import type { Side } from '../db/schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A group of checkboxes arrives as nothing, one string or an array of strings. */
const checkedValues = (value: unknown): unknown => {
  if (value === undefined || value === null || value === '') {
    return [];
  }
  return Array.isArray(value) ? value : [value];
};

const ZTeamIds = z.preprocess(
  checkedValues,
  z
    .array(z.string(), { error: 'Select teams from the list' })
    .max(50, 'Select fewer teams')
    .refine((ids) => ids.every(isUuid), 'Select teams from the list')
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
);

export const ZInviteUser = z.object({
  displayName: z
    .string({ error: 'Enter their full name' })
    .trim()
    .min(1, 'Enter their full name')
    .max(200, 'Full name must be 200 characters or fewer'),
  email: z
    .string({ error: 'Enter their email address' })
    .trim()
    .min(1, 'Enter their email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.org'))
    .transform((email) => email.toLowerCase()),
  teams: ZTeamIds.refine((ids) => ids.length > 0, 'Select at least one team'),
});
export type TInviteUser = z.output<typeof ZInviteUser>;

export const ZChangeTeams = z.object({ teams: ZTeamIds });
export type TChangeTeams = z.output<typeof ZChangeTeams>;

export const SIDES = ['perpetrator', 'partner', 'management', 'admin', 'dpo'] as const satisfies readonly Side[];

/** How each side is described wherever an administrator chooses or reads it. */
export const SIDE_LABELS: Record<Side, string> = {
  perpetrator: 'Perpetrator programme (work with participants)',
  partner: 'Partner support service',
  management: 'Case management (both sides, governed)',
  admin: 'Administration (no case data)',
  dpo: 'Data protection (audit, no case data)',
};

export const ZCreateTeam = z.object({
  name: z
    .string({ error: 'Enter a team name' })
    .trim()
    .min(1, 'Enter a team name')
    .max(200, 'Team name must be 200 characters or fewer'),
  side: z.enum(SIDES, { error: 'Select what the team works on' }),
});
export type TCreateTeam = z.output<typeof ZCreateTeam>;

/** The one-off confirmation shown after a change, keyed by a fixed code in the query string. */
export const FLASH_MESSAGES = {
  teams: 'Teams updated',
  deactivated: 'Account deactivated. They have been signed out everywhere.',
  reactivated: 'Account reactivated',
} as const;

export function flashMessage(code: unknown): string | undefined {
  return typeof code === 'string' && code in FLASH_MESSAGES ? FLASH_MESSAGES[code as keyof typeof FLASH_MESSAGES] : undefined;
}
