import type { AttendanceOutcome } from '../../db/schema.js';

/*
 * Hours and completion, counted from the attendance register.
 *
 * THE HOURS RULE (shown on the progress panel in the same words, HOURS_RULE below):
 * - attended and participated, and attended but did not comply: the session's full length counts;
 * - late: the session's length less the minutes he was late;
 * - absent, with or without an acceptable reason: nothing counts;
 * - a cancelled session counts nothing, whatever was recorded for it.
 * A session attended (sessions count) is one he was present for: attended, not complied, or late.
 *
 * Completion: every rule the programme sets must be met: at least its minimum number of sessions
 * attended, at least its minimum hours, and at least one session of each required module attended.
 */
export const HOURS_RULE =
  'Hours count the whole session for each one attended (whether or not the participant complied), the session less the minutes late for a late arrival, and nothing for an absence (explained or not) or a cancelled session.';

export const ATTENDED_OUTCOMES: readonly AttendanceOutcome[] = ['attended', 'attended_not_complied', 'late'];
export const MISSED_OUTCOMES: readonly AttendanceOutcome[] = ['absent_acceptable', 'absent_unacceptable'];

export type AttendanceFact = {
  outcome: AttendanceOutcome;
  minutesLate: number | null;
  durationMinutes: number;
  moduleId: string | null;
  sessionCancelled: boolean;
};

export type CompletionRule = {
  minSessions: number | null;
  minMinutes: number | null;
  modules: ReadonlyArray<{ id: string; title: string; required: boolean }>;
};

export type Progress = {
  sessionsAttended: number;
  sessionsMissed: number;
  counts: Record<AttendanceOutcome, number>;
  minutes: number;
  /** Hours to one decimal, as shown: "25.0". */
  hours: string;
  rule: {
    minSessions: number | null;
    minHours: string | null;
    requiredModules: string[];
  };
  modulesCovered: string[];
  /** What is still missing for completion, in words; empty when the rule is met. */
  missing: string[];
  met: boolean;
  /** The programme sets no completion rule at all. */
  noRule: boolean;
};

export function isAttended(outcome: AttendanceOutcome): boolean {
  return ATTENDED_OUTCOMES.includes(outcome);
}

export function isMissed(outcome: AttendanceOutcome): boolean {
  return MISSED_OUTCOMES.includes(outcome);
}

/** The minutes one register entry counts towards his hours. */
export function creditedMinutes(fact: AttendanceFact): number {
  if (fact.sessionCancelled || !isAttended(fact.outcome)) {
    return 0;
  }
  if (fact.outcome === 'late') {
    return Math.max(0, fact.durationMinutes - (fact.minutesLate ?? 0));
  }
  return fact.durationMinutes;
}

/** Minutes as hours to one decimal, rounded to the nearest tenth: 1500 -> "25.0", 1525 -> "25.4". */
export function formatHours(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

/** Minutes still needed, as hours to one decimal rounded up, so what is missing is never understated. */
function hoursStillNeeded(minutes: number): string {
  return (Math.ceil(minutes / 6) / 10).toFixed(1);
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function computeProgress(rule: CompletionRule, facts: readonly AttendanceFact[]): Progress {
  const counts: Record<AttendanceOutcome, number> = {
    attended: 0,
    attended_not_complied: 0,
    late: 0,
    absent_acceptable: 0,
    absent_unacceptable: 0,
  };
  let minutes = 0;
  const attendedModules = new Set<string>();
  for (const fact of facts) {
    if (fact.sessionCancelled) {
      continue;
    }
    counts[fact.outcome] += 1;
    minutes += creditedMinutes(fact);
    if (isAttended(fact.outcome) && fact.moduleId) {
      attendedModules.add(fact.moduleId);
    }
  }
  const sessionsAttended = counts.attended + counts.attended_not_complied + counts.late;
  const required = rule.modules.filter((m) => m.required);
  const missing: string[] = [];
  if (rule.minSessions !== null && sessionsAttended < rule.minSessions) {
    missing.push(`${plural(rule.minSessions - sessionsAttended, 'more session', 'more sessions')} attended`);
  }
  if (rule.minMinutes !== null && minutes < rule.minMinutes) {
    missing.push(`${hoursStillNeeded(rule.minMinutes - minutes)} more hours`);
  }
  for (const module of required) {
    if (!attendedModules.has(module.id)) {
      missing.push(`a session of the required module “${module.title}”`);
    }
  }
  return {
    sessionsAttended,
    sessionsMissed: counts.absent_acceptable + counts.absent_unacceptable,
    counts,
    minutes,
    hours: formatHours(minutes),
    rule: {
      minSessions: rule.minSessions,
      minHours: rule.minMinutes === null ? null : formatHours(rule.minMinutes),
      requiredModules: required.map((m) => m.title),
    },
    modulesCovered: rule.modules.filter((m) => attendedModules.has(m.id)).map((m) => m.title),
    missing,
    met: missing.length === 0,
    noRule: rule.minSessions === null && rule.minMinutes === null && required.length === 0,
  };
}
