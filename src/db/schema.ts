import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types, kept by hand beside the migrations that define them. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string | undefined, string>;
/** A nullable column that may be left out on insert (dates are strings: see db/database.ts). */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

export type Side = 'perpetrator' | 'partner' | 'management' | 'admin' | 'dpo';
export type Gender = 'man' | 'woman' | 'non_binary' | 'other' | 'not_known';
export type PerpetratorCaseStatus =
  'referred' | 'assessment' | 'waiting' | 'active' | 'suspended' | 'completed' | 'dropped_out' | 'excluded' | 'closed';
export type PartnerRelationship = 'current' | 'ex' | 'new';
export type PartnerCaseStatus = 'open' | 'contacting' | 'engaged' | 'not_engaged' | 'closed';
export type ShareDirection = 'partner_to_perpetrator' | 'perpetrator_to_partner' | 'outside';
export type ShareBasis = 'consent' | 'child_safety' | 'high_risk' | 'her_request' | 'attendance_only' | 'safety';

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  /** Where the organisation's public referral form lives: /refer/<slug>. */
  public_referral_slug: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface AppSettingsTable {
  key: string;
  value: string;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  active: Generated<boolean>;
  failed_sign_in_count: Generated<number>;
  locked_until: Date | null;
  invitation_token_hash: string | null;
  invitation_expires_at: Date | null;
  last_signed_in_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TeamsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  side: Side;
  created_at: Generated<Date>;
}

export interface TeamMembershipsTable {
  organisation_id: string;
  team_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  organisation_id: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface ParticipantsTable {
  id: Generated<string>;
  organisation_id: string;
  reference: string;
  given_name: string;
  family_name: string;
  date_of_birth: DateOnly | null;
  gender: Gender | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Set when this record was found to be a duplicate and merged into another (migration 0002). */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  /** How to reach him, and match him at the known-person check (migration 0006). */
  phone: OptionalText;
  email: OptionalText;
  address_line_1: OptionalText;
  address_line_2: OptionalText;
  town: OptionalText;
  postcode: OptionalText;
  interpreter_language: OptionalText;
}

export interface PerpetratorCasesTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  status: PerpetratorCaseStatus;
  allocated_worker_id: string | null;
  opened_on: Generated<string>;
  closed_on: DateOnly | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CaseNotesTable {
  id: Generated<string>;
  organisation_id: string;
  author_id: string;
  body: string;
  created_at: Generated<Date>;
}

export interface PerpetratorCaseNotesTable extends CaseNotesTable {
  perpetrator_case_id: string;
}

export interface PartnerCaseNotesTable extends CaseNotesTable {
  partner_case_id: string;
}

export interface PartnersTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  given_name: string;
  family_name: string;
  date_of_birth: DateOnly | null;
  gender: Gender | null;
  relationship: PartnerRelationship;
  phone: string | null;
  email: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  town: string | null;
  postcode: string | null;
  safe_phone: string | null;
  safe_times: string | null;
  message_may_be_left: Generated<boolean>;
  code_word: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Set when this record was found to be a duplicate and merged into another (migration 0002). */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the relationship began and, for an ex-partner, ended (migration 0006). */
  relationship_started_on: OptionalText;
  relationship_ended_on: OptionalText;
}

export interface PartnerCasesTable {
  id: Generated<string>;
  organisation_id: string;
  partner_id: string;
  reference: string;
  status: PartnerCaseStatus;
  allocated_worker_id: string | null;
  opened_on: Generated<string>;
  closed_on: DateOnly | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SharesTable {
  id: Generated<string>;
  organisation_id: string;
  direction: ShareDirection;
  origin_side: 'perpetrator' | 'partner';
  participant_id: string | null;
  partner_case_id: string | null;
  recipient: string;
  information: string;
  basis: ShareBasis;
  reason: string;
  shared_by: string;
  shared_at: Generated<Date>;
}

export interface AuditEventsTable {
  id: Generated<string>;
  organisation_id: string | null;
  occurred_at: Date;
  actor_user_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export type ReferralStatus = 'received' | 'triage' | 'accepted' | 'signposted' | 'declined' | 'withdrawn';
export type ReferralSource = 'agency' | 'self' | 'community';

export interface ReferralsTable {
  id: Generated<string>;
  organisation_id: string;
  reference: string;
  participant_id: string;
  channel: 'online_form' | 'phone' | 'email' | 'letter' | 'in_person';
  source: ReferralSource;
  agency_type: string | null;
  referrer_name: string | null;
  referrer_organisation: string | null;
  referrer_phone: string | null;
  referrer_email: string | null;
  reason: string;
  mandated: Generated<boolean>;
  court_context: string | null;
  child_protection_context: string | null;
  area: string | null;
  interpreter_language: string | null;
  relationship_context: string | null;
  received_on: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ReferralStatusHistoryTable {
  id: Generated<string>;
  organisation_id: string;
  referral_id: string;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus;
  reason_code: string;
  note: string | null;
  changed_by: string | null;
  changed_at: Generated<Date>;
}

export interface ReferralCommunitySourcesTable {
  referral_id: string;
  organisation_id: string;
  relationship: 'partner' | 'ex_partner' | 'family' | 'friend' | 'other';
  name: string | null;
  phone: string | null;
  safe_to_contact: string | null;
  account: string | null;
  created_at: Generated<Date>;
}

export type ContactMethod = 'phone' | 'text' | 'voicemail' | 'email' | 'letter' | 'in_person';
export type ContactOutcome = 'reached' | 'no_answer' | 'message_left' | 'unsafe_to_talk' | 'wrong_number';

export interface OrganisationSettingsTable {
  organisation_id: string;
  partner_first_contact_days: Generated<number>;
  participant_first_contact_days: Generated<number>;
  updated_at: Generated<Date>;
}

interface ContactAttemptColumns {
  id: Generated<string>;
  organisation_id: string;
  attempted_at: Date;
  method: ContactMethod;
  outcome: ContactOutcome;
  note: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
}

export interface PartnerContactAttemptsTable extends ContactAttemptColumns {
  partner_case_id: string;
}

export interface ParticipantContactAttemptsTable extends ContactAttemptColumns {
  perpetrator_case_id: string;
}

export type ChildRelationshipToParticipant = 'parent' | 'step_parent' | 'other' | 'not_known';
export type ChildLivesWith = 'participant' | 'other_parent' | 'both_parents' | 'other_family' | 'looked_after' | 'not_known';
export type ChildProtectionStatus = 'none' | 'child_in_need' | 'child_protection_plan' | 'looked_after' | 'not_known';

/** A child named at referral or later: seen by both sides (migration 0006). */
export interface ChildrenTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  given_name: string | null;
  date_of_birth: DateOnly | null;
  age_years: number | null;
  age_recorded_on: DateOnly;
  relationship_to_participant: ColumnType<
    ChildRelationshipToParticipant,
    ChildRelationshipToParticipant | undefined,
    ChildRelationshipToParticipant
  >;
  lives_with: ColumnType<ChildLivesWith, ChildLivesWith | undefined, ChildLivesWith>;
  protection_status: ColumnType<ChildProtectionStatus, ChildProtectionStatus | undefined, ChildProtectionStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Partner-side facts about a child: the partner linked to the child, and school (migration 0006). */
export interface ChildPartnerDetailsTable {
  child_id: string;
  organisation_id: string;
  partner_id: string | null;
  school: string | null;
  notes: string | null;
  updated_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface Database {
  organisations: OrganisationsTable;
  app_settings: AppSettingsTable;
  users: UsersTable;
  teams: TeamsTable;
  team_memberships: TeamMembershipsTable;
  sessions: SessionsTable;
  participants: ParticipantsTable;
  perpetrator_cases: PerpetratorCasesTable;
  perpetrator_case_notes: PerpetratorCaseNotesTable;
  partners: PartnersTable;
  partner_cases: PartnerCasesTable;
  partner_case_notes: PartnerCaseNotesTable;
  shares: SharesTable;
  audit_events: AuditEventsTable;
  referrals: ReferralsTable;
  referral_status_history: ReferralStatusHistoryTable;
  referral_community_sources: ReferralCommunitySourcesTable;
  organisation_settings: OrganisationSettingsTable;
  partner_contact_attempts: PartnerContactAttemptsTable;
  participant_contact_attempts: ParticipantContactAttemptsTable;
  children: ChildrenTable;
  child_partner_details: ChildPartnerDetailsTable;
}

export type User = Selectable<UsersTable>;
export type Participant = Selectable<ParticipantsTable>;
export type PerpetratorCase = Selectable<PerpetratorCasesTable>;
export type Partner = Selectable<PartnersTable>;
export type NewPartner = Insertable<PartnersTable>;
export type PartnerUpdate = Updateable<PartnersTable>;
export type PartnerCase = Selectable<PartnerCasesTable>;
export type Share = Selectable<SharesTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
