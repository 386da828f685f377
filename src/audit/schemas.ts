import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_RECORD_TYPES, AUDIT_SIDES } from './actions.js';
import { readDateParts, startOfLondonDay, startOfNextLondonDay, type CalendarDate } from './dates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Record ids are UUIDs, or numbers for audit entries themselves: never free text about a person. */
const RECORD_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,19})$/i;

export const AUDIT_PAGE_SIZE = 50;
/** Counts stop here: "more than 1,000 entries" rather than counting the whole log on every view. */
export const AUDIT_COUNT_CAP = 1000;
/** An audit entry's id, small enough for a bigint: anything else is not a cursor we wrote. */
const ENTRY_ID = /^[1-9]\d{0,17}$/;

/** The log's sortable column (its time), and the order select's old values read as it. */
const AUDIT_SORTS = ['time', 'newest', 'oldest'] as const;

/** Newest first unless dir=asc (or the old sort=oldest) asks for oldest first. */
function auditOrder(sort: (typeof AUDIT_SORTS)[number] | undefined, dir: 'asc' | 'desc' | undefined): 'newest' | 'oldest' {
  if (dir) {
    return dir === 'asc' ? 'oldest' : 'newest';
  }
  return sort === 'oldest' ? 'oldest' : 'newest';
}

export type AuditPageCursor = { direction: 'after' | 'before'; id: string };

function entryIdOrNothing(value: unknown): string | undefined {
  return typeof value === 'string' && ENTRY_ID.test(value) ? value : undefined;
}

function pageCursor(after: string | undefined, before: string | undefined): AuditPageCursor | undefined {
  if (after && before) {
    return undefined;
  }
  if (after) {
    return { direction: 'after', id: after };
  }
  return before ? { direction: 'before', id: before } : undefined;
}

/** An unselected option or an empty box arrives as ''; treat it as not given. */
const blank = (value: unknown): unknown => (value === '' || value === null ? undefined : value);
const trimmedOrBlank = (value: unknown): unknown => blank(typeof value === 'string' ? value.trim() : value);

/** A case's reference as its pages show it: PA-1042 (participant), PS-1043 (partner case), RF-1044 (referral). */
const CASE_REFERENCE = /^[A-Z]{2}-\d{1,12}$/;

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
    record: z.preprocess(
      (value) => trimmedOrBlank(typeof value === 'string' ? value.toUpperCase().replace(/\s+/g, '') : value),
      z.string().regex(CASE_REFERENCE, 'Enter a case reference as it appears on the case, like PA-1042 or PS-1043').optional(),
    ),
    side: z.preprocess(blank, z.enum(AUDIT_SIDES, { error: 'Select perpetrator side or partner side' }).optional()),
    // The Time heading sorts the log (sort=time, dir=desc newest first or asc oldest first); the
    // order select's old values (sort=newest, sort=oldest) are still read, for links kept from it.
    sort: z.preprocess(blank, z.enum(AUDIT_SORTS, { error: 'sort must be time' }).optional()),
    dir: z.preprocess(
      blank,
      z.enum(['asc', 'desc'], { error: 'dir must be asc (oldest first) or desc (newest first)' }).optional(),
    ),
    'from-day': datePart,
    'from-month': datePart,
    'from-year': datePart,
    'to-day': datePart,
    'to-month': datePart,
    'to-year': datePart,
    // Page links carry the id of the last (or first) entry shown. A malformed one shows the
    // first page, as for any stale link: nothing a person could correct by hand.
    after: z.preprocess(entryIdOrNothing, z.string().optional()),
    before: z.preprocess(entryIdOrNothing, z.string().optional()),
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
      reference: input.record,
      side: input.side,
      order: auditOrder(input.sort, input.dir),
      fromDate: from,
      toDate: to,
      cursor: pageCursor(input.after, input.before),
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
