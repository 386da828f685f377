import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, icalUtc, renderCalendar } from './ical.js';

const octets = (line: string) => new TextEncoder().encode(line).length;

describe('the iCalendar writer (RFC 5545)', () => {
  it('escapes TEXT values and drops control characters', () => {
    expect(escapeText('Group; room 2, upstairs\\back\nNotes\u0007')).toBe('Group\\; room 2\\, upstairs\\\\back\\nNotes');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'Sesión – “crème brûlée” 🙂 '.repeat(8)}`;
    const folded = foldLine(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const [i, l] of lines.entries()) {
      expect(octets(l)).toBeLessThanOrEqual(75);
      if (i > 0) {
        expect(l.startsWith(' ')).toBe(true);
      }
    }
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('writes UTC times, CRLF line ends, and parses back to the same events', () => {
    const startsAt = new Date('2026-10-26T18:30:00Z');
    const text = renderCalendar(
      'Parallel: my sessions',
      [
        {
          uid: 'a1@parallel',
          startsAt,
          endsAt: new Date('2026-10-26T21:00:00Z'),
          summary: 'Monday group: Session 3, part 1',
          location: 'Community centre, 1 Canal Street',
          cancelled: false,
          sequence: 2,
        },
        {
          uid: 'b2@parallel',
          startsAt,
          endsAt: new Date('2026-10-26T21:00:00Z'),
          summary: 'Cancelled one',
          location: null,
          cancelled: true,
          sequence: 1,
        },
      ],
      new Date('2026-10-01T09:00:00Z'),
    );
    expect(icalUtc(startsAt)).toBe('20261026T183000Z');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(['a1@parallel', 'b2@parallel']);
    expect(events[0]?.summary).toBe('Monday group: Session 3, part 1');
    expect(events[0]?.location).toBe('Community centre, 1 Canal Street');
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe('2026-10-26T18:30:00.000Z');
    expect(events[0]?.sequence).toBe(2);
    expect(calendar.getAllSubcomponents('vevent')[1]?.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
