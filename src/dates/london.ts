import { DateTime } from 'luxon';
import { InvalidInputError } from '../errors.js';
import { clock } from './clock.js';

/*
 * The service's time zone: every date that means "the day in London" (a case opened, a referral
 * received, a duty due, today on the dashboard) is worked out here from an instant and the clock,
 * never from the database's date (its session runs in UTC); every time typed into a form is turned
 * into an instant here, refusing the times the clock change makes missing or twice over.
 */
export const LONDON = 'Europe/London';

// Made once: building an Intl.DateTimeFormat loads time zone data and costs far more than formatting.
const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' });
const londonClock = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const long = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** The day in London (an ISO date) at an instant. */
export function londonDateOf(instant: Date): string {
  return londonDate.format(instant);
}

/** Today in London, as an ISO date: by the service's clock unless told the instant. */
export function todayInLondon(now: Date = clock()): string {
  return londonDateOf(now);
}

/** The time of day in London, as "14:30". */
export function londonClockTime(now: Date = clock()): string {
  return londonClock.format(now);
}

export type LondonParts = { date: string; time: string };

export function londonParts(instant: Date): LondonParts {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** "Monday 26 October 2026, 18:30 to 21:00" */
export function londonSlotLabel(startsAt: Date, durationMinutes: number): string {
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  return `${londonDayLabel(startsAt)}, ${londonParts(startsAt).time} to ${londonParts(end).time}`;
}

/** "Monday 26 October 2026" (built from parts: some ICU versions put a comma after the weekday). */
export function londonDayLabel(instant: Date): string {
  const p = Object.fromEntries(long.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** The instant a day starts in London (midnight is never moved by the clock change here). */
export function londonMidnight(iso: string): Date {
  return DateTime.fromISO(iso, { zone: LONDON }).startOf('day').toJSDate();
}

/** Which of the two 01:00 to 01:59 the autumn clock change makes: the first (BST) or the second (GMT). */
export const LONDON_OFFSETS = ['BST', 'GMT'] as const;
export type LondonOffset = (typeof LONDON_OFFSETS)[number];

export type WallClockOptions = {
  /** Which of a time the autumn change gives twice (the form's or API's `offset`, BST or GMT). */
  offset?: LondonOffset | null;
  /** The form field the time was typed in, for the error beside it (default `time`). */
  timeField?: string;
};

/** A London wall-clock time that names no instant (the spring gap) or two (the autumn overlap): a 400 beside the field. */
export class ClockChangeError extends InvalidInputError {}

const dayLabel = (wall: DateTime) => wall.setLocale('en-GB').toFormat('d MMMM yyyy');

/**
 * A London wall-clock date and time ("2026-11-23", "14:30") as the instant it names. A time in the
 * hour the clocks go forward in spring does not exist and is refused; one in the hour they go back
 * in autumn happens twice and is refused unless `offset` says which.
 */
export function londonTimeToInstant(iso: string, time: string, options: WallClockOptions = {}): Date {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const [year = 0, month = 0, day = 0] = iso.split('-').map(Number);
  const wall = DateTime.fromObject({ year, month, day, hour, minute }, { zone: LONDON });
  const shown = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const field = options.timeField ?? 'time';
  if (!wall.isValid) {
    throw new InvalidInputError('Enter a real date and time', { [field]: 'Enter a real date and time' });
  }
  if (wall.hour !== hour || wall.minute !== minute || wall.day !== day) {
    const message = `${shown} on ${dayLabel(wall)} does not exist in London: the clocks go forward an hour at 1am.`;
    throw new ClockChangeError(message, { [field]: `${message} Enter another time.` });
  }
  const possible = wall.getPossibleOffsets().sort((a, b) => b.offset - a.offset); // BST (UTC+1) first
  const [first, second] = possible;
  if (!first) {
    return wall.toJSDate();
  }
  if (!second) {
    return first.toJSDate();
  }
  if (options.offset) {
    return (options.offset === 'BST' ? first : second).toJSDate();
  }
  const happens = `${shown} on ${dayLabel(wall)} happens twice in London: the clocks go back an hour at 2am.`;
  throw new ClockChangeError(`${happens} Send offset BST for the first ${shown} or GMT for the second, an hour later.`, {
    offset: `${happens} Choose ${shown} BST (the first) or ${shown} GMT (an hour later).`,
  });
}

/** The ISO date `days` calendar days after `iso` (before it when negative). */
export function daysAfter(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
