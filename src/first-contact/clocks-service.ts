// The first-contact clocks: what each side's clock lists, how many, and the share of first attempts made on time.
import type { Trx } from '../db/database.js';
import { cappedTotal, COUNT_CAP, shownOfTotal } from '../web/pagination.js';
import {
  countParticipantClock,
  countPartnerClock,
  participantClockKpi,
  participantClockPage,
  partnerClockKpi,
  partnerClockPage,
  type ClockDeadline,
  type ClockKpiRow,
  type ClockList,
  type ClockRow,
} from './clocks-repository.js';
import { addWorkingDays, type Region } from '../dates/working-days.js';
import { londonMidnight } from '../dates/london.js';

export type ClockItem = {
  caseId: string;
  reference: string;
  name: string;
  workerName: string | null;
  openedOn: string;
  dueOn: string;
  overdue: boolean;
  firstAttemptAt: string | null;
};

export type Clock = {
  targetDays: number;
  /** No attempt yet: due or overdue. */
  due: ClockItem[];
  /** Attempted (a text or voicemail counts), but no contact made yet. */
  awaitingContact: ClockItem[];
  /** How many are on each list (counted up to a cap: `totalIsCapped` says there are more); the lists show the oldest few. */
  dueTotal: { total: number; totalIsCapped: boolean };
  awaitingTotal: { total: number; totalIsCapped: boolean };
  /** "The 25 opened longest ago of 1,234." when a list shows only some; otherwise null. */
  dueShown: string | null;
  awaitingShown: string | null;
  /** Of the cases opened in the last 90 days, how many had a first attempt on time. */
  kpi: { opened: number; onTime: number; percent: number | null };
};

/** How many of each clock's lists the dashboard shows, oldest opened first. */
export const CLOCK_LIST_SIZE = 25;

/** One side's clock queries (src/first-contact/clocks-repository.ts). */
export type ClockQueries = {
  page: (trx: Trx, organisationId: string, list: ClockList, limit: number) => Promise<ClockRow[]>;
  count: (trx: Trx, organisationId: string, list: ClockList, upTo: number) => Promise<number>;
  kpi: (trx: Trx, organisationId: string, deadlines: ClockDeadline[]) => Promise<ClockKpiRow>;
};

export const PARTNER_CLOCK: ClockQueries = {
  page: partnerClockPage,
  count: countPartnerClock,
  kpi: partnerClockKpi,
};
export const PARTICIPANT_CLOCK: ClockQueries = {
  page: participantClockPage,
  count: countParticipantClock,
  kpi: participantClockKpi,
};

const KPI_WINDOW_DAYS = 90;

/** The ISO date after `iso`. */
const nextDay = (iso: string): string => new Date(Date.parse(`${iso}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** One side's clock: its lists, counted up to a cap, and the measured window of the last 90 days. */
export async function firstContactClock(
  trx: Trx,
  organisationId: string,
  queries: ClockQueries,
  targetDays: number,
  today: string,
  region: Region,
): Promise<Clock> {
  const kpiFrom = new Date(Date.parse(`${today}T12:00:00Z`) - KPI_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  const present = (row: ClockRow): ClockItem => {
    const dueOn = addWorkingDays(row.openedOn, targetDays, region);
    return {
      caseId: row.caseId,
      reference: row.reference,
      name: row.name,
      workerName: row.workerName,
      openedOn: row.openedOn,
      dueOn,
      overdue: !row.firstAttemptAt && today > dueOn,
      firstAttemptAt: row.firstAttemptAt ? row.firstAttemptAt.toISOString() : null,
    };
  };
  const listed = async (list: ClockList) => {
    const rows = await queries.page(trx, organisationId, list, CLOCK_LIST_SIZE);
    const counted = rows.length < CLOCK_LIST_SIZE ? rows.length : await queries.count(trx, organisationId, list, COUNT_CAP + 1);
    const total = cappedTotal(counted);
    const shown = shownOfTotal(rows.length, total, 'opened longest ago');
    return { items: rows.map(present), total, shown };
  };
  const due = await listed('due');
  const awaiting = await listed('awaiting');
  // Each day of the window with the end of its due day in London: the database counts the rest.
  const deadlines: ClockDeadline[] = [];
  for (let day = kpiFrom; day <= today; day = nextDay(day)) {
    deadlines.push({ openedOn: day, dueBy: londonMidnight(nextDay(addWorkingDays(day, targetDays, region))) });
  }
  const { opened, onTime } = await queries.kpi(trx, organisationId, deadlines);
  return {
    targetDays,
    due: due.items,
    dueTotal: due.total,
    dueShown: due.shown,
    awaitingContact: awaiting.items,
    awaitingTotal: awaiting.total,
    awaitingShown: awaiting.shown,
    kpi: { opened, onTime, percent: opened ? Math.round((onTime / opened) * 100) : null },
  };
}

/**
 * The last opening day whose first attempt is overdue today: a case opened on it or before, with no
 * attempt yet, has passed its due day (`dueOn` above, overdue when today is after it). Working days
 * only ever move a due day later, so the search walks back from today a few days at most.
 */
export function lastOverdueOpenedOn(today: string, targetDays: number, region: Region): string {
  let day = today;
  while (addWorkingDays(day, targetDays, region) >= today) {
    day = new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  return day;
}
