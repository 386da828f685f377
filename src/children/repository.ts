import { sql, type QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import type { ChildLivesWith, ChildProtectionStatus, ChildRelationshipToParticipant, Database } from '../db/schema.js';
import { todayInLondon } from '../dates/london.js';

/*
 * SQL for children. The shared queries read `children` only; the partner-side details
 * (`child_partner_details`) are read by the partner-side queries alone, so nothing the perpetrator
 * side is sent can hold them (and row-level security hides the table from that side anyway).
 */

export type ChildRow = {
  id: string;
  organisationId: string;
  participantId: string;
  givenName: string | null;
  dateOfBirth: string | null;
  ageYears: number | null;
  ageRecordedOn: string;
  relationshipToParticipant: ChildRelationshipToParticipant;
  livesWith: ChildLivesWith;
  protectionStatus: ChildProtectionStatus;
};

function children(db: QueryCreator<Database>) {
  return db
    .selectFrom('children')
    .select([
      'children.id',
      'children.organisation_id as organisationId',
      'children.participant_id as participantId',
      'children.given_name as givenName',
      'children.date_of_birth as dateOfBirth',
      'children.age_years as ageYears',
      'children.age_recorded_on as ageRecordedOn',
      'children.relationship_to_participant as relationshipToParticipant',
      'children.lives_with as livesWith',
      'children.protection_status as protectionStatus',
    ]);
}

/** Oldest first: by date of birth, or by the birth year an age implies. */
const ORDER = sql`coalesce(children.date_of_birth, children.age_recorded_on - make_interval(years => children.age_years))`;

const childrenQuery = compiledQuery((db, p: Placeholders<{ organisationId: string; participantId: string }>) =>
  children(db)
    .where('children.organisation_id', '=', p.organisationId)
    .where('children.participant_id', '=', p.participantId)
    .orderBy(ORDER)
    .orderBy('children.created_at')
    .orderBy('children.id'),
);

export async function listChildren(trx: Trx, organisationId: string, participantId: string): Promise<ChildRow[]> {
  return childrenQuery.all(trx, { organisationId, participantId });
}

const childQuery = compiledQuery((db, p: Placeholders<{ childId: string }>) => children(db).where('children.id', '=', p.childId));

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findChild(trx: Trx, childId: string): Promise<ChildRow | undefined> {
  return childQuery.first(trx, { childId });
}

export type ChildColumns = {
  givenName?: string | null;
  dateOfBirth?: string | null;
  ageYears?: number | null;
  relationshipToParticipant?: ChildRelationshipToParticipant;
  livesWith?: ChildLivesWith;
  protectionStatus?: ChildProtectionStatus;
};

function columns(values: ChildColumns) {
  return {
    ...(values.givenName !== undefined && { given_name: values.givenName }),
    ...(values.dateOfBirth !== undefined && { date_of_birth: values.dateOfBirth }),
    // An age is true on the day it was given: keep that day, so the age can be brought up to date.
    ...(values.ageYears !== undefined && { age_years: values.ageYears, age_recorded_on: todayInLondon() }),
    ...(values.relationshipToParticipant !== undefined && { relationship_to_participant: values.relationshipToParticipant }),
    ...(values.livesWith !== undefined && { lives_with: values.livesWith }),
    ...(values.protectionStatus !== undefined && { protection_status: values.protectionStatus }),
  };
}

export async function insertChild(
  trx: Trx,
  values: { organisationId: string; participantId: string; createdBy: string } & ChildColumns,
): Promise<string> {
  const row = await trx
    .insertInto('children')
    .values({
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      created_by: values.createdBy,
      ...columns(values),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateChild(trx: Trx, childId: string, values: ChildColumns): Promise<void> {
  await trx
    .updateTable('children')
    .set({ ...columns(values), updated_at: new Date() })
    .where('id', '=', childId)
    .execute();
}

// Partner side only: called by PartnerChildrenService after authorizePartnerSide.

export type ChildWithPartnerDetailsRow = ChildRow & {
  linkedPartnerId: string | null;
  school: string | null;
  notes: string | null;
};

function childrenWithPartnerDetails(db: QueryCreator<Database>) {
  return children(db)
    .leftJoin('child_partner_details', 'child_partner_details.child_id', 'children.id')
    .select([
      'child_partner_details.partner_id as linkedPartnerId',
      'child_partner_details.school',
      'child_partner_details.notes',
    ]);
}

const childrenWithPartnerDetailsQuery = compiledQuery((db, p: Placeholders<{ organisationId: string; participantId: string }>) =>
  childrenWithPartnerDetails(db)
    .where('children.organisation_id', '=', p.organisationId)
    .where('children.participant_id', '=', p.participantId)
    .orderBy(ORDER)
    .orderBy('children.created_at')
    .orderBy('children.id'),
);

export async function listChildrenWithPartnerDetails(
  trx: Trx,
  organisationId: string,
  participantId: string,
): Promise<ChildWithPartnerDetailsRow[]> {
  return childrenWithPartnerDetailsQuery.all(trx, { organisationId, participantId });
}

const childWithPartnerDetailsQuery = compiledQuery((db, p: Placeholders<{ childId: string }>) =>
  childrenWithPartnerDetails(db).where('children.id', '=', p.childId),
);

export async function findChildWithPartnerDetails(trx: Trx, childId: string): Promise<ChildWithPartnerDetailsRow | undefined> {
  return childWithPartnerDetailsQuery.first(trx, { childId });
}

/** Sets the child's partner-side details (one row per child), creating the row the first time. */
export async function saveChildPartnerDetails(
  trx: Trx,
  values: {
    childId: string;
    organisationId: string;
    partnerId: string | null;
    school: string | null;
    notes: string | null;
    updatedBy: string;
  },
): Promise<void> {
  const now = new Date();
  await trx
    .insertInto('child_partner_details')
    .values({
      child_id: values.childId,
      organisation_id: values.organisationId,
      partner_id: values.partnerId,
      school: values.school,
      notes: values.notes,
      updated_by: values.updatedBy,
    })
    .onConflict((oc) =>
      oc.column('child_id').doUpdateSet({
        partner_id: values.partnerId,
        school: values.school,
        notes: values.notes,
        updated_by: values.updatedBy,
        updated_at: now,
      }),
    )
    .execute();
}
