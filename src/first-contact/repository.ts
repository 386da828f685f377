// First contact: the organisation's targets, and the attempts to reach her and him.
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import { readOnce } from '../db/unit-of-work.js';
import { organisationSettings } from '../db/organisation-settings.js';
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
  const { general } = await organisationSettings(trx, organisationId);
  return general
    ? { partnerDays: general.partnerFirstContactDays, participantDays: general.participantFirstContactDays }
    : { partnerDays: 2, participantDays: 5 };
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

/** Her case's attempts, newest first: read once per page (the list, and the count since she was reached). */
export function partnerAttempts(trx: Trx, partnerCaseId: string): Promise<AttemptRow[]> {
  return readOnce(trx, `partner-attempts:${partnerCaseId}`, () => partnerAttemptsNow(trx, partnerCaseId));
}

const partnerAttemptsQuery = compiledQuery((db, p: Placeholders<{ partnerCaseId: string }>) =>
  db
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
    .where('partner_contact_attempts.partner_case_id', '=', p.partnerCaseId)
    .orderBy('partner_contact_attempts.attempted_at', 'desc'),
);

async function partnerAttemptsNow(trx: Trx, partnerCaseId: string): Promise<AttemptRow[]> {
  return partnerAttemptsQuery.all(trx, { partnerCaseId });
}

const participantAttemptsQuery = compiledQuery((db, p: Placeholders<{ perpetratorCaseId: string }>) =>
  db
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
    .where('participant_contact_attempts.perpetrator_case_id', '=', p.perpetratorCaseId)
    .orderBy('participant_contact_attempts.attempted_at', 'desc'),
);

export async function participantAttempts(trx: Trx, perpetratorCaseId: string): Promise<AttemptRow[]> {
  return participantAttemptsQuery.all(trx, { perpetratorCaseId });
}
