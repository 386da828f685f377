import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { mojDate } from './filters.js';

// MOJ Frontend's own filters read the server's time zone: in winter, London's is UTC.
process.env.TZ = 'UTC';
const require = createRequire(import.meta.url);
const moj = (
  require('@ministryofjustice/frontend/moj/filters/all.js') as () => { mojDate: (t: unknown, type?: string) => unknown }
)();

describe('mojDate, the filter MOJ Frontend’s timeline calls', () => {
  const winter = ['2026-12-07T14:05:00.000Z', '2026-01-01T00:00:00.000Z', '2026-09-30T23:59:00.000Z', '2026-02-03T12:00:00Z'];

  it.each(['datetime', 'shortdatetime', 'date', 'shortdate', 'time'])('writes %s as MOJ Frontend does, in winter', (type) => {
    for (const at of winter) {
      if (at.startsWith('2026-09')) {
        continue; // summer time: see below
      }
      expect(mojDate(at, type)).toBe(moj.mojDate(at, type));
      expect(mojDate(new Date(at), type)).toBe(moj.mojDate(new Date(at), type));
    }
  });

  it('gives the time in London in summer, not the server’s time zone', () => {
    expect(mojDate('2026-07-01T13:30:00Z', 'datetime')).toBe('1 July 2026 at 2:30pm');
    expect(mojDate('2026-09-30T23:59:00Z', 'date')).toBe('1 October 2026');
    expect(mojDate('2026-03-29T00:59:00Z', 'time')).toBe('12:59am');
    expect(mojDate('2026-03-29T01:00:00Z', 'time')).toBe('2am');
  });

  it('reads a date without a time as that day, and leaves other types and nothing as they are', () => {
    expect(mojDate('2026-12-07', 'date')).toBe('7 December 2026');
    expect(mojDate('2026-09-07', 'shortdate')).toBe('7 Sep 2026');
    expect(mojDate('2026-12-07T10:00:00Z', 'other')).toBe('2026-12-07T10:00:00Z');
    expect(mojDate('not a date', 'date')).toBe('Invalid date');
  });
});
