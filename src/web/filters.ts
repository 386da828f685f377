import { randomUUID } from 'node:crypto';
import type nunjucks from 'nunjucks';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : new Date(String(value instanceof Date ? value.toISOString() : value));
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

export function formatDateTime(value: unknown): string {
  if (!value) {
    return '';
  }
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const londonParts = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

/** The day and time in London of an instant (a Date, an ISO text or milliseconds), or null. */
function inLondon(value: unknown): { year: number; month: number; day: number; hour: number; minute: number } | null {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  // A date without a time is that day wherever it is read (as formatDate reads it).
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : value instanceof Date
        ? value
        : new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(date.getTime())) {
    return null;
  }
  const parts: Record<string, number> = {};
  for (const part of londonParts.formatToParts(date)) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/**
 * MOJ Frontend's `mojDate` filter (its timeline and messages components call it), with the same
 * output ("7 December 2026 at 2:05pm", "7 Dec 2026", "2pm"), in London time whatever the server's
 * time zone: MOJ's own reads the server's zone (UTC in a container, an hour out in summer), through
 * moment, which cost a case page with notes about a twentieth of its Node.js CPU.
 */
export function mojDate(timestamp: unknown, type?: string): unknown {
  if (!['datetime', 'shortdatetime', 'date', 'shortdate', 'time'].includes(type ?? '')) {
    return timestamp;
  }
  const at = inLondon(timestamp);
  if (!at) {
    return 'Invalid date';
  }
  const month = MONTHS[at.month - 1] ?? '';
  const day = `${at.day} ${month} ${at.year}`;
  const shortDay = `${at.day} ${month.slice(0, 3)} ${at.year}`;
  const hour12 = at.hour % 12 === 0 ? 12 : at.hour % 12;
  const time = `${hour12}${at.minute > 0 ? `:${String(at.minute).padStart(2, '0')}` : ''}${at.hour < 12 ? 'am' : 'pm'}`;
  switch (type) {
    case 'datetime':
      return `${day} at ${time}`;
    case 'shortdatetime':
      return `${shortDay} at ${time}`;
    case 'date':
      return day;
    case 'shortdate':
      return shortDay;
    default:
      return time;
  }
}

/** Field errors as the govukErrorSummary list, each linking to its field. */
export function errorList(fields: Record<string, string> | undefined): Array<{ text: string; href: string }> {
  return Object.entries(fields ?? {}).map(([field, text]) => ({ text, href: `#${field === '_' ? 'main-content' : field}` }));
}

/** The govuk macros' errorMessage option for one field, or false. */
export function fieldError(fields: Record<string, string> | undefined, field: string): { text: string } | false {
  const text = fields?.[field];
  return text ? { text } : false;
}

export function configureFilters(env: nunjucks.Environment): void {
  // MOJ Frontend's components call `mojDate`; its own `date` filter is Parallel's `date` here.
  env.addFilter('mojDate', mojDate);
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('errorList', errorList);
  env.addGlobal('fieldError', fieldError);
  // A new one-time token each time a form is rendered (beside its CSRF field): a POST that repeats
  // a form's token returns what the first did instead of saving twice (src/web/idempotency).
  env.addGlobal('formToken', () => randomUUID());
}
