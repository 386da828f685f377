import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_RECORD_TYPES } from './actions.js';
import { readDateParts, startOfLondonDay, startOfNextLondonDay, type CalendarDate } from './dates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Record ids are UUIDs, or numbers for audit entries themselves: never free text about a person. */
const RECORD_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,19})$/i;

export const AUDIT_PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

/** An unselected option or an empty box arrives as ''; treat it as not given. */
const blank = (value: unknown): unknown => (value === '' || value === null ? undefined : value);
const trimmedOrBlank = (value: unknown): unknown => blank(typeof value === 'string' ? value.trim() : value);

const datePart = z.string().max(10, 'Enter a shorter value').optional();

export const ZAuditSearch = z
  .object({
    actor: z.preprocess(
      blank,
      z
        .string()
        .regex(UUID, 'Select a user from the list')
        .transform((id) => id.toLowerCase())
        .optional(),
    ),
    action: z.preprocess(blank, z.enum(AUDIT_ACTIONS, { error: 'Select an action from the list' }).optional()),
    recordType: z.preprocess(blank, z.enum(AUDIT_RECORD_TYPES, { error: 'Select a record type from the list' }).optional()),
    recordId: z.preprocess(
      trimmedOrBlank,
      z
        .string()
        .regex(RECORD_ID, 'Enter a record id as it appears in the log, like 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e0f1a3b')
        .transform((id) => id.toLowerCase())
        .optional(),
    ),
    'from-day': datePart,
    'from-month': datePart,
    'from-year': datePart,
    'to-day': datePart,
    'to-month': datePart,
    'to-year': datePart,
    page: z.preprocess(blank, z.coerce.number({ error: 'Enter a page number' }).int().min(1).max(MAX_PAGE).default(1)),
  })
  .superRefine((input, ctx) => {
    const from = readDateParts({ day: input['from-day'], month: input['from-month'], year: input['from-year'] }, 'Date from');
    const to = readDateParts({ day: input['to-day'], month: input['to-month'], year: input['to-year'] }, 'Date to');
    if (from.problem) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: from.problem });
    }
    if (to.problem) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: to.problem });
    }
    if (from.date && to.date && startOfLondonDay(to.date) < startOfLondonDay(from.date)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Date to must be the same as or after date from' });
    }
  })
  .transform((input) => {
    const from = readDateParts({ day: input['from-day'], month: input['from-month'], year: input['from-year'] }, '').date;
    const to = readDateParts({ day: input['to-day'], month: input['to-month'], year: input['to-year'] }, '').date;
    return {
      actorUserId: input.actor,
      action: input.action,
      recordType: input.recordType,
      recordId: input.recordId,
      fromDate: from,
      toDate: to,
      page: input.page,
    };
  });

export type TAuditSearch = z.output<typeof ZAuditSearch>;

/** The instants a search's inclusive London dates cover. */
export function searchWindow(search: { fromDate?: CalendarDate | undefined; toDate?: CalendarDate | undefined }): {
  from?: Date;
  to?: Date;
} {
  return {
    ...(search.fromDate ? { from: startOfLondonDay(search.fromDate) } : {}),
    ...(search.toDate ? { to: startOfNextLondonDay(search.toDate) } : {}),
  };
}
