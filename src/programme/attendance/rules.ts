import type { AttendanceOutcome } from '../../db/schema.js';

/** The five outcomes of the register, in the order the form offers them. */
export const OUTCOMES = [
  'attended',
  'attended_not_complied',
  'late',
  'absent_acceptable',
  'absent_unacceptable',
] as const satisfies readonly AttendanceOutcome[];

export const OUTCOME_LABELS: Record<AttendanceOutcome, string> = {
  attended: 'Attended and participated',
  attended_not_complied: 'Attended but did not comply',
  late: 'Late',
  absent_acceptable: 'Absent with an acceptable reason',
  absent_unacceptable: 'Absent without an acceptable reason',
};

/**
 * The absence rule: his latest `after` recorded outcomes (in session date order, cancelled sessions
 * left out) are all absences without an acceptable reason. `newestFirst` is his register, latest
 * session first. The number comes from the programme (programmes.absence_review_after).
 */
export function absenceReviewDue(newestFirst: readonly AttendanceOutcome[], after: number): boolean {
  if (after < 1 || newestFirst.length < after) {
    return false;
  }
  return newestFirst.slice(0, after).every((outcome) => outcome === 'absent_unacceptable');
}
