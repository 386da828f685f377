/*
 * Dates typed into the audit search are days in the UK, where the service runs: "from 30 March"
 * means from midnight London time, whether or not summer time has started.
 */

const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' });

/** London's offset from UTC, in minutes, at an instant ("GMT" is 0, "GMT+1" is 60). */
function londonOffsetMinutes(at: Date): number {
  const name = offsetFormat.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(name);
  if (!match) {
    return 0;
  }
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

export type CalendarDate = { year: number; month: number; day: number };

/** The instant a London calendar day starts. Clocks change at 01:00 UTC, so UTC midnight is never ambiguous. */
export function startOfLondonDay(date: CalendarDate): Date {
  const utcMidnight = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return new Date(utcMidnight.getTime() - londonOffsetMinutes(utcMidnight) * 60_000);
}

/** The instant the following London day starts: the exclusive end of an inclusive "to" date. */
export function startOfNextLondonDay(date: CalendarDate): Date {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return startOfLondonDay({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() });
}

export function isRealDate(date: CalendarDate): boolean {
  const probe = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return probe.getUTCFullYear() === date.year && probe.getUTCMonth() === date.month - 1 && probe.getUTCDate() === date.day;
}

export function isoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export type DateParts = { day?: string | undefined; month?: string | undefined; year?: string | undefined };

/**
 * A date from the three boxes of a GOV.UK date input: nothing when all are empty, a date, or the
 * message to show (in the GOV.UK design system's words).
 */
export function readDateParts(parts: DateParts, label: string): { date?: CalendarDate; problem?: string } {
  const day = (parts.day ?? '').trim();
  const month = (parts.month ?? '').trim();
  const year = (parts.year ?? '').trim();
  if (!day && !month && !year) {
    return {};
  }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter((x): x is string => Boolean(x));
  if (missing.length > 0) {
    return { problem: `${label} must include a ${missing.join(' and ')}` };
  }
  if (![day, month, year].every((part) => /^\d+$/.test(part))) {
    return { problem: `${label} must be a real date` };
  }
  if (year.length !== 4) {
    return { problem: 'Year must include 4 numbers' };
  }
  const date = { year: Number(year), month: Number(month), day: Number(day) };
  if (!isRealDate(date)) {
    return { problem: `${label} must be a real date` };
  }
  return { date };
}
