import type { ContactMethod, ContactOutcome, SafeContactBreach } from '../db/schema.js';

/*
 * Her safe-contact rules, shown before any contact action, and the check of an attempt against
 * them: no message or voicemail when she said none may be left, calls only in her safe times,
 * only her safe number when she has one. Times are Europe/London wall-clock times, as typed.
 */

export const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const DAY_LABELS: Record<number, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

export const BREACH_LABELS: Record<SafeContactBreach, string> = {
  message_not_allowed: 'the partner has said no message or voicemail may be left',
  outside_safe_times: 'it is outside the partner’s safe times',
  not_safe_number: 'it is not the partner’s safe number',
};

export type SafeContactRules = {
  messageMayBeLeft: boolean;
  safePhone: string | null;
  safeTimes: string | null;
  safeDays: number[];
  safeFrom: string | null;
  safeTo: string | null;
  codeWord: string | null;
};

export type SafeContactPanel = {
  rules: string[];
  safePhone: string | null;
  safeTimes: string | null;
  codeWord: string | null;
  messageMayBeLeft: boolean;
};

/** Methods that reach her by phone: the ones her safe number and safe times govern. */
const PHONE_METHODS: ReadonlySet<ContactMethod> = new Set(['phone', 'text', 'voicemail']);

/** "Monday to Friday, 10:00 to 12:00", or null when no structured window is recorded. */
export function describeWindow(rules: Pick<SafeContactRules, 'safeDays' | 'safeFrom' | 'safeTo'>): string | null {
  const days = [...rules.safeDays].sort((a, b) => a - b);
  const weekdays = days.length === 5 && days.every((d, i) => d === i + 1);
  const dayText =
    days.length === 0 || days.length === 7
      ? 'Any day'
      : weekdays
        ? 'Monday to Friday'
        : days.map((d) => DAY_LABELS[d]).join(', ');
  if (days.length === 0 && !rules.safeFrom) {
    return null;
  }
  return rules.safeFrom && rules.safeTo ? `${dayText}, ${rules.safeFrom} to ${rules.safeTo}` : dayText;
}

/** The rules as the panel states them, most important first. */
export function safeContactPanel(rules: SafeContactRules): SafeContactPanel {
  const lines: string[] = [];
  if (!rules.messageMayBeLeft) {
    lines.push('Do not leave a message or voicemail.');
  } else {
    lines.push('A message may be left.');
  }
  if (rules.safePhone) {
    lines.push(`Use only the safe number: ${rules.safePhone}.`);
  }
  const window = describeWindow(rules);
  if (window) {
    lines.push(`Safe times: ${window}.`);
  }
  if (rules.codeWord) {
    lines.push(`Ask for the code word before discussing anything: ${rules.codeWord}.`);
  }
  lines.push('Check it is safe to talk before you start.');
  return {
    rules: lines,
    safePhone: rules.safePhone,
    safeTimes: [window, rules.safeTimes].filter(Boolean).join('. ') || null,
    codeWord: rules.codeWord,
    messageMayBeLeft: rules.messageMayBeLeft,
  };
}

/** Digits only, a +44 or 44 prefix read as the leading 0: "+44 7700 900222" is "07700900222". */
export function normalisePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.startsWith('44') ? `0${digits.slice(2)}` : digits;
}

/** ISO day of the week (1 Monday .. 7 Sunday) of a YYYY-MM-DD date. */
function isoDay(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

const pad = (time: string): string => (time.length === 4 ? `0${time}` : time).slice(0, 5);

export type AttemptToCheck = {
  attemptedOn: string;
  attemptedTime: string;
  method: ContactMethod;
  outcome: ContactOutcome;
  numberUsed: string | null;
};

/** The rules this attempt breaks, none when it keeps them all. */
export function breachesOf(rules: SafeContactRules, attempt: AttemptToCheck): SafeContactBreach[] {
  const breaches: SafeContactBreach[] = [];
  const leavesMessage = attempt.method === 'text' || attempt.method === 'voicemail' || attempt.outcome === 'message_left';
  if (!rules.messageMayBeLeft && leavesMessage) {
    breaches.push('message_not_allowed');
  }
  if (PHONE_METHODS.has(attempt.method)) {
    const dayOutside = rules.safeDays.length > 0 && !rules.safeDays.includes(isoDay(attempt.attemptedOn));
    const time = pad(attempt.attemptedTime);
    const timeOutside =
      rules.safeFrom !== null && rules.safeTo !== null && (time < pad(rules.safeFrom) || time >= pad(rules.safeTo));
    if (dayOutside || timeOutside) {
      breaches.push('outside_safe_times');
    }
    if (rules.safePhone && attempt.numberUsed && normalisePhone(attempt.numberUsed) !== normalisePhone(rules.safePhone)) {
      breaches.push('not_safe_number');
    }
  }
  return breaches;
}

export function breachMessage(breaches: SafeContactBreach[]): string {
  return `This breaks the partner’s safe-contact rules: ${breaches.map((b) => BREACH_LABELS[b]).join('; ')}. Record it anyway?`;
}
