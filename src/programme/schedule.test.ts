import { describe, expect, it } from 'vitest';
import { firstOnOrAfter, isoDayOfWeek, weeklySessionDates } from './schedule.js';

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

describe('weekly session dates', () => {
  it('keeps a group at 18:30 London time across the last Sunday of October (BST to GMT)', () => {
    // 25 October 2026 is the last Sunday of October: the clocks go back an hour.
    const dates = weeklySessionDates({ startDate: '2026-10-12', dayOfWeek: 1, startTime: '18:30:00' }, 4);
    expect(dates.map((d) => d.date)).toEqual(['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02']);
    // Before the change London is UTC+1, after it UTC+0: the instants differ, the wall clock does not.
    expect(dates.map((d) => d.startsAt.toISOString())).toEqual([
      '2026-10-12T17:30:00.000Z',
      '2026-10-19T17:30:00.000Z',
      '2026-10-26T18:30:00.000Z',
      '2026-11-02T18:30:00.000Z',
    ]);
    for (const { startsAt } of dates) {
      expect(london.format(startsAt)).toBe('Mon 18:30');
    }
  });

  it('keeps the wall-clock time across the last Sunday of March (GMT to BST), on the Sunday itself too', () => {
    const dates = weeklySessionDates({ startDate: '2026-03-22', dayOfWeek: 7, startTime: '10:00' }, 2);
    expect(dates.map((d) => d.startsAt.toISOString())).toEqual(['2026-03-22T10:00:00.000Z', '2026-03-29T09:00:00.000Z']);
  });

  it('starts on the first meeting day on or after the start date', () => {
    expect(firstOnOrAfter('2026-01-01', 1)).toBe('2026-01-05');
    expect(firstOnOrAfter('2026-01-05', 1)).toBe('2026-01-05');
    expect(isoDayOfWeek('2026-01-04')).toBe(7);
  });

  it('passes over bank holidays only when asked, moving the rest on a week', () => {
    // Mondays from 27 April 2026: 4 May and 25 May are bank holidays in England.
    const all = weeklySessionDates({ startDate: '2026-04-27', dayOfWeek: 1, startTime: '18:30' }, 5);
    expect(all.map((d) => d.date)).toEqual(['2026-04-27', '2026-05-04', '2026-05-11', '2026-05-18', '2026-05-25']);
    const skipping = weeklySessionDates({ startDate: '2026-04-27', dayOfWeek: 1, startTime: '18:30' }, 5, {
      skipBankHolidays: true,
    });
    expect(skipping.map((d) => d.date)).toEqual(['2026-04-27', '2026-05-11', '2026-05-18', '2026-06-01', '2026-06-08']);
  });
});
