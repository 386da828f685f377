import type { SafetyPlanRow, SafetyPlanVersionSummary } from './repository.js';
import { todayIso } from './schemas.js';

/** One version of her safety plan, field by field, as pages and the API show it. */
export type SafetyPlanView = {
  version: number;
  risks: string;
  warningSigns: string | null;
  safePlaces: string | null;
  safePeople: string | null;
  childrenSafety: string | null;
  escapeBag: string | null;
  escapeDocuments: string | null;
  escapeRoute: string | null;
  escapeDestination: string | null;
  localPolice: string | null;
  workerContact: string | null;
  technologySafety: string | null;
  reviewOn: string;
  reviewOverdue: boolean;
  savedAt: string;
  savedBy: string;
};

export type SafetyPlanVersionItem = { version: number; reviewOn: string; savedAt: string; savedBy: string };

export function presentSafetyPlan(row: SafetyPlanRow, today = todayIso()): SafetyPlanView {
  return {
    version: row.version,
    risks: row.risks,
    warningSigns: row.warningSigns,
    safePlaces: row.safePlaces,
    safePeople: row.safePeople,
    childrenSafety: row.childrenSafety,
    escapeBag: row.escapeBag,
    escapeDocuments: row.escapeDocuments,
    escapeRoute: row.escapeRoute,
    escapeDestination: row.escapeDestination,
    localPolice: row.localPolice,
    workerContact: row.workerContact,
    technologySafety: row.technologySafety,
    reviewOn: row.reviewOn,
    reviewOverdue: row.reviewOn < today,
    savedAt: row.createdAt.toISOString(),
    savedBy: row.authorName,
  };
}

export function presentVersionItem(row: SafetyPlanVersionSummary): SafetyPlanVersionItem {
  return { version: row.version, reviewOn: row.reviewOn, savedAt: row.createdAt.toISOString(), savedBy: row.authorName };
}

/** The labels of the answers that differ between two versions (the review date too), in reading order. */
export function changedAnswers(earlier: SafetyPlanView, later: SafetyPlanView): string[] {
  const changed = PLAN_SECTIONS.flatMap((section) => section.fields)
    .filter((field) => earlier[field.key] !== later[field.key])
    .map((field) => field.label);
  return earlier.reviewOn === later.reviewOn ? changed : [...changed, 'Review date'];
}

/** The plan's sections in reading order, for the plan page, a version and the print view. */
export const PLAN_SECTIONS: ReadonlyArray<{
  heading: string;
  fields: ReadonlyArray<{ key: keyof SafetyPlanView; label: string }>;
}> = [
  {
    heading: 'Risks and warning signs',
    fields: [
      { key: 'risks', label: 'Risks the partner names' },
      { key: 'warningSigns', label: 'Warning signs' },
    ],
  },
  {
    heading: 'Safe places and people',
    fields: [
      { key: 'safePlaces', label: 'Safe places' },
      { key: 'safePeople', label: 'Safe people' },
    ],
  },
  { heading: 'Children’s safety', fields: [{ key: 'childrenSafety', label: 'Children’s safety' }] },
  {
    heading: 'Escape plan',
    fields: [
      { key: 'escapeBag', label: 'Bag (what is in it, where it is kept)' },
      { key: 'escapeDocuments', label: 'Documents' },
      { key: 'escapeRoute', label: 'Route' },
      { key: 'escapeDestination', label: 'Where to go' },
    ],
  },
  {
    heading: 'Local numbers',
    fields: [
      { key: 'localPolice', label: 'Local police' },
      { key: 'workerContact', label: 'Partner support worker' },
    ],
  },
  { heading: 'Technology safety', fields: [{ key: 'technologySafety', label: 'Phones, accounts, location sharing' }] },
];
