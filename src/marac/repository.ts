import type { QueryCreator } from 'kysely';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import type { Trx } from '../db/database.js';
import type { Database, DashLevel, MaracCriterion, MaracStatus, PartnerRelationship } from '../db/schema.js';

/*
 * SQL for MARAC referrals, meetings, actions and the escalation setting. Her DASH is read from
 * dash_assessments / dash_answers and referenced by the referral, never copied into it. Row-level
 * security admits the partner side and management only; the service decides who may ask.
 */

/** Her safe-contact preferences and relationship to him, for pre-filling the form. */
export async function findCaseFacts(trx: Trx, caseId: string) {
  return trx
    .selectFrom('partner_cases')
    .innerJoin('partners', 'partners.id', 'partner_cases.partner_id')
    .innerJoin('participants', 'participants.id', 'partners.participant_id')
    .select([
      'partners.safe_phone as safePhone',
      'partners.safe_times as safeTimes',
      'partners.safe_days as safeDays',
      'partners.safe_from as safeFrom',
      'partners.safe_to as safeTo',
      'partners.relationship as relationship',
      'participants.given_name as hisGivenName',
      'participants.family_name as hisFamilyName',
    ])
    .where('partner_cases.id', '=', caseId)
    .executeTakeFirst() as Promise<
    | {
        safePhone: string | null;
        safeTimes: string | null;
        safeDays: number[];
        safeFrom: string | null;
        safeTo: string | null;
        relationship: PartnerRelationship;
        hisGivenName: string;
        hisFamilyName: string;
      }
    | undefined
  >;
}

/** The area of the referral that brought him to the service, if it named one. */
export async function findReferralArea(trx: Trx, participantId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('referrals')
    .select('area')
    .where('participant_id', '=', participantId)
    .where('area', 'is not', null)
    .orderBy('received_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.area ?? null;
}

/** The area the organisation's last MARAC referral went to. */
export async function findLastUsedArea(trx: Trx, organisationId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('marac_referrals')
    .select('area')
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.area ?? null;
}

/** Her latest referral made on or before `on` and on or after `from`, other than `exceptId`. */
export async function findEarlierReferral(
  trx: Trx,
  caseId: string,
  window: { from: string; on: string },
): Promise<{ id: string; referredOn: string } | undefined> {
  return trx
    .selectFrom('marac_referrals')
    .select(['id', 'referred_on as referredOn'])
    .where('partner_case_id', '=', caseId)
    .where('referred_on', '>=', window.from)
    .where('referred_on', '<=', window.on)
    .orderBy('referred_on', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export type ReferralRow = {
  id: string;
  organisationId: string;
  partnerCaseId: string;
  caseReference: string;
  partnerGivenName: string;
  partnerFamilyName: string;
  hisGivenName: string;
  hisFamilyName: string;
  dashAssessmentId: string | null;
  referredOn: string;
  area: string;
  maracMeetingId: string | null;
  meetsOn: string | null;
  criteria: MaracCriterion[];
  judgementReasons: string | null;
  policeCalloutsPastYear: number | null;
  safeToCall: boolean;
  safeNumber: string | null;
  safeTimes: string | null;
  afraidOf: string | null;
  safeToTalkTo: string | null;
  notSafeToTalkTo: string | null;
  childrenAndSchools: string | null;
  relationship: string;
  previousMaracs: string | null;
  sheKnows: boolean;
  sheConsents: boolean;
  noConsentReason: string | null;
  status: MaracStatus;
  heardOn: string | null;
  outcome: string | null;
  referredByName: string;
  createdAt: Date;
  dashYesCount: number | null;
  dashScoreLevel: DashLevel | null;
  dashJudgementLevel: DashLevel | null;
};

const referrals = (db: QueryCreator<Database>) =>
  db
    .selectFrom('marac_referrals as r')
    .innerJoin('partner_cases as pc', 'pc.id', 'r.partner_case_id')
    .innerJoin('partners as p', 'p.id', 'pc.partner_id')
    .innerJoin('participants as him', 'him.id', 'p.participant_id')
    .innerJoin('users as u', 'u.id', 'r.referred_by')
    .leftJoin('marac_meetings as m', 'm.id', 'r.marac_meeting_id')
    .leftJoin('dash_assessments as d', 'd.id', 'r.dash_assessment_id')
    .select([
      'r.id',
      'r.organisation_id as organisationId',
      'r.partner_case_id as partnerCaseId',
      'pc.reference as caseReference',
      'p.given_name as partnerGivenName',
      'p.family_name as partnerFamilyName',
      'him.given_name as hisGivenName',
      'him.family_name as hisFamilyName',
      'r.dash_assessment_id as dashAssessmentId',
      'r.referred_on as referredOn',
      'r.area',
      'r.marac_meeting_id as maracMeetingId',
      'm.meets_on as meetsOn',
      'r.criteria',
      'r.judgement_reasons as judgementReasons',
      'r.police_callouts_past_year as policeCalloutsPastYear',
      'r.safe_to_call as safeToCall',
      'r.safe_number as safeNumber',
      'r.safe_times as safeTimes',
      'r.afraid_of as afraidOf',
      'r.safe_to_talk_to as safeToTalkTo',
      'r.not_safe_to_talk_to as notSafeToTalkTo',
      'r.children_and_schools as childrenAndSchools',
      'r.relationship',
      'r.previous_maracs as previousMaracs',
      'r.she_knows as sheKnows',
      'r.she_consents as sheConsents',
      'r.no_consent_reason as noConsentReason',
      'r.status',
      'r.heard_on as heardOn',
      'r.outcome',
      'u.display_name as referredByName',
      'r.created_at as createdAt',
      'd.yes_count as dashYesCount',
      'd.score_level as dashScoreLevel',
      'd.judgement_level as dashJudgementLevel',
    ]);

export async function findReferral(trx: Trx, referralId: string): Promise<ReferralRow | undefined> {
  return referrals(trx).where('r.id', '=', referralId).executeTakeFirst() as Promise<ReferralRow | undefined>;
}

const referralsOfCaseQuery = compiledQuery((db, p: Placeholders<{ caseId: string }>) =>
  referrals(db).where('r.partner_case_id', '=', p.caseId).orderBy('r.referred_on', 'desc').orderBy('r.created_at', 'desc'),
);

/** Her referrals, newest first. */
export async function listReferralsOfCase(trx: Trx, caseId: string): Promise<ReferralRow[]> {
  return referralsOfCaseQuery.all(trx, { caseId }) as Promise<ReferralRow[]>;
}

/** The referrals to be heard at a meeting, in the order they were referred. */
export async function listReferralsForMeeting(trx: Trx, meetingId: string): Promise<ReferralRow[]> {
  return referrals(trx)
    .where('r.marac_meeting_id', '=', meetingId)
    .orderBy('r.referred_on')
    .orderBy('p.family_name')
    .execute() as Promise<ReferralRow[]>;
}

export type NewReferral = {
  organisationId: string;
  partnerCaseId: string;
  dashAssessmentId: string | null;
  referredOn: string;
  area: string;
  maracMeetingId: string | null;
  criteria: MaracCriterion[];
  judgementReasons: string | null;
  policeCalloutsPastYear: number | null;
  safeToCall: boolean;
  safeNumber: string | null;
  safeTimes: string | null;
  afraidOf: string | null;
  safeToTalkTo: string | null;
  notSafeToTalkTo: string | null;
  childrenAndSchools: string | null;
  relationship: string;
  previousMaracs: string | null;
  sheKnows: boolean;
  sheConsents: boolean;
  noConsentReason: string | null;
  referredBy: string;
};

export async function insertReferral(trx: Trx, r: NewReferral): Promise<string> {
  const row = await trx
    .insertInto('marac_referrals')
    .values({
      organisation_id: r.organisationId,
      partner_case_id: r.partnerCaseId,
      dash_assessment_id: r.dashAssessmentId,
      referred_on: r.referredOn,
      area: r.area,
      marac_meeting_id: r.maracMeetingId,
      criteria: r.criteria,
      judgement_reasons: r.judgementReasons,
      police_callouts_past_year: r.policeCalloutsPastYear,
      safe_to_call: r.safeToCall,
      safe_number: r.safeNumber,
      safe_times: r.safeTimes,
      afraid_of: r.afraidOf,
      safe_to_talk_to: r.safeToTalkTo,
      not_safe_to_talk_to: r.notSafeToTalkTo,
      children_and_schools: r.childrenAndSchools,
      relationship: r.relationship,
      previous_maracs: r.previousMaracs,
      she_knows: r.sheKnows,
      she_consents: r.sheConsents,
      no_consent_reason: r.noConsentReason,
      referred_by: r.referredBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
