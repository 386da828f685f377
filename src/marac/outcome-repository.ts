import type { Trx } from '../db/database.js';

/* SQL for a MARAC referral's outcome, closing, and the actions agreed at the meeting (partner side and management). */

export async function saveOutcome(
  trx: Trx,
  referralId: string,
  values: { heardOn: string; outcome: string; updatedBy: string },
): Promise<void> {
  await trx
    .updateTable('marac_referrals')
    .set({
      status: 'heard',
      heard_on: values.heardOn,
      outcome: values.outcome,
      updated_by: values.updatedBy,
      updated_at: new Date(),
    })
    .where('id', '=', referralId)
    .execute();
}

export async function closeReferral(trx: Trx, referralId: string, updatedBy: string): Promise<void> {
  await trx
    .updateTable('marac_referrals')
    .set({ status: 'closed', updated_by: updatedBy, updated_at: new Date() })
    .where('id', '=', referralId)
    .execute();
}

export type ActionRow = {
  id: string;
  action: string;
  agency: string;
  dueOn: string | null;
  completedOn: string | null;
  recordedByName: string;
};

export async function listActions(trx: Trx, referralId: string): Promise<ActionRow[]> {
  return trx
    .selectFrom('marac_actions as a')
    .innerJoin('users as u', 'u.id', 'a.recorded_by')
    .select([
      'a.id',
      'a.action',
      'a.agency',
      'a.due_on as dueOn',
      'a.completed_on as completedOn',
      'u.display_name as recordedByName',
    ])
    .where('a.marac_referral_id', '=', referralId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

export async function insertAction(
  trx: Trx,
  values: {
    organisationId: string;
    referralId: string;
    action: string;
    agency: string;
    dueOn: string | null;
    recordedBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('marac_actions')
    .values({
      organisation_id: values.organisationId,
      marac_referral_id: values.referralId,
      action: values.action,
      agency: values.agency,
      due_on: values.dueOn,
      recorded_by: values.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks an action of this referral done today; false when there is no such action or it was already done. */
export async function completeAction(trx: Trx, referralId: string, actionId: string, on: string): Promise<boolean> {
  const result = await trx
    .updateTable('marac_actions')
    .set({ completed_on: on })
    .where('id', '=', actionId)
    .where('marac_referral_id', '=', referralId)
    .where('completed_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setMeeting(trx: Trx, referralId: string, meetingId: string | null, updatedBy: string): Promise<void> {
  await trx
    .updateTable('marac_referrals')
    .set({ marac_meeting_id: meetingId, updated_by: updatedBy, updated_at: new Date() })
    .where('id', '=', referralId)
    .execute();
}
