import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from './working-days.js';

describe('working days', () => {
  it.each([
    ['2026-11-23', 2, '2026-11-25', 'Monday plus two'],
    ['2026-11-27', 2, '2026-12-01', 'over a weekend'],
    ['2026-12-24', 2, '2026-12-30', 'over Christmas, Boxing Day and its substitute day'],
    ['2026-04-02', 1, '2026-04-07', 'over Good Friday and Easter Monday'],
    ['2026-11-21', 0, '2026-11-21', 'zero days is the same day'],
    ['2026-11-20', 5, '2026-11-27', 'five working days'],
  ])('%s plus %i working days is %s (%s)', (from, days, expected) => {
    expect(addWorkingDays(from, days, 'ENG')).toBe(expected);
  });

  it('knows the regions differ: 2 January is a bank holiday in Scotland, not in England', () => {
    expect(isWorkingDay('2026-01-02', 'ENG')).toBe(true);
    expect(isWorkingDay('2026-01-02', 'SCT')).toBe(false);
  });

  it('always lands on a working day, after the start, and never earlier for more days', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 15 }),
        (date, days) => {
          const from = date.toISOString().slice(0, 10);
          const due = addWorkingDays(from, days, 'ENG');
          expect(isWorkingDay(due, 'ENG')).toBe(true);
          expect(due > from).toBe(true);
          expect(addWorkingDays(from, days + 1, 'ENG') > due).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
