import { authorizePartnerSide, type Action, type Actor } from '../access/index.js';
import type { ForPartnerCase } from '../children/partner-details-service.js';
import type { Trx } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { findPartnerCase } from '../partner-support/repository.js';
import * as repo from './repository.js';

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findPartnerCase>>>;

/** Her case, checked: partner side and management of her organisation only, "not found" to anyone else. */
export async function loadPartnerCase(trx: Trx, actor: Actor, caseId: string, action: Action): Promise<CaseRow> {
  // Checked before the query too: the perpetrator side learns nothing, not even from timing.
  authorizePartnerSide(actor, action);
  const row = await findPartnerCase(trx, caseId);
  if (!row) {
    throw new NotFoundError();
  }
  authorizePartnerSide(actor, action, row);
  return row;
}

export const headingOf = (row: CaseRow): ForPartnerCase => ({
  id: row.caseId,
  reference: row.reference,
  partnerName: `${row.givenName} ${row.familyName}`,
  participantName: `${row.participantGivenName} ${row.participantFamilyName}`,
});

/** A referral and her case, checked the same way; "not found" when it is not of the case in the address. */
export async function loadReferral(trx: Trx, actor: Actor, referralId: string, action: Action, caseId?: string) {
  authorizePartnerSide(actor, action);
  const referral = await repo.findReferral(trx, referralId);
  if (!referral || (caseId !== undefined && referral.partnerCaseId !== caseId)) {
    throw new NotFoundError();
  }
  authorizePartnerSide(actor, action, referral);
  const row = await loadPartnerCase(trx, actor, referral.partnerCaseId, action);
  return { referral, row };
}
