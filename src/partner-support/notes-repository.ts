// The notes on her case: listing them, newest first, and adding one.
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';

export type PartnerNoteRow = { id: string; body: string; authorName: string; createdAt: Date };

const partnerCaseNotesQuery = compiledQuery((db, p: Placeholders<{ caseId: string }>) =>
  db
    .selectFrom('partner_case_notes')
    .innerJoin('users', 'users.id', 'partner_case_notes.author_id')
    .select([
      'partner_case_notes.id',
      'partner_case_notes.body',
      'users.display_name as authorName',
      'partner_case_notes.created_at as createdAt',
    ])
    .where('partner_case_notes.partner_case_id', '=', p.caseId)
    .orderBy('partner_case_notes.created_at', 'desc'),
);

export async function listPartnerCaseNotes(trx: Trx, caseId: string): Promise<PartnerNoteRow[]> {
  return partnerCaseNotesQuery.all(trx, { caseId });
}

export async function insertPartnerCaseNote(
  trx: Trx,
  values: { organisationId: string; caseId: string; authorId: string; body: string },
): Promise<string> {
  const row = await trx
    .insertInto('partner_case_notes')
    .values({
      organisation_id: values.organisationId,
      partner_case_id: values.caseId,
      author_id: values.authorId,
      body: values.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
