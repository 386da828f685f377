import type { DomainRating, RiskDomain, RiskLevel } from '../../db/schema.js';
import { DOMAIN_RATING_LABELS, RISK_DOMAINS, RISK_DOMAIN_LABELS, RISK_LEVEL_LABELS } from '../domains.js';
import type { RiskAssessmentRow, RiskAssessmentVersionSummary } from './repository.js';
import { todayIso } from './schemas.js';

export type DomainAssessmentView = { rating: DomainRating; evidence: string | null };

/** One version of his risk assessment, field by field, as pages and the API show it. */
export type RiskAssessmentView = {
  version: number;
  assessedOn: string;
  domains: Record<RiskDomain, DomainAssessmentView>;
  overallLevel: RiskLevel;
  summary: string;
  managementPlan: string;
  reviewOn: string;
  reviewOverdue: boolean;
  savedAt: string;
  savedBy: string;
};

export type RiskAssessmentVersionItem = {
  version: number;
  assessedOn: string;
  overallLevel: RiskLevel;
  reviewOn: string;
  savedAt: string;
  savedBy: string;
};

/** His current risk assessment in brief, for the assessment page and his case page. */
export type RiskAssessmentStatus = {
  version: number;
  overallLevel: RiskLevel;
  overallLevelLabel: string;
  levelTag: { text: string; classes: string };
  assessedOn: string;
  reviewOn: string;
  reviewOverdue: boolean;
};

export function presentRiskAssessment(row: RiskAssessmentRow, today = todayIso()): RiskAssessmentView {
  const domains = {} as Record<RiskDomain, DomainAssessmentView>;
  for (const d of row.domains) {
    domains[d.domain] = { rating: d.rating, evidence: d.evidence };
  }
  return {
    version: row.version,
    assessedOn: row.assessedOn,
    domains,
    overallLevel: row.overallLevel,
    summary: row.summary,
    managementPlan: row.managementPlan,
    reviewOn: row.reviewOn,
    reviewOverdue: row.reviewOn < today,
    savedAt: row.createdAt.toISOString(),
    savedBy: row.authorName,
  };
}

export function presentVersionItem(row: RiskAssessmentVersionSummary): RiskAssessmentVersionItem {
  return {
    version: row.version,
    assessedOn: row.assessedOn,
    overallLevel: row.overallLevel,
    reviewOn: row.reviewOn,
    savedAt: row.createdAt.toISOString(),
    savedBy: row.authorName,
  };
}

export function presentStatus(view: RiskAssessmentView): RiskAssessmentStatus {
  return {
    version: view.version,
    overallLevel: view.overallLevel,
    overallLevelLabel: RISK_LEVEL_LABELS[view.overallLevel],
    levelTag: levelTag(view.overallLevel),
    assessedOn: view.assessedOn,
    reviewOn: view.reviewOn,
    reviewOverdue: view.reviewOverdue,
  };
}

/** The tag colour for each overall level (govuk-tag modifiers). */
const LEVEL_TAG_CLASSES: Record<RiskLevel, string> = {
  standard: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  very_high: 'govuk-tag--red',
};

const RATING_TAG_CLASSES: Record<DomainRating, string> = {
  none: 'govuk-tag--grey',
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--red',
  not_known: 'govuk-tag--grey',
};

export const levelTag = (level: RiskLevel) => ({ text: RISK_LEVEL_LABELS[level], classes: LEVEL_TAG_CLASSES[level] });

/** The domains in the form's order, with labels, for the domains table. */
export function domainRows(
  view: Pick<RiskAssessmentView, 'domains'>,
): Array<{ domain: RiskDomain; label: string; ratingLabel: string; ratingClasses: string; evidence: string | null }> {
  return RISK_DOMAINS.filter((domain) => view.domains[domain]).map((domain) => {
    const d = view.domains[domain];
    return {
      domain,
      label: RISK_DOMAIN_LABELS[domain],
      ratingLabel: DOMAIN_RATING_LABELS[d.rating],
      ratingClasses: RATING_TAG_CLASSES[d.rating],
      evidence: d.evidence,
    };
  });
}

/** What a page needs to show one version: the view, its level tag and its domains table. */
export function pageOf(view: RiskAssessmentView) {
  return { ...view, levelTag: levelTag(view.overallLevel), domainRows: domainRows(view) };
}

/** The labels of the answers that differ from the version before, in reading order. */
export function changedAnswers(earlier: RiskAssessmentView, later: RiskAssessmentView): string[] {
  const changed: string[] = [];
  if (earlier.assessedOn !== later.assessedOn) {
    changed.push('Date of the assessment');
  }
  for (const domain of RISK_DOMAINS) {
    const a = earlier.domains[domain];
    const b = later.domains[domain];
    if (a?.rating !== b?.rating || a?.evidence !== b?.evidence) {
      changed.push(RISK_DOMAIN_LABELS[domain]);
    }
  }
  const rest: Array<[keyof RiskAssessmentView, string]> = [
    ['overallLevel', 'Overall level of risk'],
    ['summary', 'Summary of findings'],
    ['managementPlan', 'Risk management plan'],
    ['reviewOn', 'Review date'],
  ];
  for (const [key, label] of rest) {
    if (earlier[key] !== later[key]) {
      changed.push(label);
    }
  }
  return changed;
}
