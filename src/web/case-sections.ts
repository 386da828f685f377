import type { Actor, RequestOrigin } from '../access/index.js';

/** The tabs of a case file: his has Programme, hers has Support; the rest are on both. */
export const CASE_TABS = [
  'overview',
  'contact',
  'risk',
  'programme',
  'support',
  'children',
  'documents',
  'shares',
  'history',
] as const;
export type CaseTab = (typeof CASE_TABS)[number];

/**
 * A section of a case page that another capability answers: its name in the page's context, the
 * tabs that show it ('every' for what the case's header band shows on every tab), and how to read
 * it for the record the page shows. The composition root (src/app) lists each case page's
 * sections, so the case file's own folder imports none of the capabilities that answer them.
 * A section the actor may not see reads as null (or as the capability's own "nothing").
 */
export type CaseSection<Record> = {
  name: string;
  tabs: readonly CaseTab[] | 'every';
  read: (actor: Actor, record: Record, origin: RequestOrigin) => Promise<unknown>;
};

/** Whether a tab shows a section. */
export const sectionOnTab = (section: { tabs: readonly CaseTab[] | 'every' }, tab: CaseTab): boolean =>
  section.tabs === 'every' || section.tabs.includes(tab);

/**
 * The sections one tab shows, each read once in turn inside the request's one unit of work, by
 * name. A section the tab does not show is not read at all (and is absent from the answer).
 */
export async function readSections<Record>(
  sections: readonly CaseSection<Record>[],
  actor: Actor,
  record: Record,
  origin: RequestOrigin,
  tab: CaseTab,
): Promise<{ [name: string]: unknown }> {
  const values: { [name: string]: unknown } = {};
  for (const section of sections) {
    if (sectionOnTab(section, tab)) {
      values[section.name] = await section.read(actor, record, origin);
    }
  }
  return values;
}
