import { RISK_DOMAIN_LABELS, RISK_LEVEL_LABELS } from '../assessment/domains.js';
import { DASH_LEVEL_LABELS, dashQuestion, finalDashLevel } from '../dash/questions.js';
import type { MaracStatus, SuitabilityOutcome } from '../db/schema.js';
import { DISCLOSED_WORDS, spokenDate } from '../programme/journey/events.js';
import type { AlertRow } from './alert-lists.js';
import type { MinimisationFlag } from './minimisation.js';
import type * as repo from './repository.js';

/*
 * What the risk picture's pages and JSON receive, field by field. His side's items and hers are
 * built by separate functions from separate rows: nothing of hers can reach his side's list.
 */

/** One entry of a risk timeline (the MOJ timeline): when, what, and one line about it. */
export type TimelineItem = {
  on: string;
  kind: 'risk_assessment' | 'suitability' | 'disclosure' | 'alert' | 'dash' | 'marac' | 'event';
  label: string;
  text: string;
};

const SUITABILITY_OUTCOME_LABELS: Record<SuitabilityOutcome, string> = {
  early_response: 'early response',
  group_dapp: 'group programme (DAPP)',
  one_to_one: 'one-to-one programme',
  high_harm: 'high-harm case management',
  not_suitable: 'not suitable',
};

const MARAC_STATUS_LABELS: Record<MaracStatus, string> = { referred: 'Referred', heard: 'Heard', closed: 'Closed' };

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Newest first; on the same day, in the order given. */
export function byDateDescending(items: TimelineItem[]): TimelineItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.on === b.item.on ? a.index - b.index : a.item.on < b.item.on ? 1 : -1))
    .map(({ item }) => item);
}

export function alertItem(alert: AlertRow): TimelineItem {
  const state = alert.acknowledgedAt
    ? ` (dealt with${alert.acknowledgedByName ? ` by ${alert.acknowledgedByName}` : ''})`
    : ' (open)';
  return { on: alert.raisedOn, kind: 'alert', label: 'Escalation alert', text: `${alert.summary}${state}` };
}

/** His side's inputs: his risk assessment's versions, suitability outcomes, disclosures (with their detail), his side's alerts. */
export function hisSideItems(input: {
  assessments: repo.RiskAssessmentRow[];
  suitability: repo.SuitabilityRow[];
  disclosures: repo.DisclosureRow[];
  alerts: AlertRow[];
}): TimelineItem[] {
  return byDateDescending([
    ...input.assessments.map((a): TimelineItem => ({
      on: a.assessedOn,
      kind: 'risk_assessment',
      label: `Risk assessment, version ${a.version}`,
      text: `Overall level: ${RISK_LEVEL_LABELS[a.overallLevel]}. Review by ${spokenDate(a.reviewOn)}.`,
    })),
    ...input.suitability.map((s): TimelineItem => ({
      on: s.assessedOn,
      kind: 'suitability',
      label: 'Suitability assessment',
      text: `Outcome: ${SUITABILITY_OUTCOME_LABELS[s.outcome]}.`,
    })),
    ...input.disclosures.map((d): TimelineItem => ({
      on: d.disclosedOn,
      kind: 'disclosure',
      label: `Disclosure: ${DISCLOSED_WORDS[d.type]} (${d.severity} severity)`,
      text: d.detail,
    })),
    ...input.alerts.map(alertItem),
  ]);
}

/** Her side's inputs: her DASHes, her MARAC referrals and hearings, his basic events, her side's alerts. */
export function herSideItems(input: {
  dashes: repo.DashRow[];
  maracs: repo.MaracRow[];
  events: repo.EventRow[];
  alerts: AlertRow[];
}): TimelineItem[] {
  const maracItems = input.maracs.flatMap((m): TimelineItem[] => {
    const referred: TimelineItem = {
      on: m.referredOn,
      kind: 'marac',
      label: 'Referred to MARAC',
      text: `${m.area}${m.meetsOn ? `, for the meeting on ${spokenDate(m.meetsOn)}` : ''}. Status: ${MARAC_STATUS_LABELS[m.status]}.`,
    };
    return m.heardOn ? [{ on: m.heardOn, kind: 'marac', label: 'Heard at MARAC', text: m.area }, referred] : [referred];
  });
  return byDateDescending([
    ...input.dashes.map((d): TimelineItem => {
      const level = finalDashLevel(d.scoreLevel, d.judgementLevel);
      const judged = d.judgementLevel
        ? ` (raised by professional judgement from ${DASH_LEVEL_LABELS[d.scoreLevel].toLowerCase()})`
        : '';
      return {
        on: d.completedOn,
        kind: 'dash',
        label: 'DASH risk identification',
        text: `${d.yesCount} ${d.yesCount === 1 ? '“yes” answer' : '“yes” answers'}. Level: ${DASH_LEVEL_LABELS[level]}${judged}.`,
      };
    }),
    ...maracItems,
    ...input.events.map((e): TimelineItem => ({
      on: e.occurredOn,
      kind: 'event',
      label: 'The participant’s programme',
      text: e.basicSummary,
    })),
    ...input.alerts.map(alertItem),
  ]);
}

/** A minimisation flag as the combined picture shows it: the domain, and the questions she answered "yes". */
export type MinimisationView = {
  domain: string;
  domainLabel: string;
  questions: Array<{ number: number; text: string }>;
  sentence: string;
};

export function presentFlag(flag: MinimisationFlag, participantName: string): MinimisationView {
  const label = RISK_DOMAIN_LABELS[flag.domain];
  return {
    domain: flag.domain,
    domainLabel: label,
    questions: flag.questions.map((number) => ({ number, text: dashQuestion(number, participantName) })),
    sentence: `${capitalised(label)}: the participant’s risk assessment rates this none, but the partner answered “yes” to DASH question ${flag.questions.join(' and ')}.`,
  };
}

/** An escalation alert in a list: his side's link to his picture, hers to her case's. */
export type AlertView = {
  id: string;
  side: 'perpetrator' | 'partner';
  participant: { id: string; name: string; reference: string };
  /** Her case, on her side's alerts only: a DASH alert's own, or the case an alert about him is told to (dealt with for it). */
  partnerCase: { id: string; reference: string; name: string } | null;
  source: 'disclosure' | 'dash';
  summary: string;
  raisedOn: string;
  acknowledged: boolean;
  href: string;
};

export function presentAlert(row: AlertRow, partnerCase: { reference: string; name: string } | undefined): AlertView {
  const hers =
    row.side === 'partner' && row.partnerCaseId
      ? { id: row.partnerCaseId, ...(partnerCase ?? { reference: '', name: '' }) }
      : null;
  return {
    id: row.id,
    side: row.side,
    participant: {
      id: row.participantId,
      name: `${row.participantGivenName} ${row.participantFamilyName}`,
      reference: row.participantReference,
    },
    partnerCase: hers,
    source: row.source,
    summary: row.summary,
    raisedOn: row.raisedOn,
    acknowledged: row.acknowledgedAt !== null,
    href: hers ? `/partner-cases/${hers.id}/risk-picture` : `/participants/${row.participantId}/risk-picture`,
  };
}
