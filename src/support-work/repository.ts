import type { Trx } from '../db/database.js';
import type { OnwardReferralStatus, OnwardService, SupportSessionType } from '../db/schema.js';
import type { TInformationSession, TOnwardReferral, TOnwardReferralUpdate, TSupportSession } from './schemas.js';

type Owner = { organisationId: string; caseId: string; userId: string };

export type SupportSessionRow = {
  id: string;
  heldOn: string;
  sessionType: SupportSessionType;
  durationMinutes: number;
  topics: string;
  notes: string | null;
  recordedBy: string;
};

export type InformationSessionRow = {
  id: string;
  attendedOn: string;
  programmeWorker: string | null;
  notes: string | null;
  recordedBy: string;
};

export type OnwardReferralRow = {
  id: string;
  service: OnwardService;
  organisationName: string;
  referredOn: string;
  consentGiven: boolean;
  status: OnwardReferralStatus;
  outcome: string | null;
  recordedBy: string;
  updatedAt: Date;
};

export async function listSessions(trx: Trx, caseId: string): Promise<SupportSessionRow[]> {
  return trx
    .selectFrom('support_sessions as s')
    .innerJoin('users', 'users.id', 's.recorded_by')
    .select([
      's.id',
      's.held_on as heldOn',
      's.session_type as sessionType',
      's.duration_minutes as durationMinutes',
      's.topics',
      's.notes',
      'users.display_name as recordedBy',
    ])
    .where('s.partner_case_id', '=', caseId)
    .orderBy('s.held_on', 'desc')
    .orderBy('s.created_at', 'desc')
    .execute();
}

export async function insertSession(trx: Trx, owner: Owner, input: TSupportSession): Promise<string> {
  const row = await trx
    .insertInto('support_sessions')
    .values({
      organisation_id: owner.organisationId,
      partner_case_id: owner.caseId,
      held_on: input.heldOn,
      session_type: input.sessionType,
      duration_minutes: input.durationMinutes,
      topics: input.topics.join(','),
      notes: input.notes,
      recorded_by: owner.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listInformationSessions(trx: Trx, caseId: string): Promise<InformationSessionRow[]> {
  return trx
    .selectFrom('information_session_attendances as a')
    .innerJoin('users', 'users.id', 'a.recorded_by')
    .select([
      'a.id',
      'a.attended_on as attendedOn',
      'a.programme_worker as programmeWorker',
      'a.notes',
      'users.display_name as recordedBy',
    ])
    .where('a.partner_case_id', '=', caseId)
    .orderBy('a.attended_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .execute();
}

export async function insertInformationSession(trx: Trx, owner: Owner, input: TInformationSession): Promise<string> {
  const row = await trx
    .insertInto('information_session_attendances')
    .values({
      organisation_id: owner.organisationId,
      partner_case_id: owner.caseId,
      attended_on: input.attendedOn,
      programme_worker: input.programmeWorker,
      notes: input.notes,
      recorded_by: owner.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const referrals = (trx: Trx) =>
  trx
    .selectFrom('onward_referrals as r')
    .innerJoin('users', 'users.id', 'r.recorded_by')
    .select([
      'r.id',
      'r.service',
      'r.organisation_name as organisationName',
      'r.referred_on as referredOn',
      'r.consent_given as consentGiven',
      'r.status',
      'r.outcome',
      'users.display_name as recordedBy',
      'r.updated_at as updatedAt',
    ]);

export async function listReferrals(trx: Trx, caseId: string): Promise<OnwardReferralRow[]> {
  return referrals(trx)
    .where('r.partner_case_id', '=', caseId)
    .orderBy('r.referred_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .execute();
}

export async function findReferral(trx: Trx, caseId: string, referralId: string): Promise<OnwardReferralRow | undefined> {
  return referrals(trx).where('r.partner_case_id', '=', caseId).where('r.id', '=', referralId).executeTakeFirst();
}

export async function insertReferral(trx: Trx, owner: Owner, input: TOnwardReferral): Promise<string> {
  const row = await trx
    .insertInto('onward_referrals')
    .values({
      organisation_id: owner.organisationId,
      partner_case_id: owner.caseId,
      service: input.service,
      organisation_name: input.organisationName,
      referred_on: input.referredOn,
      consent_given: true,
      status: input.status,
      outcome: input.outcome,
      recorded_by: owner.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateReferral(trx: Trx, referralId: string, userId: string, input: TOnwardReferralUpdate): Promise<void> {
  await trx
    .updateTable('onward_referrals')
    .set({ status: input.status, outcome: input.outcome, updated_by: userId, updated_at: new Date() })
    .where('id', '=', referralId)
    .execute();
}
