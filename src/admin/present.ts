import type { Side } from '../db/schema.js';
import type { AccountStatus } from './rules.js';
import { SIDES, SIDE_LABELS } from './schemas.js';
import type { TeamSummary } from './service.js';

/** View models for the administration pages: each lists exactly the fields the page shows. */

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
