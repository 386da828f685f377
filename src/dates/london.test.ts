import { describe, expect, it } from 'vitest';
import { ClockChangeError, daysAfter, londonDateOf, londonMidnight, londonTimeToInstant, todayInLondon } from './london.js';
import { clock, fixClock } from './clock.js';

describe('the day in London', () => {
  it('takes today in London, not in UTC', () => {
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(londonDateOf(new Date('2027-07-14T23:00:00Z'))).toBe('2027-07-15');
    expect(londonDateOf(new Date('2027-07-14T22:59:59Z'))).toBe('2027-07-14');
  });

  it('reads the service clock, which a test can fix and give back', () => {
    fixClock(new Date('2027-07-14T23:30:00Z'));
    try {
      expect(todayInLondon()).toBe('2027-07-15');
      expect(clock().toISOString()).toBe('2027-07-14T23:30:00.000Z');
    } finally {
      fixClock(null);
    }
    expect(clock().toISOString()).not.toBe('2027-07-14T23:30:00.000Z');
  });

  it('starts a day at midnight London time, summer and winter', () => {
    expect(londonMidnight('2027-07-15').toISOString()).toBe('2027-07-14T23:00:00.000Z');
    expect(londonMidnight('2027-01-15').toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(londonMidnight('2027-03-28').toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(daysAfter('2027-03-27', 2)).toBe('2027-03-29');
  });
});

describe('a London wall-clock time as an instant', () => {
  it('names one instant on an ordinary day, in GMT or BST', () => {
    expect(londonTimeToInstant('2027-01-15', '18:30').toISOString()).toBe('2027-01-15T18:30:00.000Z');
    expect(londonTimeToInstant('2027-07-15', '00:30').toISOString()).toBe('2027-07-14T23:30:00.000Z');
    expect(londonTimeToInstant('2027-03-28', '00:59').toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(londonTimeToInstant('2027-03-28', '02:00').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(londonTimeToInstant('2026-10-25', '00:59').toISOString()).toBe('2026-10-24T23:59:00.000Z');
    expect(londonTimeToInstant('2026-10-25', '02:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('refuses a time in the spring gap, beside the field it was typed in', () => {
    const refused = (() => {
      try {
        londonTimeToInstant('2027-03-28', '01:30', { timeField: 'toldTime' });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(ClockChangeError);
    expect((refused as ClockChangeError).status).toBe(400);
    expect((refused as ClockChangeError).message).toBe(
      '01:30 on 28 March 2027 does not exist in London: the clocks go forward an hour at 1am.',
    );
    expect(Object.keys((refused as ClockChangeError).fields)).toEqual(['toldTime']);
    // Whatever offset is sent: the time is not there to choose.
    expect(() => londonTimeToInstant('2027-03-28', '01:00', { offset: 'GMT' })).toThrow(ClockChangeError);
  });

  it('asks which of a time in the autumn overlap, and takes BST as the first and GMT as the second', () => {
    expect(() => londonTimeToInstant('2026-10-25', '01:30')).toThrow(
      '01:30 on 25 October 2026 happens twice in London: the clocks go back an hour at 2am.',
    );
    expect(londonTimeToInstant('2026-10-25', '01:30', { offset: 'BST' }).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonTimeToInstant('2026-10-25', '01:30', { offset: 'GMT' }).toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(londonTimeToInstant('2027-10-31', '01:00', { offset: 'BST' }).toISOString()).toBe('2027-10-31T00:00:00.000Z');
    // An offset sent for an ordinary time changes nothing.
    expect(londonTimeToInstant('2026-10-26', '01:30', { offset: 'BST' }).toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });
});
