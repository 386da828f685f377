// Reading partner cases: her caseload page and its count, the cases of his partners, and her case by id.
import { sql, type QueryCreator } from 'kysely';
import type { ListScope } from '../access/index.js';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import { readOnce } from '../db/unit-of-work.js';
import type { Database } from '../db/schema.js';
import type { Gender, PartnerCaseStatus, PartnerRelationship, PerpetratorCaseStatus } from '../db/schema.js';
import type { PageCursor } from '../web/pagination.js';

export type PartnerCaseRow = {
  caseId: string;
  organisationId: string;
  reference: string;
  status: PartnerCaseStatus;
  allocatedWorkerId: string | null;
  allocatedWorkerName: string | null;
  openedOn: string;
  closedOn: string | null;
  updatedAt: Date;
  partnerId: string;
  givenName: string;
  familyName: string;
  knownAs: string | null;
  dateOfBirth: string | null;
  gender: Gender | null;
  relationship: PartnerRelationship;
  relationshipStartedOn: string | null;
  relationshipEndedOn: string | null;
  phone: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  safePhone: string | null;
  safeTimes: string | null;
  messageMayBeLeft: boolean;
  codeWord: string | null;
  interpreterLanguage: string | null;
  /** The days (0 Sunday to 6 Saturday) and hours ("14:30:00") when it is safe to call her. */
  safeDays: number[];
  safeFrom: string | null;
  safeTo: string | null;
  /** Her address is sealed: the address columns come from sealed_addresses, which only her allocated worker can read. */
  addressSealed: boolean;
  participantId: string;
  participantReference: string;
  participantGivenName: string;
  participantFamilyName: string;
  participantStatus: PerpetratorCaseStatus | null;
};

export function partnerCases(db: QueryCreator<Database>) {
  // A sealed address: row-level security returns it to her allocated worker only (migration 0012).
  return db
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .innerJoin('participants', 'participants.id', 'partners.participant_id')
    .leftJoin('users as worker', 'worker.id', 'partner_cases.allocated_worker_id')
    .leftJoin('sealed_addresses', 'sealed_addresses.partner_id', 'partners.id')
    .select((eb) => [
      'partner_cases.id as caseId',
      'partner_cases.organisation_id as organisationId',
      'partner_cases.reference',
      'partner_cases.status',
      'partner_cases.allocated_worker_id as allocatedWorkerId',
      'worker.display_name as allocatedWorkerName',
      'partner_cases.opened_on as openedOn',
      'partner_cases.closed_on as closedOn',
      'partner_cases.updated_at as updatedAt',
      'partners.id as partnerId',
      'partners.given_name as givenName',
      'partners.family_name as familyName',
      'partners.known_as as knownAs',
      'partners.date_of_birth as dateOfBirth',
      'partners.gender',
      'partners.relationship',
      'partners.relationship_started_on as relationshipStartedOn',
      'partners.relationship_ended_on as relationshipEndedOn',
      'partners.phone',
      'partners.email',
      eb.fn.coalesce('partners.address_line_1', 'sealed_addresses.address_line_1').as('addressLine1'),
      eb.fn.coalesce('partners.address_line_2', 'sealed_addresses.address_line_2').as('addressLine2'),
      eb.fn.coalesce('partners.town', 'sealed_addresses.town').as('town'),
      eb.fn.coalesce('partners.postcode', 'sealed_addresses.postcode').as('postcode'),
      'partners.address_sealed as addressSealed',
      'partners.safe_phone as safePhone',
      'partners.safe_times as safeTimes',
      'partners.message_may_be_left as messageMayBeLeft',
      'partners.code_word as codeWord',
      'partners.interpreter_language as interpreterLanguage',
      'partners.safe_days as safeDays',
      'partners.safe_from as safeFrom',
      'partners.safe_to as safeTo',
      'participants.id as participantId',
      'participants.reference as participantReference',
      'participants.given_name as participantGivenName',
      'participants.family_name as participantFamilyName',
      eb
        .selectFrom('perpetrator_cases')
        .select('perpetrator_cases.status')
        .whereRef('perpetrator_cases.participant_id', '=', 'participants.id')
        .orderBy('perpetrator_cases.opened_on', 'desc')
        .limit(1)
        .as('participantStatus'),
    ]);
}

/**
 * One page of her caseload, sorted by her family name, given name, her id and then the case's id.
 * The driving table is partners, read through partners_list_idx (organisation, family name, given
 * name, id; merged records left out of the index), so the plan is an index scan stopped by the
 * LIMIT, each row joined to her cases by partner id. Partner-side tables: row-level security
 * returns nothing to anyone but the partner side and management.
 */
export async function listPartnerCases(
  trx: Trx,
  scope: ListScope,
  cursor: PageCursor | null,
  limit: number,
): Promise<PartnerCaseRow[]> {
  return (await partnerCasePageQuery(trx, scope, cursor, limit)).execute();
}

/** The page query itself, unexecuted, so bench/explain-lists.ts can EXPLAIN exactly what runs. */
export async function partnerCasePageQuery(trx: Trx, scope: ListScope, cursor: PageCursor | null, limit: number) {
  let query = partnerCases(trx)
    .where('partners.organisation_id', '=', scope.organisationId)
    .where('partners.merged_into', 'is', null)
    .where('partner_cases.organisation_id', '=', scope.organisationId);
  const key = cursor && (await partnerSortKey(trx, scope, cursor.ids));
  const backwards = cursor?.direction === 'before';
  if (key) {
    const row = sql`(partners.family_name, partners.given_name, partners.id)`;
    const at = sql`(${key.familyName}::text, ${key.givenName}::text, ${key.partnerId}::uuid)`;
    query = backwards
      ? query.where(sql<boolean>`${row} <= ${at}`).where(sql<boolean>`(${row} < ${at} OR partner_cases.id < ${key.caseId}::uuid)`)
      : query
          .where(sql<boolean>`${row} >= ${at}`)
          .where(sql<boolean>`(${row} > ${at} OR partner_cases.id > ${key.caseId}::uuid)`);
  }
  const direction = backwards ? 'desc' : 'asc';
  return query
    .orderBy('partners.family_name', direction)
    .orderBy('partners.given_name', direction)
    .orderBy('partners.id', direction)
    .orderBy('partner_cases.id', direction)
    .limit(limit);
}

/** The sort key of the row a cursor names (her id, her case's id), or undefined to start again. */
export async function partnerSortKey(trx: Trx, scope: ListScope, ids: readonly string[]) {
  const [partnerId, caseId] = ids;
  if (!partnerId || !caseId) {
    return undefined;
  }
  const row = await trx
    .selectFrom('partners')
    .select(['family_name as familyName', 'given_name as givenName'])
    .where('id', '=', partnerId)
    .where('organisation_id', '=', scope.organisationId)
    .executeTakeFirst();
  return row && { ...row, partnerId, caseId };
}

/** How many her caseload lists, counted only up to `upTo` rows (see COUNT_CAP in src/web/pagination.ts). */
export async function countPartnerCases(trx: Trx, scope: ListScope, upTo: number): Promise<number> {
  const row = await partnerCaseCountQuery(trx, scope, upTo).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function partnerCaseCountQuery(trx: Trx, scope: ListScope, upTo: number) {
  return trx
    .selectFrom((eb) =>
      eb
        .selectFrom('partners')
        .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
        .select('partner_cases.id')
        .where('partners.organisation_id', '=', scope.organisationId)
        .where('partners.merged_into', 'is', null)
        .where('partner_cases.organisation_id', '=', scope.organisationId)
        // In the list's order, so the count reads the list's index and stops at the cap.
        .orderBy('partners.family_name')
        .orderBy('partners.given_name')
        .orderBy('partners.id')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function listPartnerCasesOfParticipant(
  trx: Trx,
  scope: ListScope,
  participantId: string,
): Promise<PartnerCaseRow[]> {
  return partnerCases(trx)
    .where('partner_cases.organisation_id', '=', scope.organisationId)
    .where('partners.participant_id', '=', participantId)
    .orderBy('partner_cases.opened_on')
    .execute();
}

/**
 * Her case, read once per request: her case page asks several capabilities for their sections
 * (first contact, his programme's alerts, the duties to inform her) and each takes what it needs
 * from this one read instead of reading her case again.
 * Unscoped by organisation on purpose: the service checks the record's organisation through the policy.
 */
const partnerCaseById = compiledQuery((db, p: Placeholders<{ caseId: string }>) =>
  partnerCases(db).where('partner_cases.id', '=', p.caseId),
);

export async function findPartnerCase(trx: Trx, caseId: string): Promise<PartnerCaseRow | undefined> {
  return readOnce(trx, `partner_case:${caseId}`, () => partnerCaseById.first(trx, { caseId }));
}
