// The notes on his cases: listing them, newest first, and adding one.
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';

export type NoteRow = { id: string; body: string; authorName: string; createdAt: Date };

const perpetratorCaseNotesQuery = compiledQuery((db, p: Placeholders<{ participantId: string }>) =>
  db
    .selectFrom('perpetrator_case_notes')
    .innerJoin('perpetrator_cases', 'perpetrator_cases.id', 'perpetrator_case_notes.perpetrator_case_id')
    .innerJoin('users', 'users.id', 'perpetrator_case_notes.author_id')
    .select([
      'perpetrator_case_notes.id',
      'perpetrator_case_notes.body',
      'users.display_name as authorName',
      'perpetrator_case_notes.created_at as createdAt',
    ])
    .where('perpetrator_cases.participant_id', '=', p.participantId)
    .orderBy('perpetrator_case_notes.created_at', 'desc'),
);

/** The notes of every case he has had (a merged duplicate's cases included), newest first. */
export async function listPerpetratorCaseNotes(trx: Trx, participantId: string): Promise<NoteRow[]> {
  return perpetratorCaseNotesQuery.all(trx, { participantId });
}

export async function insertPerpetratorCaseNote(
  trx: Trx,
  values: { organisationId: string; caseId: string; authorId: string; body: string },
): Promise<string> {
  const row = await trx
    .insertInto('perpetrator_case_notes')
    .values({
      organisation_id: values.organisationId,
      perpetrator_case_id: values.caseId,
      author_id: values.authorId,
      body: values.body,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
