import type { FacilitatorRole, GroupIntake, GroupStatus, ProgrammeSide } from '../../db/schema.js';
import type { FacilitatorRow, GroupRow } from './repository.js';
import { DAY_LABELS, GROUP_STATUS_LABELS, INTAKE_LABELS } from '../labels.js';

export type GroupView = {
  id: string;
  programmeId: string;
  programmeName: string;
  side: ProgrammeSide;
  name: string;
  intake: GroupIntake;
  intakeLabel: string;
  venueId: string | null;
  venueName: string | null;
  dayOfWeek: number;
  startTime: string;
  /** "Mondays, 18:30 to 21:00" */
  scheduleLabel: string;
  durationMinutes: number;
  capacity: number;
  memberCount: number;
  placesLeft: number;
  startDate: string;
  interpreterLanguage: string | null;
  status: GroupStatus;
  statusLabel: string;
};

function endTime(start: string, minutes: number): string {
  const [h = 0, m = 0] = start.split(':').map(Number);
  const total = (h * 60 + m + minutes) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export function presentGroup(row: GroupRow): GroupView {
  const startTime = row.startTime.slice(0, 5);
  return {
    id: row.id,
    programmeId: row.programmeId,
    programmeName: row.programmeName,
    side: row.side,
    name: row.name,
    intake: row.intake,
    intakeLabel: INTAKE_LABELS[row.intake],
    venueId: row.venueId,
    venueName: row.venueName,
    dayOfWeek: row.dayOfWeek,
    startTime,
    scheduleLabel: `${DAY_LABELS[row.dayOfWeek] ?? ''}s, ${startTime} to ${endTime(startTime, row.durationMinutes)}`,
    durationMinutes: row.durationMinutes,
    capacity: row.capacity,
    memberCount: row.memberCount,
    placesLeft: Math.max(0, row.capacity - row.memberCount),
    startDate: row.startDate,
    interpreterLanguage: row.interpreterLanguage,
    status: row.status,
    statusLabel: GROUP_STATUS_LABELS[row.status],
  };
}

export type FacilitatorView = { userId: string; name: string; role: FacilitatorRole; roleLabel: string };

export function presentFacilitator(row: FacilitatorRow): FacilitatorView {
  return { userId: row.userId, name: row.displayName, role: row.role, roleLabel: row.role === 'regular' ? 'Regular' : 'Cover' };
}

/** Co-facilitation: every session needs at least two facilitators. */
export const MIN_FACILITATORS = 2;

export function facilitatorWarning(count: number, what: 'group' | 'session'): string | null {
  if (count >= MIN_FACILITATORS) {
    return null;
  }
  return what === 'group'
    ? `This group has ${count === 0 ? 'no regular facilitators' : 'only one regular facilitator'}: groups are co-facilitated, so add another before its sessions are planned.`
    : `This session has ${count === 0 ? 'no facilitators' : 'only one facilitator'}: sessions are co-facilitated, so add a cover facilitator.`;
}
