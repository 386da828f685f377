// Reading his record and case: the caseload page and its count, his case by id, and the next case reference.
import { sql, type QueryCreator } from 'kysely';
import type { ListScope } from '../access/index.js';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import { readOnce } from '../db/unit-of-work.js';
import type { Database, Gender, PerpetratorCaseStatus } from '../db/schema.js';
import type { PageCursor } from '../web/pagination.js';

export type ParticipantCaseRow = {
  participantId: string;
  organisationId: string;
  reference: string;
  givenName: string;
  familyName: string;
  knownAs: string | null;
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

export function participantCases(db: QueryCreator<Database>) {
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
      'participants.known_as as knownAs',
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
export async function participantSortKey(trx: Trx, scope: ListScope, ids: readonly string[]) {
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
