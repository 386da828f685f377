// Triage of a referral: the changes open to a user, and making one (with its coded reason, its history, his case's status and the audit entry).
import { authorize, can, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { updatePerpetratorCase } from '../participants/case-writes-repository.js';
import { findParticipantCase } from '../participants/repository.js';
import * as repo from './repository.js';
import type { TTransitionInput } from './schemas.js';
import { REASONS, REFERRAL_STATUS_LABELS, mayMake, transitionFor, transitionsOpenTo } from './transitions.js';

export type TransitionOption = { to: string; label: string; reasons: Array<{ code: string; label: string }> };

/** What his perpetrator case becomes when triage ends. */
const CASE_STATUS_AFTER = { accepted: 'assessment', signposted: 'closed', declined: 'closed', withdrawn: 'closed' } as const;

/** The changes this user may make to the referral now, each with its reasons (none to a user who may not triage it). */
export function transitionOptions(actor: Actor, row: repo.ReferralRow): TransitionOption[] {
  return can(actor, 'referral.triage', row)
    ? transitionsOpenTo(actor, row.status).map((t) => ({
        to: t.to,
        label: REFERRAL_STATUS_LABELS[t.to],
        reasons: Object.entries(REASONS[t.to]).map(([code, reasonLabel]) => ({ code, label: reasonLabel })),
      }))
    : [];
}

/** Moves the referral on, if the transitions table allows this change to this user, with a coded reason. */
export async function changeReferralStatus(
  db: Db,
  actor: Actor,
  referralId: string,
  input: TTransitionInput,
  origin: { ip: string | null },
): Promise<void> {
  await withActor(db, actor, async (trx) => {
    const row = await repo.findReferral(trx, referralId);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, 'referral.triage', row);
    const transition = transitionFor(row.status, input.to);
    if (!transition) {
      throw new InvalidInputError('This change is not possible now', {
        to: `A referral that is ${REFERRAL_STATUS_LABELS[row.status].toLowerCase()} cannot be moved to ${REFERRAL_STATUS_LABELS[input.to].toLowerCase()}`,
      });
    }
    if (!mayMake(actor, transition)) {
      throw new ForbiddenError(
        `Only ${transition.sides.join(' or ')} users may move a referral to ${REFERRAL_STATUS_LABELS[input.to].toLowerCase()}`,
      );
    }
    if (!(input.reasonCode in REASONS[input.to])) {
      throw new InvalidInputError('Select a reason', { reasonCode: 'Select a reason from the list' });
    }
    await repo.appendHistory(trx, {
      organisationId: actor.organisationId,
      referralId,
      from: row.status,
      to: input.to,
      reasonCode: input.reasonCode,
      note: input.note,
      changedBy: actor.userId,
    });
    const caseStatus = input.to === 'triage' ? null : CASE_STATUS_AFTER[input.to];
    if (caseStatus) {
      const perpetratorCase = await findParticipantCase(trx, row.participantId);
      if (perpetratorCase) {
        await updatePerpetratorCase(trx, perpetratorCase.caseId, { status: caseStatus });
      }
    }
    await recordActorEvent(
      trx,
      actor,
      origin,
      'referral.status_changed',
      { type: 'referral', id: referralId },
      {
        from: row.status,
        to: input.to,
        reasonCode: input.reasonCode,
      },
    );
  });
}
