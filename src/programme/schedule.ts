import { isWorkingDay, type Region } from '../dates/working-days.js';
import { londonTimeToInstant, type LondonOffset } from '../dates/london.js';

/*
 * A group's weekly schedule: its day of the week and London wall-clock time. Sessions are stored
 * as instants (timestamptz) and shown in Europe/London, so a group at 18:30 stays at 18:30 on
 * both sides of the clocks changing (the last Sundays of March and October).
 */

function toDate(iso: string): Date {
  return new Date(`${iso}T12:00:00Z`);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** ISO day of the week of a date, 1 = Monday ... 7 = Sunday. */
export function isoDayOfWeek(iso: string): number {
  const day = toDate(iso).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(iso: string, days: number): string {
  const date = toDate(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

/** The first date on or after `iso` that falls on `dayOfWeek`. */
export function firstOnOrAfter(iso: string, dayOfWeek: number): string {
  return addDays(iso, (dayOfWeek - isoDayOfWeek(iso) + 7) % 7);
}

/** A bank holiday (or other public holiday) of the region: a weekday that is not a working day. */
export function isBankHoliday(iso: string, region: Region): boolean {
  const day = isoDayOfWeek(iso);
  return day <= 5 && !isWorkingDay(iso, region);
}

export type WeeklySchedule = {
  startDate: string;
  dayOfWeek: number;
  /** 'HH:MM' or 'HH:MM:SS', London time. */
  startTime: string;
};

export type ScheduledDate = { date: string; startsAt: Date };

/**
 * `count` weekly dates from the first `dayOfWeek` on or after the start date, each as the instant
 * its London time names. Bank holidays are passed over (the session moves to the next week) when asked.
 * A time the clock change makes missing on one of the dates is refused; one it gives twice is refused
 * unless `offset` says which.
 */
export function weeklySessionDates(
  schedule: WeeklySchedule,
  count: number,
  options: { skipBankHolidays?: boolean; region?: Region; offset?: LondonOffset | null; timeField?: string } = {},
): ScheduledDate[] {
  const region = options.region ?? 'ENG';
  const time = schedule.startTime.slice(0, 5);
  const dates: ScheduledDate[] = [];
  let date = firstOnOrAfter(schedule.startDate, schedule.dayOfWeek);
  // A bound on the loop: at most one week passed over per bank holiday.
  for (let guard = 0; dates.length < count && guard < count + 60; guard += 1) {
    if (!(options.skipBankHolidays && isBankHoliday(date, region))) {
      dates.push({ date, startsAt: londonTimeToInstant(date, time, { offset: options.offset, timeField: options.timeField }) });
    }
    date = addDays(date, 7);
  }
  return dates;
}
