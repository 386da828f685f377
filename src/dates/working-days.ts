import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';

const require = createRequire(import.meta.url);

/*
 * Working days (for the first-contact clocks, his programme's and her duties' due dates, among
 * others): Monday to Friday, less the bank holidays of the region (England, Wales, Scotland or
 * Northern Ireland), from the date-holidays data. Today's date in London is in london.ts.
 */
export type Region = 'ENG' | 'WLS' | 'SCT' | 'NIR';

const calendars = new Map<Region, Holidays>();

/** date-holidays carries every country's calendar (about 20 MB in memory): loaded when first asked. */
let HolidaysCalendar: typeof Holidays | undefined;

function calendar(region: Region): Holidays {
  let holidays = calendars.get(region);
  if (!holidays) {
    HolidaysCalendar ??= require('date-holidays') as typeof Holidays;
    holidays = new HolidaysCalendar('GB', region);
    calendars.set(region, holidays);
  }
  return holidays;
}

function toDate(iso: string): Date {
  return new Date(`${iso}T12:00:00Z`);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Answers already worked out, by region and day: the dashboard's clocks ask about the same few
 * hundred days for every case, and date-holidays takes about a millisecond to answer each time.
 * Bounded, since a day is cheap to work out again.
 */
const workingDays = new Map<string, boolean>();
const REMEMBERED_DAYS = 20_000;

export function isWorkingDay(iso: string, region: Region): boolean {
  const key = `${region}:${iso}`;
  let answer = workingDays.get(key);
  if (answer === undefined) {
    answer = workOutWorkingDay(iso, region);
    if (workingDays.size >= REMEMBERED_DAYS) {
      workingDays.clear();
    }
    workingDays.set(key, answer);
  }
  return answer;
}

function workOutWorkingDay(iso: string, region: Region): boolean {
  const date = toDate(iso);
  const day = date.getUTCDay();
  if (day === 0 || day === 6) {
    return false;
  }
  const holidays = calendar(region).isHoliday(date);
  return !(holidays && holidays.some((h) => h.type === 'public' || h.type === 'bank'));
}

/** The date `days` working days after `iso` (the day itself does not count). */
export function addWorkingDays(iso: string, days: number, region: Region): string {
  const date = toDate(iso);
  let added = 0;
  while (added < days) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(toIso(date), region)) {
      added += 1;
    }
  }
  return toIso(date);
}
