import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
/** MOJ frontend's own filters (mojDate and friends), which its components' templates call. */
const mojFilters = require('@ministryofjustice/frontend/moj/filters/all.js') as () => Record<
  string,
  (...args: unknown[]) => unknown
>;

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
  for (const [name, filter] of Object.entries(mojFilters())) {
    env.addFilter(name, filter);
  }
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('errorList', errorList);
  env.addGlobal('fieldError', fieldError);
  // A new one-time token each time a form is rendered (beside its CSRF field): a POST that repeats
  // a form's token returns what the first did instead of saving twice (src/web/idempotency).
  env.addGlobal('formToken', () => randomUUID());
}
