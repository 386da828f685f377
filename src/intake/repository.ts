import { sql, type ExpressionBuilder } from 'kysely';
import type { ListScope } from '../access/index.js';
import type { Trx } from '../db/database.js';
import type { Database, PartnerRelationship } from '../db/schema.js';

/** What narrows the search in SQL before names are scored in the application. */
export type SearchKeys = {
  dateOfBirth: string | null;
  /** The last nine digits of the phone number: the same number however its prefix was written. */
  phoneTail: string | null;
  /** Upper case, no spaces. */
  postcode: string | null;
  /** First letters (accents removed) of the searched names, to catch misspellings and swapped names. */
  initials: string[];
};

/** More than enough for any one organisation's near-namesakes; keeps a search fast on a large caseload. */
const CANDIDATE_LIMIT = 5000;
const ACCENTED = 'àáâãäåāăąçćčďèéêëēĕėęěìíîïīĭįłñńňòóôõöøōŏőŕřśšşťùúûüūŭůűųýÿźżž';
const UNDECOMPOSABLE: Record<string, string> = { ł: 'l', ø: 'o' };
/** ACCENTED without its accents, letter for letter, for SQL's translate(). */
const PLAIN = Array.from(ACCENTED, (c) => UNDECOMPOSABLE[c] ?? c.normalize('NFKD').replace(/\p{M}/gu, '')).join('');

const firstLetter = (column: string) => sql<string>`translate(lower(left(${sql.ref(column)}, 1)), ${ACCENTED}, ${PLAIN})`;
const digitsTail = (column: string) => sql<string>`right(regexp_replace(coalesce(${sql.ref(column)}, ''), '[^0-9]', '', 'g'), 9)`;
const compactPostcode = (column: string) => sql<string>`upper(replace(${sql.ref(column)}, ' ', ''))`;

export type ParticipantCandidateRow = {
  id: string;
  organisationId: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  phone: string | null;
  postcode: string | null;
};

export async function participantCandidates(trx: Trx, scope: ListScope, keys: SearchKeys): Promise<ParticipantCandidateRow[]> {
  return trx
    .selectFrom('participants')
    .select([
      'participants.id',
      'participants.organisation_id as organisationId',
      'participants.reference',
      'participants.given_name as givenName',
      'participants.family_name as familyName',
      'participants.date_of_birth as dateOfBirth',
      'participants.phone',
      'participants.postcode',
    ])
    .where('participants.organisation_id', '=', scope.organisationId)
    .where('participants.merged_into', 'is', null)
    .where((eb: ExpressionBuilder<Database, 'participants'>) => {
      const any = [eb(firstLetter('participants.family_name'), 'in', keys.initials)];
      if (keys.dateOfBirth) {
        any.push(eb('participants.date_of_birth', '=', keys.dateOfBirth));
      }
      if (keys.phoneTail) {
        any.push(eb(digitsTail('participants.phone'), '=', keys.phoneTail));
      }
      if (keys.postcode) {
        any.push(eb(compactPostcode('participants.postcode'), '=', keys.postcode));
      }
      return eb.or(any);
    })
    .limit(CANDIDATE_LIMIT)
    .execute();
}

export type PartnerCandidateRow = {
  id: string;
  organisationId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  postcode: string | null;
  phone: string | null;
  safePhone: string | null;
  relationship: PartnerRelationship;
  partnerCaseId: string;
  reference: string;
  openedOn: string;
  participantId: string;
  participantReference: string;
  participantGivenName: string;
  participantFamilyName: string;
};

/** Partner-side records: the service calls this only for users who may list partner cases. */
export async function partnerCandidates(trx: Trx, scope: ListScope, keys: SearchKeys): Promise<PartnerCandidateRow[]> {
  // A sealed address matches on postcode only for those row-level security lets read it: her allocated worker.
  return trx
    .selectFrom('partners')
    .innerJoin('partner_cases', 'partner_cases.partner_id', 'partners.id')
    .innerJoin('participants', 'participants.id', 'partners.participant_id')
    .leftJoin('sealed_addresses', 'sealed_addresses.partner_id', 'partners.id')
    .select((eb) => [
      'partners.id',
      'partners.organisation_id as organisationId',
      'partners.given_name as givenName',
      'partners.family_name as familyName',
      'partners.date_of_birth as dateOfBirth',
      eb.fn.coalesce('partners.postcode', 'sealed_addresses.postcode').as('postcode'),
      'partners.phone',
      'partners.safe_phone as safePhone',
      'partners.relationship',
      'partner_cases.id as partnerCaseId',
      'partner_cases.reference',
      'partner_cases.opened_on as openedOn',
      'participants.id as participantId',
      'participants.reference as participantReference',
      'participants.given_name as participantGivenName',
      'participants.family_name as participantFamilyName',
    ])
    .where('partners.organisation_id', '=', scope.organisationId)
    .where('partner_cases.organisation_id', '=', scope.organisationId)
    .where('partners.merged_into', 'is', null)
    .where((eb: ExpressionBuilder<Database, 'partners' | 'partner_cases' | 'participants' | 'sealed_addresses'>) => {
      const any = [eb(firstLetter('partners.family_name'), 'in', keys.initials)];
      if (keys.dateOfBirth) {
        any.push(eb('partners.date_of_birth', '=', keys.dateOfBirth));
      }
      if (keys.phoneTail) {
        any.push(eb(digitsTail('partners.phone'), '=', keys.phoneTail));
        any.push(eb(digitsTail('partners.safe_phone'), '=', keys.phoneTail));
      }
      if (keys.postcode) {
        any.push(eb(compactPostcode('partners.postcode'), '=', keys.postcode));
        any.push(eb(compactPostcode('sealed_addresses.postcode'), '=', keys.postcode));
      }
      return eb.or(any);
    })
    .orderBy('partner_cases.opened_on', 'desc')
    .limit(CANDIDATE_LIMIT)
    .execute();
}

// Merging.

export type ParticipantForMerge = {
  id: string;
  organisationId: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  mergedInto: string | null;
};

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findParticipantForMerge(trx: Trx, id: string): Promise<ParticipantForMerge | undefined> {
  return trx
    .selectFrom('participants')
    .select([
      'id',
      'organisation_id as organisationId',
      'reference',
      'given_name as givenName',
      'family_name as familyName',
      'date_of_birth as dateOfBirth',
      'merged_into as mergedInto',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** His perpetrator cases (with their notes), his partners and his children move to the kept record; the duplicate is marked merged. */
export async function mergeParticipantInto(
  trx: Trx,
  keepId: string,
  duplicateId: string,
): Promise<{ perpetratorCasesMoved: number; partnersMoved: number; childrenMoved: number }> {
  const now = new Date();
  const cases = await trx
    .updateTable('perpetrator_cases')
    .set({ participant_id: keepId, updated_at: now })
    .where('participant_id', '=', duplicateId)
    .executeTakeFirst();
  const partners = await trx
    .updateTable('partners')
    .set({ participant_id: keepId, updated_at: now })
    .where('participant_id', '=', duplicateId)
    .executeTakeFirst();
  // A child's partner-side details hang on the child, so they move with it.
  const children = await trx
    .updateTable('children')
    .set({ participant_id: keepId, updated_at: now })
    .where('participant_id', '=', duplicateId)
    .executeTakeFirst();
  await trx.updateTable('participants').set({ merged_into: keepId, updated_at: now }).where('id', '=', duplicateId).execute();
  await trx.updateTable('participants').set({ updated_at: now }).where('id', '=', keepId).execute();
  return {
    perpetratorCasesMoved: Number(cases.numUpdatedRows),
    partnersMoved: Number(partners.numUpdatedRows),
    childrenMoved: Number(children.numUpdatedRows),
  };
}

export type PartnerForMerge = {
  id: string;
  organisationId: string;
  participantId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  mergedInto: string | null;
  partnerCaseIds: string[];
};

export async function findPartnerForMerge(trx: Trx, id: string): Promise<PartnerForMerge | undefined> {
  const partner = await trx
    .selectFrom('partners')
    .select([
      'id',
      'organisation_id as organisationId',
      'participant_id as participantId',
      'given_name as givenName',
      'family_name as familyName',
      'date_of_birth as dateOfBirth',
      'merged_into as mergedInto',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!partner) {
    return undefined;
  }
  const cases = await trx
    .selectFrom('partner_cases')
    .select('id')
    .where('partner_id', '=', id)
    .orderBy('opened_on', 'desc')
    .orderBy('id')
    .execute();
  return { ...partner, partnerCaseIds: cases.map((c) => c.id) };
}

/** Her partner cases (with their notes and shares) and the children linked to her move to the kept record; the duplicate is marked merged. */
export async function mergePartnerInto(
  trx: Trx,
  keepId: string,
  duplicateId: string,
): Promise<{ partnerCasesMoved: number; childLinksMoved: number }> {
  const now = new Date();
  const cases = await trx
    .updateTable('partner_cases')
    .set({ partner_id: keepId, updated_at: now })
    .where('partner_id', '=', duplicateId)
    .executeTakeFirst();
  const childLinks = await trx
    .updateTable('child_partner_details')
    .set({ partner_id: keepId, updated_at: now })
    .where('partner_id', '=', duplicateId)
    .executeTakeFirst();
  await trx.updateTable('partners').set({ merged_into: keepId, updated_at: now }).where('id', '=', duplicateId).execute();
  await trx.updateTable('partners').set({ updated_at: now }).where('id', '=', keepId).execute();
  return { partnerCasesMoved: Number(cases.numUpdatedRows), childLinksMoved: Number(childLinks.numUpdatedRows) };
}
