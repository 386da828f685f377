import { can, type Actor } from '../access/index.js';
import type { AuditRecordType } from './actions.js';
import { AUDIT_ACTIONS, AUDIT_RECORD_TYPES } from './actions.js';
import { auditActionLabel } from './action-labels.js';
import { sortHeading } from '../web/sort-heading.js';
import type { AuditRecordDescription } from './repository.js';

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

/** What part of a partner case an entry about it concerns, from its action. */
const PARTNER_CASE_PARTS: Array<[RegExp, string]> = [
  [/^partner_case\.safety_plan_/, 'Safety plan for'],
  [/^partner_case\.(support_|information_session|onward_referral)/, 'Support work for'],
  [/^partner_case\.(children_viewed|child_details_changed)$/, 'Children on'],
  [/^partner_case\.appointment/, 'Appointments for'],
  [/^partner_case\.note_added$/, 'Support notes for'],
  [/^partner_case\.(safe_times_changed|address_|sealed_address)/, 'Safe contact details for'],
  [/^share\.listed$/, 'Shares of'],
  [/^risk_picture\.viewed_her_side$/, 'Risk picture for'],
];

/** What part of a participant's case an entry about it concerns, from its action. */
const PARTICIPANT_PARTS: Array<[RegExp, string]> = [
  [/^participant\.note_added$/, 'Case notes for'],
  [/^share\.listed$/, 'Shares of'],
  [/^risk_picture\.viewed_combined$/, 'Combined risk picture for'],
];

/** A record that belongs to a case, named by that case's reference. */
const BELONGS_TO: Partial<Record<AuditRecordType, string>> = {
  dash_assessment: 'DASH for',
  marac_referral: 'MARAC referral for',
  suitability_assessment: 'Suitability assessment for',
  risk_assessment: 'Risk assessment for',
  assessment_report: 'Assessment report for',
  share: 'Share about',
  risk_alert: 'Escalation alert for',
  referral_document: 'Document on referral',
};

/** A record with a name rather than a reference. */
const NAMED: Partial<Record<AuditRecordType, string>> = {
  group: 'Group',
  programme: 'Programme',
  programme_session: 'Session of group',
  venue: 'Venue',
  team: 'Team',
  user: 'User',
};

export type ReadableRecord = { text: string; href: string | null };

/**
 * The record an entry is about, in words a DPO can read: "Participant PA-1042", "Partner case
 * PS-1043", "Safety plan for PS-1043", "Group Monday evening". References and kinds only, never a
 * participant's or partner's name or contact details (app_audit_records returns none). Linked to
 * the record's page when the reader's policy lets them open it.
 */
export function readableRecord(
  actor: Actor,
  entry: { action: string; recordType: string | null; recordId: string | null },
  record: AuditRecordDescription | null,
): ReadableRecord | null {
  if (!entry.recordType) {
    return null;
  }
  const type = entry.recordType as AuditRecordType;
  const label = recordTypeLabel(entry.recordType);
  if (!record) {
    return { text: label, href: null };
  }
  const partOf = (parts: Array<[RegExp, string]>): string | undefined =>
    parts.find(([pattern]) => pattern.test(entry.action))?.[1];
  let text = label;
  if (record.reference) {
    if (type === 'participant') {
      const part = partOf(PARTICIPANT_PARTS);
      text = part ? `${part} ${record.reference}` : `Participant ${record.reference}`;
    } else if (type === 'partner_case') {
      const part = partOf(PARTNER_CASE_PARTS);
      text = part ? `${part} ${record.reference}` : `Partner case ${record.reference}`;
    } else if (type === 'referral') {
      text = `Referral ${record.reference}`;
    } else if (BELONGS_TO[type]) {
      text = `${BELONGS_TO[type]} ${record.reference}`;
    }
  } else if (record.name && NAMED[type]) {
    text = `${NAMED[type]} ${record.name}`;
  }
  return { text, href: recordPage(actor, record) };
}

function recordPage(actor: Actor, record: AuditRecordDescription): string | null {
  if (!record.caseId) {
    return null;
  }
  const owned = { organisationId: actor.organisationId };
  if (record.caseType === 'participant' && can(actor, 'participant.view', owned)) {
    return `/participants/${record.caseId}`;
  }
  if (record.caseType === 'partner_case' && can(actor, 'partnerCase.view', owned)) {
    return `/partner-cases/${record.caseId}`;
  }
  if (record.caseType === 'referral' && can(actor, 'referral.view', owned)) {
    return `/referrals/${record.caseId}`;
  }
  return null;
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

export function sideItems(selected: unknown): SelectItem[] {
  return withBlank(
    'Either side',
    [
      { value: 'perpetrator', text: 'Perpetrator side' },
      { value: 'partner', text: 'Partner side' },
    ],
    selected,
  );
}

/**
 * The Time heading, MOJ's sortable table heading as a link the server answers: aria-sort says
 * which way the log is in now, the link turns it the other way with the search kept (and no
 * cursor). Newest first is the log's own order, so its address carries no sort.
 */
export function timeHeading(query: Record<string, unknown>, order: 'newest' | 'oldest') {
  const { sort: _sort, dir: _dir, ...kept } = query;
  const heading = sortHeading('time', 'Time', { by: 'time', dir: order === 'newest' ? 'desc' : 'asc' }, (asked) =>
    searchQuery(asked.dir === 'desc' ? kept : { ...kept, sort: 'time', dir: asked.dir }, {}),
  );
  return {
    html: `<a class="govuk-link parallel-sort-link" href="${heading.href.replace(/&/g, '&amp;')}" data-qa="${heading.qa}">Time</a>`,
    attributes: { 'aria-sort': heading.ariaSort },
  };
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
