import type { Actor, RequestOrigin } from '../access/index.js';

/**
 * A section of a case page that another capability answers: its name in the page's context, and
 * how to read it for the record the page shows. The composition root (src/app) lists each case
 * page's sections, so the case file's own folder imports none of the capabilities that answer them.
 * A section the actor may not see reads as null (or as the capability's own "nothing").
 */
export type CaseSection<Record> = {
  name: string;
  read: (actor: Actor, record: Record, origin: RequestOrigin) => Promise<unknown>;
};

/** Each section of a case page, read in turn inside the request's one unit of work, by name. */
export async function readSections<Record>(
  sections: readonly CaseSection<Record>[],
  actor: Actor,
  record: Record,
  origin: RequestOrigin,
): Promise<{ [name: string]: unknown }> {
  const values: { [name: string]: unknown } = {};
  for (const section of sections) {
    values[section.name] = await section.read(actor, record, origin);
  }
  return values;
}
