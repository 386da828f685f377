// Every insert a public referral makes: his record and case, the referral, its community source, the partners and children it names.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { ChildLivesWith, ChildProtectionStatus, ChildRelationshipToParticipant, Gender } from '../db/schema.js';
import { todayInLondon } from '../dates/london.js';

/*
 * SQL for the public referral form. The public path writes with no signed-in user: it may only
 * insert, under the *_public_referral policies (migrations/0005_public_referrals.ts), and never
 * reads back what it wrote. So every id is made here, and no insert has RETURNING.
 */

async function nextNumber(trx: Trx): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('case_reference_seq')::text AS n`.execute(trx);
  const n = rows[0]?.n;
  if (!n) {
    throw new Error('The reference sequence returned nothing');
  }
  return n;
}

export async function insertParticipantWithCase(
  trx: Trx,
  values: {
    organisationId: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string | null;
    gender: Gender | null;
    phone: string | null;
    email: string | null;
    postcode: string | null;
    interpreterLanguage: string | null;
  },
): Promise<{ participantId: string; caseId: string }> {
  const participantId = randomUUID();
  const caseId = randomUUID();
  await trx
    .insertInto('participants')
    .values({
      id: participantId,
      organisation_id: values.organisationId,
      reference: `PA-${await nextNumber(trx)}`,
      given_name: values.givenName,
      family_name: values.familyName,
      date_of_birth: values.dateOfBirth,
      gender: values.gender,
      phone: values.phone,
      email: values.email,
      postcode: values.postcode,
      interpreter_language: values.interpreterLanguage,
      created_by: null,
    })
    .execute();
  await trx
    .insertInto('perpetrator_cases')
    .values({
      id: caseId,
      organisation_id: values.organisationId,
      participant_id: participantId,
      status: 'referred',
      opened_on: todayInLondon(),
    })
    .execute();
  return { participantId, caseId };
}

export type PublicReferralRow = {
  organisationId: string;
  participantId: string;
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
  relationshipContext: 'heterosexual' | 'same_sex' | 'womens_use_of_violence' | 'other' | 'not_known';
};

/** The referral and its first history entry; returns its id and reference. */
export async function insertReferral(trx: Trx, values: PublicReferralRow): Promise<{ referralId: string; reference: string }> {
  const referralId = randomUUID();
  const reference = `RF-${await nextNumber(trx)}`;
  await trx
    .insertInto('referrals')
    .values({
      id: referralId,
      organisation_id: values.organisationId,
      reference,
      participant_id: values.participantId,
      channel: 'online_form',
      received_on: todayInLondon(),
      source: values.source,
      agency_type: values.agencyType,
      referrer_name: values.referrerName,
      referrer_organisation: values.referrerOrganisation,
      referrer_phone: values.referrerPhone,
      referrer_email: values.referrerEmail,
      reason: values.reason,
      mandated: values.mandated,
      court_context: values.courtContext,
      child_protection_context: values.childProtectionContext,
      area: values.area,
      interpreter_language: values.interpreterLanguage,
      relationship_context: values.relationshipContext,
      created_by: null,
    })
    .execute();
  await trx
    .insertInto('referral_status_history')
    .values({
      organisation_id: values.organisationId,
      referral_id: referralId,
      from_status: null,
      to_status: 'received',
      reason_code: 'referral_received',
      note: null,
      changed_by: null,
    })
    .execute();
  return { referralId, reference };
}

export async function insertCommunitySource(
  trx: Trx,
  values: {
    organisationId: string;
    referralId: string;
    relationship: 'partner' | 'ex_partner' | 'family' | 'friend';
    name: string | null;
    phone: string | null;
    safeToContact: string | null;
    account: string | null;
  },
): Promise<void> {
  await trx
    .insertInto('referral_community_sources')
    .values({
      referral_id: values.referralId,
      organisation_id: values.organisationId,
      relationship: values.relationship,
      name: values.name,
      phone: values.phone,
      safe_to_contact: values.safeToContact,
      account: values.account,
    })
    .execute();
}

export type PublicPartner = {
  givenName: string;
  familyName: string;
  relationship: 'current' | 'ex';
  phone: string | null;
  safePhone: string | null;
  safeTimes: string | null;
  messageMayBeLeft: boolean;
  codeWord: string | null;
};

/** A partner named on the form and her partner case, opened from the referral whatever the triage outcome. */
export async function insertPartnerWithCase(
  trx: Trx,
  values: { organisationId: string; participantId: string; referralId: string; partner: PublicPartner },
): Promise<{ partnerId: string; caseId: string }> {
  const partnerId = randomUUID();
  const caseId = randomUUID();
  const { partner } = values;
  await trx
    .insertInto('partners')
    .values({
      id: partnerId,
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      given_name: partner.givenName,
      family_name: partner.familyName,
      relationship: partner.relationship,
      phone: partner.phone,
      safe_phone: partner.safePhone,
      safe_times: partner.safeTimes,
      message_may_be_left: partner.messageMayBeLeft,
      code_word: partner.codeWord,
      created_by: null,
    })
    .execute();
  await trx
    .insertInto('partner_cases')
    .values({
      id: caseId,
      organisation_id: values.organisationId,
      partner_id: partnerId,
      referral_id: values.referralId,
      reference: `PS-${await nextNumber(trx)}`,
      status: 'open',
      opened_on: todayInLondon(),
    })
    .execute();
  return { partnerId, caseId };
}

export type PublicChild = {
  givenName: string | null;
  age: number;
  relationship: ChildRelationshipToParticipant;
  livesWith: ChildLivesWith;
  protection: ChildProtectionStatus;
};

/** A child the referral names, on his record (both sides see a child's age, home and plan). */
export async function insertChild(
  trx: Trx,
  values: { organisationId: string; participantId: string; child: PublicChild },
): Promise<string> {
  const childId = randomUUID();
  const { child } = values;
  await trx
    .insertInto('children')
    .values({
      id: childId,
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      given_name: child.givenName,
      age_years: child.age,
      age_recorded_on: todayInLondon(),
      relationship_to_participant: child.relationship,
      lives_with: child.livesWith,
      protection_status: child.protection,
      created_by: null,
    })
    .execute();
  return childId;
}

/** What only the partner side keeps of a child: the partner the child is linked to, and the school. */
export async function insertChildPartnerDetails(
  trx: Trx,
  values: { organisationId: string; childId: string; partnerId: string; school: string | null },
): Promise<void> {
  await trx
    .insertInto('child_partner_details')
    .values({
      child_id: values.childId,
      organisation_id: values.organisationId,
      partner_id: values.partnerId,
      school: values.school,
      updated_by: null,
    })
    .execute();
}
