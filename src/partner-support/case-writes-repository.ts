// Adding and changing her record and her case: the columns a form sets, and a sealed address left alone.
import type { Trx } from '../db/database.js';
import { todayInLondon } from '../dates/london.js';
import type { TPartnerCaseInput, TPartnerCaseUpdate } from './schemas.js';

function partnerColumns(input: TPartnerCaseUpdate) {
  return {
    ...(input.givenName !== undefined && { given_name: input.givenName }),
    ...(input.familyName !== undefined && { family_name: input.familyName }),
    ...(input.knownAs !== undefined && { known_as: input.knownAs }),
    ...(input.dateOfBirth !== undefined && { date_of_birth: input.dateOfBirth }),
    ...(input.gender !== undefined && { gender: input.gender }),
    ...(input.relationship !== undefined && { relationship: input.relationship }),
    ...(input.relationshipStartedOn !== undefined && { relationship_started_on: input.relationshipStartedOn }),
    ...(input.relationshipEndedOn !== undefined && { relationship_ended_on: input.relationshipEndedOn }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.email !== undefined && { email: input.email }),
    ...(input.addressLine1 !== undefined && { address_line_1: input.addressLine1 }),
    ...(input.addressLine2 !== undefined && { address_line_2: input.addressLine2 }),
    ...(input.town !== undefined && { town: input.town }),
    ...(input.postcode !== undefined && { postcode: input.postcode }),
    ...(input.safePhone !== undefined && { safe_phone: input.safePhone }),
    ...(input.safeTimes !== undefined && { safe_times: input.safeTimes }),
    ...(input.messageMayBeLeft !== undefined && { message_may_be_left: input.messageMayBeLeft }),
    ...(input.codeWord !== undefined && { code_word: input.codeWord }),
    ...(input.interpreterLanguage !== undefined && { interpreter_language: input.interpreterLanguage }),
  };
}

export async function insertPartnerWithCase(
  trx: Trx,
  values: { organisationId: string; participantId: string; reference: string; createdBy: string; input: TPartnerCaseInput },
): Promise<{ partnerId: string; caseId: string }> {
  const partner = await trx
    .insertInto('partners')
    .values({
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      given_name: values.input.givenName,
      family_name: values.input.familyName,
      relationship: values.input.relationship,
      created_by: values.createdBy,
      ...partnerColumns(values.input),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const partnerCase = await trx
    .insertInto('partner_cases')
    .values({
      organisation_id: values.organisationId,
      partner_id: partner.id,
      reference: values.reference,
      status: values.input.status,
      allocated_worker_id: values.input.allocatedWorkerId,
      opened_on: todayInLondon(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { partnerId: partner.id, caseId: partnerCase.id };
}

export async function updatePartnerWithCase(
  trx: Trx,
  row: { partnerId: string; caseId: string },
  input: TPartnerCaseUpdate,
): Promise<void> {
  const now = new Date();
  const sealed = await trx.selectFrom('partners').select('address_sealed').where('id', '=', row.partnerId).executeTakeFirst();
  const columns = partnerColumns(input);
  if (sealed?.address_sealed) {
    // Her sealed address is changed only by unsealing it (src/partner-support/sealed-address-service.ts).
    delete columns.address_line_1;
    delete columns.address_line_2;
    delete columns.town;
    delete columns.postcode;
  }
  await trx
    .updateTable('partners')
    .set({ ...columns, updated_at: now })
    .where('id', '=', row.partnerId)
    .execute();
  await trx
    .updateTable('partner_cases')
    .set({
      ...(input.status !== undefined && { status: input.status }),
      ...(input.allocatedWorkerId !== undefined && { allocated_worker_id: input.allocatedWorkerId }),
      updated_at: now,
    })
    .where('id', '=', row.caseId)
    .execute();
}
