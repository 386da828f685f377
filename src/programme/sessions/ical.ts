/*
 * An iCalendar (RFC 5545) feed written by hand: the few properties a facilitator's calendar
 * needs, with the format's rules kept exactly (CRLF line ends, lines folded at 75 octets without
 * splitting a character, TEXT escaping, UTC times, a stable UID per session). No library in the
 * registry fits Node 20 and is still kept for it (ical-generator's kept major needs Node 22).
 */
export type FeedEvent = {
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string | null;
  cancelled: boolean;
  /** Bumped by each change, so calendar software replaces its copy. */
  sequence: number;
};

const CRLF = '\r\n';
const encoder = new TextEncoder();

/** 20261026T183000Z */
export function icalUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT values: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .split('')
    .filter((char) => !isControl(char))
    .join('');
}

/** Control characters other than the tab have no place in a TEXT value (RFC 5545, 3.3.11). */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
}

/** Folds a content line into lines of at most 75 octets, continuing each with a space (RFC 5545, 3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line may hold 75 octets; each continuation holds 74 after its leading space.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

export function renderCalendar(calendarName: string, events: FeedEvent[], now: Date = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Parallel//Programme sessions//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendarName)}`,
  ];
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${icalUtc(now)}`,
      `DTSTART:${icalUtc(event.startsAt)}`,
      `DTEND:${icalUtc(event.endsAt)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
      `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      `SEQUENCE:${event.sequence}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
