import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { ContactMethod, ContactOutcome, SafeContactBreach } from '../db/schema.js';

export type AttemptRow = {
  id: string;
  attemptedAt: Date;
  method: ContactMethod;
  outcome: ContactOutcome;
  note: string | null;
  recordedByName: string;
  /** Her attempts only: the rules it broke, and why it was made anyway. */
  breaches?: SafeContactBreach[];
  breachReason?: string | null;
};

export async function targets(trx: Trx, organisationId: string): Promise<{ partnerDays: number; participantDays: number }> {
  const row = await trx
    .selectFrom('organisation_settings')
    .select(['partner_first_contact_days as partnerDays', 'participant_first_contact_days as participantDays'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ?? { partnerDays: 2, participantDays: 5 };
}

export async function saveTargets(
  trx: Trx,
  organisationId: string,
  values: { partnerDays: number; participantDays: number; followUpDays?: number; notEngagedAttempts?: number },
): Promise<void> {
  const followUp = {
    ...(values.followUpDays !== undefined && { partner_follow_up_days: values.followUpDays }),
    ...(values.notEngagedAttempts !== undefined && { partner_not_engaged_attempts: values.notEngagedAttempts }),
  };
  await trx
    .insertInto('organisation_settings')
    .values({
      organisation_id: organisationId,
      partner_first_contact_days: values.partnerDays,
      participant_first_contact_days: values.participantDays,
      ...followUp,
    })
    .onConflict((oc) =>
      oc.column('organisation_id').doUpdateSet({
        partner_first_contact_days: values.partnerDays,
        participant_first_contact_days: values.participantDays,
        ...followUp,
        updated_at: new Date(),
      }),
    )
    .execute();
}

export async function insertPartnerAttempt(
  trx: Trx,
  values: {
    organisationId: string;
    partnerCaseId: string;
    attemptedAt: Date;
    method: ContactMethod;
    outcome: ContactOutcome;
    note: string | null;
    recordedBy: string;
    numberUsed: string | null;
    breaches: SafeContactBreach[];
    breachReason: string | null;
  },
): Promise<string> {
  const row = await trx
    .insertInto('partner_contact_attempts')
    .values({
      organisation_id: values.organisationId,
      partner_case_id: values.partnerCaseId,
      attempted_at: values.attemptedAt,
      method: values.method,
      outcome: values.outcome,
      note: values.note,
      recorded_by: values.recordedBy,
      number_used: values.numberUsed,
      breaches: values.breaches,
      breach_reason: values.breaches.length ? values.breachReason : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertParticipantAttempt(
  trx: Trx,
  values: {
    organisationId: string;
    perpetratorCaseId: string;
    attemptedAt: Date;
    method: ContactMethod;
    outcome: ContactOutcome;
    note: string | null;
    recordedBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('participant_contact_attempts')
    .values({
      organisation_id: values.organisationId,
      perpetrator_case_id: values.perpetratorCaseId,
      attempted_at: values.attemptedAt,
      method: values.method,
      outcome: values.outcome,
      note: values.note,
      recorded_by: values.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function partnerAttempts(trx: Trx, partnerCaseId: string): Promise<AttemptRow[]> {
  return trx
    .selectFrom('partner_contact_attempts')
    .innerJoin('users', 'users.id', 'partner_contact_attempts.recorded_by')
    .select([
      'partner_contact_attempts.id',
      'partner_contact_attempts.attempted_at as attemptedAt',
      'partner_contact_attempts.method',
      'partner_contact_attempts.outcome',
      'partner_contact_attempts.note',
      'users.display_name as recordedByName',
      'partner_contact_attempts.breaches',
      'partner_contact_attempts.breach_reason as breachReason',
    ])
    .where('partner_contact_attempts.partner_case_id', '=', partnerCaseId)
    .orderBy('partner_contact_attempts.attempted_at', 'desc')
    .execute();
}

export async function participantAttempts(trx: Trx, perpetratorCaseId: string): Promise<AttemptRow[]> {
  return trx
    .selectFrom('participant_contact_attempts')
    .innerJoin('users', 'users.id', 'participant_contact_attempts.recorded_by')
    .select([
      'participant_contact_attempts.id',
      'participant_contact_attempts.attempted_at as attemptedAt',
      'participant_contact_attempts.method',
      'participant_contact_attempts.outcome',
      'participant_contact_attempts.note',
      'users.display_name as recordedByName',
    ])
    .where('participant_contact_attempts.perpetrator_case_id', '=', perpetratorCaseId)
    .orderBy('participant_contact_attempts.attempted_at', 'desc')
    .execute();
}

export type ClockRow = {
  caseId: string;
  reference: string;
  name: string;
  openedOn: string;
  workerName: string | null;
  firstAttemptAt: Date | null;
  reachedAt: Date | null;
};

/** Open partner cases with the time of her first attempt and of first contact made, for the clocks. */
export async function partnerClocks(trx: Trx, organisationId: string, openedSince: string): Promise<ClockRow[]> {
  return trx
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .leftJoin('users', 'users.id', 'partner_cases.allocated_worker_id')
    .select((eb) => [
      'partner_cases.id as caseId',
      'partner_cases.reference',
      sql<string>`partners.given_name || ' ' || partners.family_name`.as('name'),
      'partner_cases.opened_on as openedOn',
      'users.display_name as workerName',
      eb
        .selectFrom('partner_contact_attempts as a')
        .select((a) => a.fn.min('a.attempted_at').as('first'))
        .whereRef('a.partner_case_id', '=', 'partner_cases.id')
        .as('firstAttemptAt'),
      eb
        .selectFrom('partner_contact_attempts as r')
        .select((r) => r.fn.min('r.attempted_at').as('first'))
        .whereRef('r.partner_case_id', '=', 'partner_cases.id')
        .where('r.outcome', '=', 'reached')
        .as('reachedAt'),
    ])
    .where('partner_cases.organisation_id', '=', organisationId)
    .where('partner_cases.status', 'not in', ['closed', 'not_engaged'])
    .where('partner_cases.opened_on', '>=', openedSince)
    .where('partners.merged_into', 'is', null)
    .orderBy('partner_cases.opened_on')
    .execute() as Promise<ClockRow[]>;
}

/** Men referred or in assessment, with the time of the first attempt to reach him and of first contact. */
export async function participantClocks(trx: Trx, organisationId: string, openedSince: string): Promise<ClockRow[]> {
  return trx
    .selectFrom('perpetrator_cases')
    .innerJoin('participants', 'participants.id', 'perpetrator_cases.participant_id')
    .leftJoin('users', 'users.id', 'perpetrator_cases.allocated_worker_id')
    .select((eb) => [
      // His clock links to his record, so the row carries his participant id.
      'participants.id as caseId',
      'participants.reference',
      sql<string>`participants.given_name || ' ' || participants.family_name`.as('name'),
      'perpetrator_cases.opened_on as openedOn',
      'users.display_name as workerName',
      eb
        .selectFrom('participant_contact_attempts as a')
        .select((a) => a.fn.min('a.attempted_at').as('first'))
        .whereRef('a.perpetrator_case_id', '=', 'perpetrator_cases.id')
        .as('firstAttemptAt'),
      eb
        .selectFrom('participant_contact_attempts as r')
        .select((r) => r.fn.min('r.attempted_at').as('first'))
        .whereRef('r.perpetrator_case_id', '=', 'perpetrator_cases.id')
        .where('r.outcome', '=', 'reached')
        .as('reachedAt'),
    ])
    .where('perpetrator_cases.organisation_id', '=', organisationId)
    .where('perpetrator_cases.status', 'in', ['referred', 'assessment'])
    .where('perpetrator_cases.opened_on', '>=', openedSince)
    .where('participants.merged_into', 'is', null)
    .orderBy('perpetrator_cases.opened_on')
    .execute() as Promise<ClockRow[]>;
}
