import type { AttendanceOutcome } from '../../db/schema.js';
import type { FormBody } from '../../web/route.js';
import type { RegisterView } from './presenters.js';
import { OUTCOMES } from './rules.js';

/** The register form's "Mark all attended" button: a submit button that marks the form, never saves it. */
export const MARK_ALL_FIELD = 'markAll';

export function asksToMarkAll(posted: FormBody): boolean {
  return MARK_ALL_FIELD in posted;
}

const isOutcome = (value: unknown): value is AttendanceOutcome =>
  typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);

/**
 * "Mark all attended": the register as it was sent, with every line not yet answered set to
 * attended, so that a facilitator marks a group in one step and then changes only the exceptions.
 * A line answered on the form (an exception already chosen) keeps its answer; a line sent without
 * one keeps the answer saved before, if any; minutes late and notes stay as typed. Nothing is
 * saved here: the whole register is still saved once, with its one submit.
 */
export function markUnansweredAttended(view: RegisterView, posted: FormBody): { form: FormBody; marked: number } {
  const form: FormBody = { ...posted };
  delete form[MARK_ALL_FIELD];
  let marked = 0;
  for (const entry of view.entries) {
    const key = `outcome-${entry.enrolmentId}`;
    if (isOutcome(posted[key])) {
      continue;
    }
    if (entry.outcome) {
      form[key] = entry.outcome;
      continue;
    }
    form[key] = 'attended';
    marked += 1;
  }
  return { form, marked };
}

/** What the register says once marked: how many lines changed, and that nothing is saved yet. */
export function markedAllMessage(marked: number): string {
  if (marked === 0) {
    return 'Every participant on this register already has an answer, so nothing was changed. Nothing has been saved yet.';
  }
  const who = marked === 1 ? '1 participant not yet answered is' : `${marked} participants not yet answered are`;
  return `${who} now marked as attended and participated. Change any exceptions, then save the register: nothing has been saved yet.`;
}
