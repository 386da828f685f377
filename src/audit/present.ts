import type { AuditRecordType } from './actions.js';
import { AUDIT_ACTIONS, AUDIT_RECORD_TYPES, auditActionLabel } from './actions.js';

/** View models for the audit log page. */

const RECORD_TYPE_LABELS: Record<AuditRecordType, string> = {
  organisation: 'Organisation',
  user: 'User',
  team: 'Team',
  participant: 'Participant',
  partner_case: 'Partner case',
  share: 'Share',
  audit: 'Audit log',
  referral: 'Referral',
  programme: 'Programme',
  venue: 'Venue',
  group: 'Group',
  enrolment: 'Programme enrolment',
  non_association: 'Non-association',
  programme_session: 'Programme session',
  referral_document: 'Referral document',
  disclosure: 'Disclosure',
  enrolment_review: 'Review of a participant’s attendance',
  suitability_assessment: 'Suitability assessment',
  risk_assessment: 'Risk assessment',
  assessment_report: 'Assessment report',
  dash_assessment: 'DASH risk identification',
  marac_referral: 'MARAC referral',
  marac_meeting: 'MARAC meeting',
  risk_alert: 'Escalation alert',
};

export function recordTypeLabel(type: string | null): string {
  if (!type) {
    return '';
  }
  return (RECORD_TYPE_LABELS as Record<string, string>)[type] ?? type;
}

type SelectItem = { value: string; text: string; selected?: boolean };

function withBlank(blankText: string, items: SelectItem[], selected: unknown): SelectItem[] {
  return [{ value: '', text: blankText }, ...items].map((item) => ({
    ...item,
    selected: item.value !== '' && item.value === selected,
  }));
}

export function actorItems(users: Array<{ id: string; displayName: string }>, selected: unknown): SelectItem[] {
  return withBlank(
    'Anyone',
    users.map((user) => ({ value: user.id, text: user.displayName })),
    selected,
  );
}

export function actionItems(selected: unknown): SelectItem[] {
  return withBlank(
    'Any action',
    AUDIT_ACTIONS.map((action) => ({ value: action, text: auditActionLabel(action) })),
    selected,
  );
}

export function recordTypeItems(selected: unknown): SelectItem[] {
  return withBlank(
    'Any record',
    AUDIT_RECORD_TYPES.map((type) => ({ value: type, text: RECORD_TYPE_LABELS[type] })),
    selected,
  );
}

export type Pagination = { previous?: { href: string }; next?: { href: string } };

/**
 * The govukPagination parameters for a list paged by keyset: previous and next links only (no
 * page numbers, which would need counting the whole log). None at all when there is one page.
 */
export function keysetPagination(
  query: Record<string, unknown>,
  page: { previous: 'first-page' | { before: string } | null; next: { after: string } | null },
): Pagination | null {
  if (!page.previous && !page.next) {
    return null;
  }
  return {
    ...(page.previous ? { previous: { href: searchQuery(query, page.previous === 'first-page' ? {} : page.previous) } } : {}),
    ...(page.next ? { next: { href: searchQuery(query, page.next) } } : {}),
  };
}

/** The search's own query string with a page cursor, for the page links, without empty fields. */
export function searchQuery(query: Record<string, unknown>, cursor: { after?: string; before?: string }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (!['page', 'after', 'before'].includes(key) && typeof value === 'string' && value.trim() !== '') {
      params.set(key, value);
    }
  }
  for (const [key, value] of Object.entries(cursor)) {
    params.set(key, value);
  }
  const text = params.toString();
  return text ? `/audit?${text}` : '/audit';
}

const wholeNumber = new Intl.NumberFormat('en-GB');

/**
 * "Showing 101 to 120 of 120 entries"; past the counting cap, "of more than 1,000 entries", and
 * when the page itself starts past the cap, only how many are shown.
 */
export function resultCount(page: { shown: number; matching: number; firstPosition: number | null }, cap: number): string {
  if (page.shown === 0) {
    return 'No entries match this search.';
  }
  const of = page.matching > cap ? `more than ${wholeNumber.format(cap)}` : wholeNumber.format(page.matching);
  if (page.firstPosition === null) {
    return `Showing ${wholeNumber.format(page.shown)} of ${of} entries`;
  }
  const last = page.firstPosition + page.shown - 1;
  return `Showing ${wholeNumber.format(page.firstPosition)} to ${wholeNumber.format(last)} of ${of} entries`;
}
