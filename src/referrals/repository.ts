import { sql, type Insertable } from 'kysely';
import type { ListScope } from '../access/index.js';
import type { Trx } from '../db/database.js';
import type { PageCursor } from '../web/pagination.js';
import type { ReferralCommunitySourcesTable, ReferralStatus, ReferralsTable } from '../db/schema.js';
import { todayInLondon } from '../dates/london.js';

export type ReferralRow = {
  id: string;
  organisationId: string;
  reference: string;
  participantId: string;
  participantReference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  channel: string;
  source: 'agency' | 'self' | 'community';
  agencyType: string | null;
  referrerName: string | null;
  referrerOrganisation: string | null;
  referrerPhone: string | null;
  referrerEmail: string | null;
  reason: string;
  mandated: boolean;
  courtContext: string | null;
  childProtectionContext: string | null;
  area: string | null;
  interpreterLanguage: string | null;
  relationshipContext: string | null;
  receivedOn: string;
  status: ReferralStatus;
};

/** Referrals with his name, date of birth and the status of each (its latest triage step), unfiltered. */
export function referralRows(trx: Trx) {
  return trx
    .selectFrom('referrals')
    .innerJoin('participants', 'participants.id', 'referrals.participant_id')
    .select((eb) => [
      'referrals.id',
      'referrals.organisation_id as organisationId',
      'referrals.reference',
      'referrals.participant_id as participantId',
      'participants.reference as participantReference',
      'participants.given_name as givenName',
      'participants.family_name as familyName',
      'participants.date_of_birth as dateOfBirth',
      'referrals.channel',
      'referrals.source',
      'referrals.agency_type as agencyType',
      'referrals.referrer_name as referrerName',
      'referrals.referrer_organisation as referrerOrganisation',
      'referrals.referrer_phone as referrerPhone',
      'referrals.referrer_email as referrerEmail',
      'referrals.reason',
      'referrals.mandated',
      'referrals.court_context as courtContext',
      'referrals.child_protection_context as childProtectionContext',
      'referrals.area',
      'referrals.interpreter_language as interpreterLanguage',
      'referrals.relationship_context as relationshipContext',
      'referrals.received_on as receivedOn',
      // The status is derived: the latest entry of the append-only history.
      eb
        .selectFrom('referral_status_history')
        .select('referral_status_history.to_status')
        .whereRef('referral_status_history.referral_id', '=', 'referrals.id')
        .orderBy('referral_status_history.id', 'desc')
        .limit(1)
        .$asScalar()
        .$notNull()
        .as('status'),
    ]);
}

/**
 * One page of referrals, newest received first: received date, then when it was recorded, then its
 * id, all descending, read backwards through referrals_list_idx (organisation, received date,
 * recorded at, id) so the plan is an index scan stopped by the LIMIT. The recorded time is compared
 * at the database's full precision (microseconds): a JavaScript Date would round it to the
 * millisecond and page a row twice.
 */
export async function listReferrals(
  trx: Trx,
  scope: ListScope,
  cursor: PageCursor | null,
  limit: number,
): Promise<ReferralRow[]> {
  return (await (await referralPageQuery(trx, scope, cursor, limit)).execute()) as ReferralRow[];
}

/** The page query itself, unexecuted, so bench/explain-lists.ts can EXPLAIN exactly what runs. */
export async function referralPageQuery(trx: Trx, scope: ListScope, cursor: PageCursor | null, limit: number) {
  let query = referralRows(trx).where('referrals.organisation_id', '=', scope.organisationId);
  const [referralId] = cursor?.ids ?? [];
  const backwards = cursor?.direction === 'before';
  if (referralId) {
    // The cursor's row, at full precision: its text form casts back to the same instant.
    const key = await trx
      .selectFrom('referrals')
      .select(['received_on as receivedOn', sql<string>`created_at::text`.as('createdAt')])
      .where('id', '=', referralId)
      .where('organisation_id', '=', scope.organisationId)
      .executeTakeFirst();
    if (key) {
      const row = sql`(referrals.received_on, referrals.created_at, referrals.id)`;
      const at = sql`(${key.receivedOn}::date, ${key.createdAt}::timestamptz, ${referralId}::uuid)`;
      query = query.where(backwards ? sql<boolean>`${row} > ${at}` : sql<boolean>`${row} < ${at}`);
    }
  }
  const direction = backwards ? 'asc' : 'desc';
  return query
    .orderBy('referrals.received_on', direction)
    .orderBy('referrals.created_at', direction)
    .orderBy('referrals.id', direction)
    .limit(limit);
}

/** How many referrals the list holds, counted only up to `upTo` (see COUNT_CAP in src/web/pagination.ts). */
export async function countReferrals(trx: Trx, scope: ListScope, upTo: number): Promise<number> {
  const row = await referralCountQuery(trx, scope, upTo).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function referralCountQuery(trx: Trx, scope: ListScope, upTo: number) {
  return trx
    .selectFrom((eb) =>
      eb
        .selectFrom('referrals')
        .select('id')
        .where('organisation_id', '=', scope.organisationId)
        // In the list's order, so the count reads the list's index and stops at the cap.
        .orderBy('received_on', 'desc')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(upTo)
        .as('listed'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findReferral(trx: Trx, id: string): Promise<ReferralRow | undefined> {
  return (await referralRows(trx).where('referrals.id', '=', id).executeTakeFirst()) as ReferralRow | undefined;
}

/**
 * The partner cases a referral opened (partner-side rows: row-level security shows them to the
 * partner side and management only; the service asks only for those), by reference.
 */
export async function listPartnerCasesOpenedBy(
  trx: Trx,
  organisationId: string,
  referralId: string,
): Promise<Array<{ id: string; reference: string; givenName: string; familyName: string }>> {
  return trx
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .select([
      'partner_cases.id',
      'partner_cases.reference',
      'partners.given_name as givenName',
      'partners.family_name as familyName',
    ])
    .where('partner_cases.organisation_id', '=', organisationId)
    .where('partner_cases.referral_id', '=', referralId)
    .orderBy('partner_cases.reference')
    .limit(50)
    .execute();
}

/** Received today in London unless the referral says another day. */
export async function insertReferral(trx: Trx, values: Insertable<ReferralsTable>): Promise<string> {
  const row = await trx
    .insertInto('referrals')
    .values({ received_on: todayInLondon(), ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function nextReferralReference(trx: Trx): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('case_reference_seq')::text AS n`.execute(trx);
  return `RF-${rows[0]?.n ?? '0'}`;
}

export type HistoryRow = {
  id: string;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  reasonCode: string;
  note: string | null;
  changedByName: string | null;
  changedAt: Date;
};

export async function listHistory(trx: Trx, referralId: string): Promise<HistoryRow[]> {
  return trx
    .selectFrom('referral_status_history')
    .leftJoin('users', 'users.id', 'referral_status_history.changed_by')
    .select([
      'referral_status_history.id',
      'referral_status_history.from_status as fromStatus',
      'referral_status_history.to_status as toStatus',
      'referral_status_history.reason_code as reasonCode',
      'referral_status_history.note',
      'users.display_name as changedByName',
      'referral_status_history.changed_at as changedAt',
    ])
    .where('referral_status_history.referral_id', '=', referralId)
    .orderBy('referral_status_history.id', 'desc')
    .execute();
}

export async function appendHistory(
  trx: Trx,
  values: {
    organisationId: string;
    referralId: string;
    from: ReferralStatus | null;
    to: ReferralStatus;
    reasonCode: string;
    note: string | null;
    changedBy: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('referral_status_history')
    .values({
      organisation_id: values.organisationId,
      referral_id: values.referralId,
      from_status: values.from,
      to_status: values.to,
      reason_code: values.reasonCode,
      note: values.note,
      changed_by: values.changedBy,
    })
    .execute();
}

export async function insertCommunitySource(trx: Trx, values: Insertable<ReferralCommunitySourcesTable>): Promise<void> {
  await trx.insertInto('referral_community_sources').values(values).execute();
}

export async function findCommunitySource(trx: Trx, referralId: string) {
  return trx
    .selectFrom('referral_community_sources')
    .select(['relationship', 'name', 'phone', 'safe_to_contact as safeToContact', 'account'])
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
}
