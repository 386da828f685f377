import { sql, type NotNull } from 'kysely';
import type { Trx } from '../db/database.js';
import { organisationSettings } from '../db/organisation-settings.js';
import { findPartnerCase } from '../partner-support/repository.js';
import type { ContactOutcome, PartnerCaseStatus } from '../db/schema.js';
import { partnerAttempts } from './repository.js';
import type { SafeContactRules } from './safe-contact.js';

/*
 * SQL for her safe-contact rules, her follow-up schedule and closing her case as not engaged.
 * Partner-side tables only; the service decides who may ask.
 */

export type CaseForContact = {
  caseId: string;
  partnerId: string;
  status: PartnerCaseStatus;
  allocatedWorkerId: string | null;
  rules: SafeContactRules;
};

const hhmm = (value: string | null): string | null => (value ? value.slice(0, 5) : null);

/** Her case's contact rules, from her case as read once for the request (src/partner-support). */
export async function caseForContact(trx: Trx, caseId: string): Promise<CaseForContact | undefined> {
  const row = await findPartnerCase(trx, caseId);
  if (!row) {
    return undefined;
  }
  return {
    caseId: row.caseId,
    partnerId: row.partnerId,
    status: row.status,
    allocatedWorkerId: row.allocatedWorkerId,
    rules: {
      messageMayBeLeft: row.messageMayBeLeft,
      safePhone: row.safePhone,
      safeTimes: row.safeTimes,
      safeDays: (row.safeDays ?? []).map(Number),
      safeFrom: hhmm(row.safeFrom),
      safeTo: hhmm(row.safeTo),
      codeWord: row.codeWord,
    },
  };
}

export async function saveSafeTimes(
  trx: Trx,
  partnerId: string,
  values: { safeDays: number[]; safeFrom: string | null; safeTo: string | null },
): Promise<void> {
  await trx
    .updateTable('partners')
    .set({ safe_days: values.safeDays, safe_from: values.safeFrom, safe_to: values.safeTo, updated_at: new Date() })
    .where('id', '=', partnerId)
    .execute();
}

export type FollowUpRow = {
  caseId: string;
  reference: string;
  name: string;
  workerName: string | null;
  allocatedWorkerId: string | null;
  lastAttemptAt: Date;
  lastOutcome: ContactOutcome;
  attemptsSinceReached: number;
};

/**
 * Her open cases whose latest attempt did not reach her (kept on her case by migration 0025's
 * trigger), for the organisation or for one worker.
 */
function followUpCases(trx: Trx, organisationId: string, workerId: string | null) {
  let query = trx
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .where('partner_cases.organisation_id', '=', organisationId)
    .where('partner_cases.last_attempt_at', 'is not', null)
    .where('partner_cases.last_outcome', '<>', 'reached')
    .where('partner_cases.status', 'not in', ['closed', 'not_engaged'])
    .where('partners.merged_into', 'is', null);
  if (workerId) {
    query = query.where('partner_cases.allocated_worker_id', '=', workerId);
  }
  return query;
}

/**
 * The follow-up schedule: the `limit` cases whose latest attempt is oldest (the next attempt is
 * due a set number of working days after it, so these are due soonest), read on the partial
 * indexes of migration 0025 in that order, with the attempts since she was last reached.
 */
export async function followUps(
  trx: Trx,
  organisationId: string,
  workerId: string | null,
  limit: number,
): Promise<FollowUpRow[]> {
  const rows = await followUpCases(trx, organisationId, workerId)
    .leftJoin('users', 'users.id', 'partner_cases.allocated_worker_id')
    .select((eb) => [
      'partner_cases.id as caseId',
      'partner_cases.reference',
      'partners.given_name as givenName',
      'partners.family_name as familyName',
      'users.display_name as workerName',
      'partner_cases.allocated_worker_id as allocatedWorkerId',
      'partner_cases.last_attempt_at as lastAttemptAt',
      'partner_cases.last_outcome as lastOutcome',
      eb
        .selectFrom('partner_contact_attempts as a')
        .select((a) => a.fn.countAll<string>().as('n'))
        .whereRef('a.partner_case_id', '=', 'partner_cases.id')
        .where('a.outcome', '!=', 'reached')
        .where((a) =>
          a(
            'a.attempted_at',
            '>',
            a.fn.coalesce(
              a
                .selectFrom('partner_contact_attempts as r')
                .select((r) => r.fn.max('r.attempted_at').as('at'))
                .whereRef('r.partner_case_id', '=', 'partner_cases.id')
                .where('r.outcome', '=', 'reached'),
              sql<Date>`'-infinity'::timestamptz`,
            ),
          ),
        )
        .as('attemptsSinceReached'),
    ])
    // The query keeps only cases with an attempt, so the latest attempt's time and outcome are there.
    .$narrowType<{ lastAttemptAt: NotNull; lastOutcome: NotNull }>()
    .orderBy('partner_cases.last_attempt_at')
    .orderBy('partner_cases.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    caseId: row.caseId,
    reference: row.reference,
    name: `${row.givenName} ${row.familyName}`,
    workerName: row.workerName,
    allocatedWorkerId: row.allocatedWorkerId,
    lastAttemptAt: row.lastAttemptAt,
    lastOutcome: row.lastOutcome,
    attemptsSinceReached: Number(row.attemptsSinceReached ?? 0),
  }));
}

/** How many follow-ups there are, counted only up to `upTo`. */
export async function countFollowUps(trx: Trx, organisationId: string, workerId: string | null, upTo: number): Promise<number> {
  const row = await trx
    .selectFrom(followUpCases(trx, organisationId, workerId).select('partner_cases.id').limit(upTo).as('listed'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Attempts since she was last reached (all of them when she never was), counted from her case's
 * attempts as her page lists them (one read for both).
 */
export async function attemptsSinceReached(trx: Trx, caseId: string): Promise<number> {
  const attempts = await partnerAttempts(trx, caseId);
  const lastReached = Math.max(...attempts.filter((a) => a.outcome === 'reached').map((a) => a.attemptedAt.getTime()), -Infinity);
  return attempts.filter((a) => a.outcome !== 'reached' && a.attemptedAt.getTime() > lastReached).length;
}

export async function closeNotEngaged(trx: Trx, caseId: string, today: string): Promise<void> {
  await trx
    .updateTable('partner_cases')
    .set({ status: 'not_engaged', closed_on: today, updated_at: new Date() })
    .where('id', '=', caseId)
    .execute();
}

export async function followUpRules(
  trx: Trx,
  organisationId: string,
): Promise<{ followUpDays: number; notEngagedAttempts: number }> {
  const { general } = await organisationSettings(trx, organisationId);
  return general
    ? { followUpDays: general.partnerFollowUpDays, notEngagedAttempts: general.partnerNotEngagedAttempts }
    : { followUpDays: 2, notEngagedAttempts: 3 };
}
