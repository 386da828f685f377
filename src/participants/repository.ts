import { sql, type QueryCreator } from 'kysely';
import type { ListScope } from '../access/index.js';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import { readOnce } from '../db/unit-of-work.js';
import type { Database, Gender, PerpetratorCaseStatus } from '../db/schema.js';
import type { PageCursor } from '../web/pagination.js';
import { todayInLondon } from '../dates/london.js';

export type ParticipantCaseRow = {
  participantId: string;
  organisationId: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  gender: Gender | null;
  phone: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  interpreterLanguage: string | null;
  caseId: string;
  status: PerpetratorCaseStatus;
  allocatedWorkerId: string | null;
  allocatedWorkerName: string | null;
  openedOn: string;
  updatedAt: Date;
};

function participantCases(db: QueryCreator<Database>) {
  return db
    .selectFrom('participants')
    .innerJoin('perpetrator_cases', 'perpetrator_cases.participant_id', 'participants.id')
    .leftJoin('users as worker', 'worker.id', 'perpetrator_cases.allocated_worker_id')
    .select([
      'participants.id as participantId',
      'participants.organisation_id as organisationId',
      'participants.reference',
      'participants.given_name as givenName',
      'participants.family_name as familyName',
      'participants.date_of_birth as dateOfBirth',
      'participants.gender',
      'participants.phone',
      'participants.email',
      'participants.address_line_1 as addressLine1',
      'participants.address_line_2 as addressLine2',
      'participants.town',
      'participants.postcode',
      'participants.interpreter_language as interpreterLanguage',
      'perpetrator_cases.id as caseId',
      'perpetrator_cases.status',
      'perpetrator_cases.allocated_worker_id as allocatedWorkerId',
      'worker.display_name as allocatedWorkerName',
      'perpetrator_cases.opened_on as openedOn',
      'perpetrator_cases.updated_at as updatedAt',
    ]);
}

/**
 * One page of the caseload: his record and case, sorted by family name, given name, his id and
 * then the case's id (a merged record can hold two cases). The driving table is participants,
 * read through participants_list_idx (organisation, family name, given name, id; merged records
 * left out of the index), so the plan is an index scan stopped by the LIMIT, each row joined to
 * his cases by participant id. After a cursor the page starts just past that row's key; before one
 * it is read backwards and the caller turns it round.
 */
export async function listParticipantCases(
  trx: Trx,
  scope: ListScope,
  cursor: PageCursor | null,
  limit: number,
): Promise<ParticipantCaseRow[]> {
  return (await participantCasePageQuery(trx, scope, cursor, limit)).execute();
}

/** The page query itself, unexecuted, so bench/explain-lists.ts can EXPLAIN exactly what runs. */
export async function participantCasePageQuery(trx: Trx, scope: ListScope, cursor: PageCursor | null, limit: number) {
  let query = participantCases(trx)
    .where('participants.organisation_id', '=', scope.organisationId)
    .where('participants.merged_into', 'is', null);
  const key = cursor && (await participantSortKey(trx, scope, cursor.ids));
  const backwards = cursor?.direction === 'before';
  const direction = backwards ? 'desc' : 'asc';
  const keyOf = (table: string) =>
    sql`(${sql.ref(`${table}.family_name`)}, ${sql.ref(`${table}.given_name`)}, ${sql.ref(`${table}.id`)})`;
  const at = key && sql`(${key.familyName}::text, ${key.givenName}::text, ${key.participantId}::uuid)`;
  if (key && at) {
    const row = keyOf('participants');
    query = backwards
      ? query
          .where(sql<boolean>`${row} <= ${at}`)
          .where(sql<boolean>`(${row} < ${at} OR perpetrator_cases.id < ${key.caseId}::uuid)`)
      : query
          .where(sql<boolean>`${row} >= ${at}`)
          .where(sql<boolean>`(${row} > ${at} OR perpetrator_cases.id > ${key.caseId}::uuid)`);
  }
  // The page's people first (one more than a page: the cursor's own row may give none), read from
  // participants_list_idx in the list's order and stopped by the LIMIT, so the join to their cases
  // never becomes a scan of the organisation's cases, whichever way and wherever the page is.
  query = query.where('participants.id', 'in', (eb) => {
    let listed = eb
      .selectFrom('participants as listed')
      .select('listed.id')
      .where('listed.organisation_id', '=', scope.organisationId)
      .where('listed.merged_into', 'is', null)
      .where((inner) =>
        inner.exists(
          inner.selectFrom('perpetrator_cases as held').select('held.id').whereRef('held.participant_id', '=', 'listed.id'),
        ),
      );
    if (at) {
      listed = listed.where(sql<boolean>`${keyOf('listed')} ${sql.raw(backwards ? '<=' : '>=')} ${at}`);
    }
    return listed
      .orderBy('listed.family_name', direction)
      .orderBy('listed.given_name', direction)
      .orderBy('listed.id', direction)
      .limit(limit + 1);
  });
  return query
    .orderBy('participants.family_name', direction)
    .orderBy('participants.given_name', direction)
    .orderBy('participants.id', direction)
    .orderBy('perpetrator_cases.id', direction)
    .limit(limit);
}

/** The sort key of the row a cursor names (his id, his case's id), or undefined to start again. */
async function participantSortKey(trx: Trx, scope: ListScope, ids: readonly string[]) {
  const [participantId, caseId] = ids;
  if (!participantId || !caseId) {
    return undefined;
  }
  const row = await trx
    .selectFrom('participants')
    .select(['family_name as familyName', 'given_name as givenName'])
    .where('id', '=', participantId)
    .where('organisation_id', '=', scope.organisationId)
    .executeTakeFirst();
  return row && { ...row, participantId, caseId };
}

/** How many his caseload lists, counted only up to `upTo` rows (see COUNT_CAP in src/web/pagination.ts). */
export async function countParticipantCases(trx: Trx, scope: ListScope, upTo: number): Promise<number> {
  const row = await participantCaseCountQuery(trx, scope, upTo).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function participantCaseCountQuery(trx: Trx, scope: ListScope, upTo: number) {
  return trx
    .selectFrom((eb) =>
      eb
        .selectFrom('participants')
        .innerJoin('perpetrator_cases', 'perpetrator_cases.participant_id', 'participants.id')
        .select('perpetrator_cases.id')
        .where('participants.organisation_id', '=', scope.organisationId)
        .where('participants.merged_into', 'is', null)
        // In the list's order, so the count reads the list's index and stops at the cap.
        .orderBy('participants.family_name')
        .orderBy('participants.given_name')
        .orderBy('participants.id')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

const participantCaseQuery = compiledQuery((db, p: Placeholders<{ participantId: string }>) =>
  participantCases(db).where('participants.id', '=', p.participantId).orderBy('perpetrator_cases.opened_on', 'desc').limit(1),
);

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findParticipantCase(trx: Trx, participantId: string): Promise<ParticipantCaseRow | undefined> {
  // His case page asks several capabilities for their sections: his record is read once per request.
  return readOnce(trx, `participant_case:${participantId}`, () => participantCaseQuery.first(trx, { participantId }));
}

export async function nextReference(trx: Trx, prefix: 'PA' | 'PS'): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('case_reference_seq')::text AS n`.execute(trx);
  return `${prefix}-${rows[0]?.n ?? '0'}`;
}

/** How to reach him and his interpreter need: each left out is left as it was (or empty on insert). */
export type ParticipantDetails = {
  phone?: string | null;
  email?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  town?: string | null;
  postcode?: string | null;
  interpreterLanguage?: string | null;
};

function detailColumns(values: ParticipantDetails) {
  return {
    ...(values.phone !== undefined && { phone: values.phone }),
    ...(values.email !== undefined && { email: values.email }),
    ...(values.addressLine1 !== undefined && { address_line_1: values.addressLine1 }),
    ...(values.addressLine2 !== undefined && { address_line_2: values.addressLine2 }),
    ...(values.town !== undefined && { town: values.town }),
    ...(values.postcode !== undefined && { postcode: values.postcode }),
    ...(values.interpreterLanguage !== undefined && { interpreter_language: values.interpreterLanguage }),
  };
}

export async function insertParticipantWithCase(
  trx: Trx,
  values: {
    organisationId: string;
    reference: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string | null;
    gender: Gender | null;
    status: PerpetratorCaseStatus;
    allocatedWorkerId: string | null;
    createdBy: string;
  } & ParticipantDetails,
): Promise<{ participantId: string; caseId: string }> {
  const participant = await trx
    .insertInto('participants')
    .values({
      organisation_id: values.organisationId,
      reference: values.reference,
      given_name: values.givenName,
      family_name: values.familyName,
      date_of_birth: values.dateOfBirth,
      gender: values.gender,
      created_by: values.createdBy,
      ...detailColumns(values),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const perpetratorCase = await trx
    .insertInto('perpetrator_cases')
    .values({
      organisation_id: values.organisationId,
      participant_id: participant.id,
      status: values.status,
      allocated_worker_id: values.allocatedWorkerId,
      opened_on: todayInLondon(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { participantId: participant.id, caseId: perpetratorCase.id };
}

export async function updateParticipant(
  trx: Trx,
  participantId: string,
  values: { givenName?: string; familyName?: string; dateOfBirth?: string | null; gender?: Gender | null } & ParticipantDetails,
): Promise<void> {
  const set = {
    ...(values.givenName !== undefined && { given_name: values.givenName }),
    ...(values.familyName !== undefined && { family_name: values.familyName }),
    ...(values.dateOfBirth !== undefined && { date_of_birth: values.dateOfBirth }),
    ...(values.gender !== undefined && { gender: values.gender }),
    ...detailColumns(values),
  };
  await trx
    .updateTable('participants')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', participantId)
    .execute();
}

export async function updatePerpetratorCase(
  trx: Trx,
  caseId: string,
  values: { status?: PerpetratorCaseStatus; allocatedWorkerId?: string | null },
): Promise<void> {
  const set = {
    ...(values.status !== undefined && { status: values.status }),
    ...(values.allocatedWorkerId !== undefined && { allocated_worker_id: values.allocatedWorkerId }),
  };
  await trx
    .updateTable('perpetrator_cases')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', caseId)
    .execute();
}

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
