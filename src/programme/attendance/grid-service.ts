import { DateTime } from 'luxon';
import { authorize, type Actor } from '../../access/index.js';
import { withActor, type Db } from '../../db/database.js';
import type { AttendanceOutcome } from '../../db/schema.js';
import { LONDON, londonDayLabel } from '../../dates/london.js';
import { NotFoundError } from '../../errors.js';
import { findProgramme } from '../catalogue/repository.js';
import { findGroup } from '../groups/repository.js';
import { listModules, type ModuleRow } from '../journey/progress-repository.js';
import { computeProgress, formatHours, HOURS_RULE, type AttendanceFact, type CompletionRule } from '../journey/progress.js';
import { ENROLMENT_STATUS_LABELS } from '../journey/transitions.js';
import { listGridRecords, listGridSessions, type GridRecordRow, type GridSessionRow } from './grid-repository.js';
import { OUTCOME_LABELS, OUTCOMES } from './rules.js';

/** The short mark of each outcome in a grid cell; the full label goes with it for screen readers and in the key. */
export const OUTCOME_CODES: Record<AttendanceOutcome, string> = {
  attended: 'A',
  attended_not_complied: 'NC',
  late: 'L',
  absent_acceptable: 'E',
  absent_unacceptable: 'U',
};

export type GridColumn = {
  sessionId: string;
  /** "1" for the first planned session, "C" for a catch-up. */
  heading: string;
  /** "5 Jan" */
  shortDate: string;
  /** "Session 1, Monday 5 January 2026": what a screen reader announces for the column. */
  fullLabel: string;
  cancelled: boolean;
};

export type GridCell = { code: string; label: string } | null;

export type GridRow = {
  enrolmentId: string;
  participantId: string;
  name: string;
  reference: string;
  statusLabel: string;
  /** One per column, in the columns' order: empty where nothing is recorded (a future session too). */
  cells: GridCell[];
  sessionsAttended: number;
  hours: string;
  /** Whether his attendance meets the programme's completion rule (always false while it sets none). */
  met: boolean;
};

export type AttendanceGridView = {
  columns: GridColumn[];
  rows: GridRow[];
  /** The programme's own completion rule, in one sentence, or null where it sets none. */
  completionRule: string | null;
  minSessions: number | null;
  minHours: string | null;
  /** How hours are counted (src/programme/journey/progress.ts). */
  hoursRule: string;
  key: Array<{ code: string; label: string }>;
};

function presentColumn(session: GridSessionRow): GridColumn {
  const heading = session.kind === 'scheduled' && session.sequence !== null ? String(session.sequence) : 'C';
  const what = session.kind === 'scheduled' ? `Session ${session.sequence ?? ''}`.trim() : `Catch-up: ${session.title}`;
  return {
    sessionId: session.id,
    heading,
    shortDate: DateTime.fromJSDate(session.startsAt, { zone: LONDON }).toFormat('d LLL'),
    fullLabel: `${what}, ${londonDayLabel(session.startsAt)}${session.status === 'cancelled' ? ' (cancelled)' : ''}`,
    cancelled: session.status === 'cancelled',
  };
}

function presentCell(row: GridRecordRow): GridCell {
  if (!row.outcome) {
    return null;
  }
  const label =
    row.outcome === 'late' && row.minutesLate !== null
      ? `${OUTCOME_LABELS.late}, ${row.minutesLate} minutes`
      : OUTCOME_LABELS[row.outcome];
  return { code: OUTCOME_CODES[row.outcome], label };
}

function ruleSentence(rule: CompletionRule): string | null {
  const parts: string[] = [];
  if (rule.minSessions !== null) {
    parts.push(`at least ${rule.minSessions} ${rule.minSessions === 1 ? 'session' : 'sessions'} attended`);
  }
  if (rule.minMinutes !== null) {
    parts.push(`at least ${formatHours(rule.minMinutes)} hours`);
  }
  const required = rule.modules.filter((m) => m.required).map((m) => m.title);
  if (required.length > 0) {
    parts.push(`a session of each required module (${required.join(', ')})`);
  }
  if (parts.length === 0) {
    return null;
  }
  const last = parts.pop() as string;
  return `To complete the programme: ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last}.`;
}

/**
 * The grid of a group: its men (rows) by its sessions (columns), each cell the outcome recorded,
 * and each man's hours and sessions against the programme's completion rule, counted as his
 * progress is (src/programme/journey/progress.ts). Built from the rows of one query.
 */
export function buildGrid(
  sessions: readonly GridSessionRow[],
  records: readonly GridRecordRow[],
  rule: CompletionRule,
): AttendanceGridView {
  const columns = sessions.map(presentColumn);
  const columnOf = new Map(columns.map((c, index) => [c.sessionId, index]));
  const men = new Map<string, { first: GridRecordRow; entries: GridRecordRow[] }>();
  for (const row of records) {
    const man = men.get(row.enrolmentId) ?? { first: row, entries: [] };
    if (row.outcome) {
      man.entries.push(row);
    }
    men.set(row.enrolmentId, man);
  }
  const rows = [...men.values()].map(({ first, entries }) => {
    const cells: GridCell[] = columns.map(() => null);
    for (const entry of entries) {
      const index = entry.sessionId ? columnOf.get(entry.sessionId) : undefined;
      if (index !== undefined) {
        cells[index] = presentCell(entry);
      }
    }
    const facts: AttendanceFact[] = entries.map((e) => ({
      outcome: e.outcome as AttendanceOutcome,
      minutesLate: e.minutesLate,
      durationMinutes: e.durationMinutes ?? 0,
      moduleId: e.moduleId,
      sessionCancelled: e.sessionStatus === 'cancelled',
    }));
    const progress = computeProgress(rule, facts);
    return {
      enrolmentId: first.enrolmentId,
      participantId: first.participantId,
      name: `${first.givenName} ${first.familyName}`,
      reference: first.reference,
      statusLabel: ENROLMENT_STATUS_LABELS[first.status ?? 'waiting'],
      cells,
      sessionsAttended: progress.sessionsAttended,
      hours: progress.hours,
      met: !progress.noRule && progress.met,
    };
  });
  const shown = computeProgress(rule, []);
  return {
    columns,
    rows,
    completionRule: ruleSentence(rule),
    minSessions: shown.rule.minSessions,
    minHours: shown.rule.minHours,
    hoursRule: HOURS_RULE,
    key: OUTCOMES.map((o) => ({ code: OUTCOME_CODES[o], label: OUTCOME_LABELS[o] })),
  };
}

/**
 * The attendance grid on a group's page. It is the group's registers side by side, so it follows
 * the register's rule: his side and management (attendance.record). The partner service is told
 * his attendance through his case and her alerts, never the group's roster; the partner side's own
 * groups have no register here and are "not found".
 */
export class AttendanceGridService {
  constructor(private readonly db: Db) {}

  async forGroup(actor: Actor, groupId: string): Promise<AttendanceGridView> {
    return withActor(this.db, actor, async (trx) => {
      const group = await findGroup(trx, groupId);
      if (!group || group.side !== 'perpetrator') {
        throw new NotFoundError();
      }
      authorize(actor, 'attendance.record', group);
      const programme = await findProgramme(trx, group.programmeId);
      const modules: ModuleRow[] = await listModules(trx, group.programmeId);
      const sessions = await listGridSessions(trx, groupId);
      const records = await listGridRecords(trx, actor.organisationId, groupId);
      return buildGrid(sessions, records, {
        minSessions: programme?.completionMinSessions ?? null,
        minMinutes: programme?.completionMinMinutes ?? null,
        modules,
      });
    });
  }
}
