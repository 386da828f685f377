// The changes to a MARAC referral after it is made: listing it for a meeting, the meeting's outcome, its actions, closing it.
import type { Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { loadReferral } from './case-access.js';
import * as meetingsRepo from './meetings-repository.js';
import * as outcomeRepo from './outcome-repository.js';
import { todayIso, type TActionInput, type TOutcomeInput } from './schemas.js';

type Origin = { ip: string | null };

/*
 * Each runs inside the caller's withActor (MaracService): the referral is loaded under the
 * action's access check first (anyone else is told "not found"), then changed and audited.
 */

/** Lists a referral not yet heard for a meeting of its area, or takes it off the list (null). */
export async function listForMeeting(
  trx: Trx,
  actor: Actor,
  referralId: string,
  meetingId: string | null,
  origin: Origin,
  caseId?: string,
): Promise<void> {
  const { referral } = await loadReferral(trx, actor, referralId, 'marac.refer', caseId);
  if (referral.status !== 'referred') {
    throw new ConflictError('This referral has been heard', {
      maracMeetingId: 'This referral has been heard: its meeting can no longer change',
    });
  }
  if (meetingId) {
    const meeting = await meetingsRepo.findMeeting(trx, meetingId);
    if (
      !meeting ||
      meeting.organisationId !== referral.organisationId ||
      meeting.area.toLowerCase() !== referral.area.toLowerCase()
    ) {
      throw new InvalidInputError('Check the highlighted answers', {
        maracMeetingId: `Choose a meeting for ${referral.area}`,
      });
    }
  }
  await outcomeRepo.setMeeting(trx, referralId, meetingId, actor.userId);
  await recordReferralChange(trx, actor, origin, 'marac.referral_updated', referralId, {
    change: 'meeting',
    maracMeetingId: meetingId,
  });
}

/** The meeting heard it: the date and the outcome; the referral is then "heard". */
export async function recordOutcome(
  trx: Trx,
  actor: Actor,
  referralId: string,
  input: TOutcomeInput,
  origin: Origin,
  caseId?: string,
): Promise<void> {
  const { referral } = await loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
  if (referral.status === 'closed') {
    throw new ConflictError('This referral is closed', {
      outcome: 'This referral is closed: its outcome can no longer change',
    });
  }
  if (input.heardOn < referral.referredOn) {
    throw new InvalidInputError('Check the highlighted answers', {
      heardOn: 'The meeting cannot have heard it before it was referred',
    });
  }
  await outcomeRepo.saveOutcome(trx, referralId, { ...input, updatedBy: actor.userId });
  await recordReferralChange(trx, actor, origin, 'marac.referral_updated', referralId, {
    change: 'outcome',
    heardOn: input.heardOn,
  });
}

/** Closes a referral once its outcome is recorded. */
export async function close(trx: Trx, actor: Actor, referralId: string, origin: Origin, caseId?: string): Promise<void> {
  const { referral } = await loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
  if (referral.status !== 'heard') {
    throw new ConflictError(
      referral.status === 'closed'
        ? 'This referral is already closed'
        : 'Record the meeting’s outcome before closing the referral',
    );
  }
  await outcomeRepo.closeReferral(trx, referralId, actor.userId);
  await recordReferralChange(trx, actor, origin, 'marac.referral_updated', referralId, { change: 'closed' });
}

/** An action agreed at the meeting, with the agency that does it and when it is due. */
export async function addAction(
  trx: Trx,
  actor: Actor,
  referralId: string,
  input: TActionInput,
  origin: Origin,
  caseId?: string,
): Promise<string> {
  const { referral } = await loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
  if (referral.status === 'closed') {
    throw new ConflictError('This referral is closed', { action: 'This referral is closed: no actions can be added' });
  }
  const id = await outcomeRepo.insertAction(trx, {
    organisationId: referral.organisationId,
    referralId,
    action: input.action,
    agency: input.agency,
    dueOn: input.dueOn,
    recordedBy: actor.userId,
  });
  await recordReferralChange(trx, actor, origin, 'marac.action_recorded', referralId, { actionId: id, change: 'added' });
  return id;
}

/** An action done today. */
export async function completeAction(
  trx: Trx,
  actor: Actor,
  referralId: string,
  actionId: string,
  origin: Origin,
  caseId?: string,
): Promise<void> {
  await loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
  if (!(await outcomeRepo.completeAction(trx, referralId, actionId, todayIso()))) {
    throw new NotFoundError();
  }
  await recordReferralChange(trx, actor, origin, 'marac.action_recorded', referralId, { actionId, change: 'completed' });
}

/** What changed on a referral, in the audit log against the referral (never a person's name). */
function recordReferralChange(
  trx: Trx,
  actor: Actor,
  origin: Origin,
  action: 'marac.referral_updated' | 'marac.action_recorded',
  referralId: string,
  details: Parameters<typeof recordActorEvent>[5],
): Promise<void> {
  return recordActorEvent(trx, actor, origin, action, { type: 'marac_referral', id: referralId }, details);
}
