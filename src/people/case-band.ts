import type { CaseTab } from '../web/case-sections.js';

/*
 * The header band of a case file (his or hers, one template: src/web/views/case-band.njk) and its
 * tabs. The case file's routes say what the record shows; this decides nothing about access: a
 * field the viewer may not see arrives here as null and is left out of the band.
 */

/** A tab the viewer may use, with its address. */
export type CaseTabLink = { tab: CaseTab; text: string; href: string };

/** A risk level as the band shows it: what it comes from, its label and tag, and its date. */
export type BandRisk = { source: string; label: string; tagClass: string; on: string };

export type CaseBandInput = {
  /** "Participant" or "Partner case", said before the reference. */
  kindLabel: string;
  name: string;
  knownAs?: string | null;
  reference: string;
  statusLabel: string;
  workerName: string | null;
  /** Null when the viewer may not see it, or none is recorded (`riskShown` says which). */
  risk: BandRisk | null;
  riskShown: boolean;
  /** Counts the viewer may see (null: not shown on this side or to this viewer). */
  openAlerts: number | null;
  openDuties: number | null;
  /** The interpreter need (his or hers): undefined when the viewer's view of the record holds no such field. */
  interpreter?: string | null;
  /** Her safe-contact rules (her side only). */
  safeContactRules?: readonly string[] | null;
  tabs: readonly CaseTabLink[];
  current: CaseTab;
};

export type CaseBand = {
  kindLabel: string;
  name: string;
  knownAs: string | null;
  reference: string;
  statusLabel: string;
  workerName: string;
  risk: BandRisk | null;
  riskShown: boolean;
  openAlerts: number | null;
  openDuties: number | null;
  interpreterShown: boolean;
  interpreter: string;
  safeContactRules: readonly string[] | null;
  /** The MOJ sub-navigation's items, the tab shown marked current. */
  tabItems: Array<{ tab: CaseTab; text: string; href: string; active: boolean; attributes: { 'data-qa': string } }>;
  currentTab: CaseTabLink;
};

/** Her DASH level's tag colour, and his risk assessment's (the assessment's own classes pass through). */
export const DASH_LEVEL_TAGS: Readonly<Record<string, string>> = {
  standard: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--red',
};

export function caseBand(input: CaseBandInput): CaseBand {
  const current = input.tabs.find((t) => t.tab === input.current);
  if (!current) {
    throw new Error(`The tab ${input.current} is not among the case's tabs`);
  }
  return {
    kindLabel: input.kindLabel,
    name: input.name,
    knownAs: input.knownAs ?? null,
    reference: input.reference,
    statusLabel: input.statusLabel,
    workerName: input.workerName ?? 'Not allocated',
    risk: input.risk,
    riskShown: input.riskShown,
    openAlerts: input.openAlerts,
    openDuties: input.openDuties,
    interpreterShown: input.interpreter !== undefined,
    interpreter: input.interpreter ?? 'Not needed',
    safeContactRules: input.safeContactRules && input.safeContactRules.length ? input.safeContactRules : null,
    tabItems: input.tabs.map((t) => ({
      tab: t.tab,
      text: t.text,
      href: t.href,
      active: t.tab === input.current,
      attributes: { 'data-qa': `case-tab-${t.tab}` },
    })),
    currentTab: current,
  };
}

/** The tabs of a case file the viewer may use, in order, each at its address under the record's. */
export function caseTabLinks(
  base: string,
  tabs: ReadonlyArray<{ tab: CaseTab; text: string; path: string; shown: boolean }>,
): CaseTabLink[] {
  return tabs.filter((t) => t.shown).map((t) => ({ tab: t.tab, text: t.text, href: t.path ? `${base}/${t.path}` : base }));
}
