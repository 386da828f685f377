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

type PaginationItem = { number?: number; href?: string; current?: boolean; ellipsis?: boolean };
export type Pagination = { previous?: { href: string }; next?: { href: string }; items: PaginationItem[] };

/**
 * The govukPagination parameters: the first and last pages, the current page and its
 * neighbours, with ellipses between. No pagination at all for a single page.
 */
export function pagination(page: number, pageCount: number, hrefFor: (page: number) => string): Pagination | null {
  if (pageCount <= 1) {
    return null;
  }
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  let previousShown = 0;
  for (const n of shown) {
    if (n - previousShown > 1) {
      items.push({ ellipsis: true });
    }
    items.push({ number: n, href: hrefFor(n), current: n === page });
    previousShown = n;
  }
  return {
    ...(page > 1 ? { previous: { href: hrefFor(Math.min(page - 1, pageCount)) } } : {}),
    ...(page < pageCount ? { next: { href: hrefFor(page + 1) } } : {}),
    items,
  };
}

/** The search's own query string, for the page links, without empty fields. */
export function searchQuery(query: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'page' && typeof value === 'string' && value.trim() !== '') {
      params.set(key, value);
    }
  }
  params.set('page', String(page));
  return `/audit?${params.toString()}`;
}
