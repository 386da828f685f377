// Adding his record with his case and changing either: how to reach him and the case's status and worker.
import type { Trx } from '../db/database.js';
import type { Gender, PerpetratorCaseStatus } from '../db/schema.js';
import { todayInLondon } from '../dates/london.js';

/** The name he is known by, how to reach him and his interpreter need: each left out is left as it was (or empty on insert). */
export type ParticipantDetails = {
  knownAs?: string | null;
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
    ...(values.knownAs !== undefined && { known_as: values.knownAs }),
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
