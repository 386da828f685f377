import type { Trx } from '../db/database.js';
import type { ShareBasis, ShareDirection } from '../db/schema.js';

export type ShareRow = {
  id: string;
  organisationId: string;
  direction: ShareDirection;
  originSide: 'perpetrator' | 'partner';
  participantId: string | null;
  partnerCaseId: string | null;
  recipient: string;
  information: string;
  basis: ShareBasis;
  reason: string;
  sharedByName: string;
  sharedAt: Date;
};

function shares(trx: Trx) {
  return trx
    .selectFrom('shares')
    .innerJoin('users', 'users.id', 'shares.shared_by')
    .select([
      'shares.id',
      'shares.organisation_id as organisationId',
      'shares.direction',
      'shares.origin_side as originSide',
      'shares.participant_id as participantId',
      'shares.partner_case_id as partnerCaseId',
      'shares.recipient',
      'shares.information',
      'shares.basis',
      'shares.reason',
      'users.display_name as sharedByName',
      'shares.shared_at as sharedAt',
    ]);
}

export async function listSharesOfPartnerCase(trx: Trx, organisationId: string, partnerCaseId: string): Promise<ShareRow[]> {
  return shares(trx)
    .where('shares.organisation_id', '=', organisationId)
    .where('shares.partner_case_id', '=', partnerCaseId)
    .orderBy('shares.shared_at', 'desc')
    .execute();
}

/** Shares of his information only: those made from his case, never those made from a partner case. */
export async function listSharesOfParticipant(trx: Trx, organisationId: string, participantId: string): Promise<ShareRow[]> {
  return shares(trx)
    .where('shares.organisation_id', '=', organisationId)
    .where('shares.participant_id', '=', participantId)
    .where('shares.partner_case_id', 'is', null)
    .orderBy('shares.shared_at', 'desc')
    .execute();
}

export async function insertShare(
  trx: Trx,
  values: {
    organisationId: string;
    direction: ShareDirection;
    originSide: 'perpetrator' | 'partner';
    participantId: string | null;
    partnerCaseId: string | null;
    recipient: string;
    information: string;
    basis: ShareBasis;
    reason: string;
    sharedBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('shares')
    .values({
      organisation_id: values.organisationId,
      direction: values.direction,
      origin_side: values.originSide,
      participant_id: values.participantId,
      partner_case_id: values.partnerCaseId,
      recipient: values.recipient,
      information: values.information,
      basis: values.basis,
      reason: values.reason,
      shared_by: values.sharedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
