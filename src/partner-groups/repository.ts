import type { Trx } from '../db/database.js';
import type { PartnerGroupOutcome } from '../db/schema.js';

export type PartnerGroupRow = { id: string; organisationId: string; name: string; status: string };
export type MemberRow = {
  partnerCaseId: string;
  reference: string;
  givenName: string;
  familyName: string;
  participantId: string;
};
export type SessionRow = {
  id: string;
  organisationId: string;
  groupId: string | null;
  title: string;
  startsAt: Date;
  durationMinutes: number;
};

/** One of the partner side's own groups (RLS hides them from his side as well). */
export async function findPartnerGroup(trx: Trx, groupId: string): Promise<PartnerGroupRow | undefined> {
  return trx
    .selectFrom('programme_groups')
    .select(['id', 'organisation_id as organisationId', 'name', 'status'])
    .where('id', '=', groupId)
    .where('side', '=', 'partner')
    .executeTakeFirst();
}

export async function findPartnerGroupSession(trx: Trx, sessionId: string): Promise<SessionRow | undefined> {
  return trx
    .selectFrom('programme_sessions')
    .select([
      'id',
      'organisation_id as organisationId',
      'group_id as groupId',
      'title',
      'starts_at as startsAt',
      'duration_minutes as durationMinutes',
    ])
    .where('id', '=', sessionId)
    .where('side', '=', 'partner')
    .executeTakeFirst();
}

export async function listMembers(trx: Trx, groupId: string): Promise<MemberRow[]> {
  return trx
    .selectFrom('partner_group_members as m')
    .innerJoin('partner_cases as c', 'c.id', 'm.partner_case_id')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .select([
      'm.partner_case_id as partnerCaseId',
      'c.reference',
      'p.given_name as givenName',
      'p.family_name as familyName',
      'p.participant_id as participantId',
    ])
    .where('m.group_id', '=', groupId)
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}

export async function findCaseByReference(
  trx: Trx,
  organisationId: string,
  reference: string,
): Promise<{ id: string; participantId: string } | undefined> {
  return trx
    .selectFrom('partner_cases as c')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .select(['c.id', 'p.participant_id as participantId'])
    .where('c.organisation_id', '=', organisationId)
    .where((eb) => eb(eb.fn('upper', ['c.reference']), '=', reference.toUpperCase()))
    .executeTakeFirst();
}

export async function insertMember(
  trx: Trx,
  values: { groupId: string; partnerCaseId: string; organisationId: string; addedBy: string },
): Promise<void> {
  await trx
    .insertInto('partner_group_members')
    .values({
      group_id: values.groupId,
      partner_case_id: values.partnerCaseId,
      organisation_id: values.organisationId,
      added_by: values.addedBy,
    })
    .execute();
}

export async function outcomes(trx: Trx, sessionId: string): Promise<Map<string, PartnerGroupOutcome>> {
  const rows = await trx
    .selectFrom('partner_group_attendance')
    .select(['partner_case_id', 'outcome'])
    .where('session_id', '=', sessionId)
    .execute();
  return new Map(rows.map((r) => [r.partner_case_id, r.outcome]));
}

export async function saveOutcome(
  trx: Trx,
  values: { sessionId: string; partnerCaseId: string; organisationId: string; outcome: PartnerGroupOutcome; recordedBy: string },
): Promise<void> {
  await trx
    .insertInto('partner_group_attendance')
    .values({
      session_id: values.sessionId,
      partner_case_id: values.partnerCaseId,
      organisation_id: values.organisationId,
      outcome: values.outcome,
      recorded_by: values.recordedBy,
    })
    .onConflict((oc) =>
      oc
        .columns(['session_id', 'partner_case_id'])
        .doUpdateSet({ outcome: values.outcome, recorded_by: values.recordedBy, recorded_at: new Date() }),
    )
    .execute();
}
