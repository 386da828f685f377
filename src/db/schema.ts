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
  /** Her safe times, checkable: ISO days (1 Monday .. 7 Sunday) and a from/to time, Europe/London (migration 0012). */
  safe_days: ColumnType<number[], number[] | undefined, number[]>;
  safe_from: ColumnType<string | null, string | null | undefined, string | null>;
  safe_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** Her address is in sealed_addresses, readable only by her allocated worker or by breaking the glass (migration 0012). */
  address_sealed: Generated<boolean>;
}

export interface SealedAddressesTable {
  partner_id: string;
  organisation_id: string;
  address_line_1: string | null;
  address_line_2: string | null;
  town: string | null;
  postcode: string | null;
  reason: string;
  sealed_by: string;
  sealed_at: Generated<Date>;
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
  /** NULL until the chainer seals the entry (src/audit/chainer.ts); the three are set together. */
  prev_hash: ColumnType<string | null, never, string>;
  hash: ColumnType<string | null, never, string>;
  /** The entry's place in its organisation's chain (1, 2, 3...), given when sealed. */
  chain_seq: ColumnType<string | null, never, string>;
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
  /** Minutes kept between her appointment and his session at the same venue (migration 0015). */
  appointment_buffer_minutes: Generated<number>;
  updated_at: Generated<Date>;
  /** Migration 0012: the next attempt after an unsuccessful one, and attempts before "not engaged". */
  partner_follow_up_days: Generated<number>;
  partner_not_engaged_attempts: Generated<number>;
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

export type SafeContactBreach = 'message_not_allowed' | 'outside_safe_times' | 'not_safe_number';

export interface PartnerContactAttemptsTable extends ContactAttemptColumns {
  partner_case_id: string;
  /** Migration 0012: the number called or texted, and the safe-contact rules the attempt broke, with why. */
  number_used: ColumnType<string | null, string | null | undefined, never>;
  breaches: ColumnType<SafeContactBreach[], SafeContactBreach[] | undefined, never>;
  breach_reason: ColumnType<string | null, string | null | undefined, never>;
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

/** Who may read a referral document: partner support and management, or every case side (migration 0007). */
export type DocumentVisibility = 'partner_side' | 'both_sides';
export type ReferralDocumentKind =
  | 'referral_letter'
  | 'court_order'
  | 'childrens_services_report'
  | 'police_report'
  | 'probation_report'
  | 'risk_assessment'
  | 'other';
export type DocumentContentType =
  'application/pdf' | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' | 'image/png' | 'image/jpeg';

/** A document attached to a referral: its metadata, without the bytes (migration 0007). */
export interface ReferralDocumentsTable {
  id: string;
  organisation_id: string;
  referral_id: string;
  kind: ReferralDocumentKind;
  file_name: string;
  content_type: DocumentContentType;
  size_bytes: number;
  sha256: string;
  description: string | null;
  visibility: DocumentVisibility;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
}

/** A referral document's bytes, read only to download it (migration 0007). */
export interface ReferralDocumentContentsTable {
  document_id: string;
  organisation_id: string;
  visibility: DocumentVisibility;
  content: Uint8Array;
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

// Programme delivery (migration 0008).
export type ProgrammeSide = 'perpetrator' | 'partner';
export type ProgrammeKind = 'group_dapp' | 'one_to_one' | 'early_response' | 'high_harm' | 'partner_support_group';
export type GroupIntake = 'closed' | 'rolling';
export type GroupStatus = 'planned' | 'running' | 'finished' | 'cancelled';
export type FacilitatorRole = 'regular' | 'cover';
export type EnrolmentStatus = 'waiting' | 'active' | 'suspended' | 'completed' | 'dropped_out' | 'excluded' | 'breached';
export type NonAssociationReason = 'safety_request' | 'related' | 'conflict' | 'co_accused' | 'other';
export type SessionKind = 'scheduled' | 'catch_up' | 'one_to_one';
export type SessionStatus = 'scheduled' | 'held' | 'cancelled';
export type SessionChange = 'rescheduled' | 'cancelled' | 'reinstated' | 'venue_changed';
export type AttendanceOutcome = 'attended' | 'attended_not_complied' | 'late' | 'absent_acceptable' | 'absent_unacceptable';
export type DisclosureType = 'physical' | 'sexual' | 'coercive_control' | 'threats' | 'child_related' | 'breach' | 'other';
export type DisclosureSeverity = 'low' | 'medium' | 'high';
export type ReviewReason = 'consecutive_absences' | 'non_compliance' | 'staff_concern';
export type ParticipantEventType =
  | 'assessment_outcome'
  | 'enrolled'
  | 'started'
  | 'missed_session'
  | 'suspended'
  | 'resumed'
  | 'dropped_out'
  | 'excluded'
  | 'completed'
  | 'breached'
  | 'disclosure'
  /** A register corrected after a missed session was reported (migration 0011). */
  | 'attendance_corrected';

export interface VenuesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  address: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ProgrammesTable {
  id: Generated<string>;
  organisation_id: string;
  side: ProgrammeSide;
  kind: ProgrammeKind;
  name: string;
  description: string | null;
  completion_min_sessions: number | null;
  completion_min_minutes: number | null;
  absence_review_after: Generated<number>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProgrammeModulesTable {
  id: Generated<string>;
  organisation_id: string;
  programme_id: string;
  position: number;
  title: string;
  description: string | null;
  required: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SessionTemplatesTable {
  id: Generated<string>;
  organisation_id: string;
  programme_id: string;
  module_id: string | null;
  position: number;
  title: string;
  duration_minutes: number;
  delivery: 'group' | 'one_to_one';
  content_notes: string | null;
  created_at: Generated<Date>;
}

export interface ProgrammeGroupsTable {
  id: Generated<string>;
  organisation_id: string;
  programme_id: string;
  side: ProgrammeSide;
  name: string;
  intake: GroupIntake;
  venue_id: string | null;
  /** ISO day of the week, 1 = Monday. */
  day_of_week: number;
  /** 'HH:MM:SS' */
  start_time: string;
  duration_minutes: number;
  capacity: number;
  start_date: DateOnly;
  interpreter_language: string | null;
  status: ColumnType<GroupStatus, GroupStatus | undefined, GroupStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GroupFacilitatorsTable {
  group_id: string;
  user_id: string;
  organisation_id: string;
  side: ProgrammeSide;
  role: FacilitatorRole;
  created_at: Generated<Date>;
}

export interface ProgrammeEnrolmentsTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  perpetrator_case_id: string;
  programme_id: string;
  group_id: string | null;
  ready_on: DateOnly;
  started_on: OptionalText;
  ended_on: OptionalText;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EnrolmentStatusHistoryTable {
  id: Generated<string>;
  organisation_id: string;
  enrolment_id: string;
  from_status: EnrolmentStatus | null;
  to_status: EnrolmentStatus;
  reason_code: string;
  note: string | null;
  effective_on: DateOnly;
  changed_by: string | null;
  changed_at: Generated<Date>;
}

export interface NonAssociationsTable {
  id: Generated<string>;
  organisation_id: string;
  /** The pair is stored once, smaller id first. */
  participant_a_id: string;
  participant_b_id: string;
  reason_code: NonAssociationReason;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  ended_at: Date | null;
  ended_by: string | null;
}

export interface ProgrammeSessionsTable {
  id: Generated<string>;
  organisation_id: string;
  side: ProgrammeSide;
  group_id: string | null;
  enrolment_id: string | null;
  session_template_id: string | null;
  kind: ColumnType<SessionKind, SessionKind | undefined, SessionKind>;
  sequence: number | null;
  title: string;
  starts_at: Timestamp;
  duration_minutes: number;
  venue_id: string | null;
  status: ColumnType<SessionStatus, SessionStatus | undefined, SessionStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionFacilitatorsTable {
  session_id: string;
  user_id: string;
  organisation_id: string;
  side: ProgrammeSide;
  role: FacilitatorRole;
  created_at: Generated<Date>;
}

export interface SessionChangesTable {
  id: Generated<string>;
  organisation_id: string;
  session_id: string;
  side: ProgrammeSide;
  change: SessionChange;
  previous_starts_at: Date | string | null;
  new_starts_at: Date | string | null;
  previous_venue_id: string | null;
  new_venue_id: string | null;
  reason: string;
  changed_by: string | null;
  changed_at: Generated<Date>;
}

export interface AttendanceRecordsTable {
  id: Generated<string>;
  organisation_id: string;
  session_id: string;
  enrolment_id: string;
  participant_id: string;
  outcome: AttendanceOutcome;
  minutes_late: number | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ParticipationNotesTable {
  id: Generated<string>;
  organisation_id: string;
  attendance_record_id: string;
  body: string;
  author_id: string;
  created_at: Generated<Date>;
}

export interface DisclosuresTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  perpetrator_case_id: string;
  session_id: string | null;
  disclosed_on: DateOnly;
  type: DisclosureType;
  severity: DisclosureSeverity;
  detail: string;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

export interface EnrolmentReviewsTable {
  id: Generated<string>;
  organisation_id: string;
  enrolment_id: string;
  reason: ReviewReason;
  raised_by: string | null;
  raised_at: Generated<Date>;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolution: string | null;
}

export interface ParticipantEventsTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  perpetrator_case_id: string | null;
  enrolment_id: string | null;
  type: ParticipantEventType;
  occurred_on: DateOnly;
  session_id: string | null;
  disclosure_id: string | null;
  /** What may be told to her, and nothing more. */
  basic_summary: string;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface PartnerAlertAcknowledgementsTable {
  partner_case_id: string;
  event_id: string;
  organisation_id: string;
  acknowledged_by: string;
  acknowledged_at: Generated<Date>;
}

export interface CalendarFeedTokensTable {
  user_id: string;
  organisation_id: string;
  token_hash: string;
  created_at: Generated<Date>;
}

/** Partner side (migration 0014): what her worker did about a duty to inform her. */
export type DutyOutcome = 'told' | 'not_told';
export type DutyMethod = 'phone' | 'in_person' | 'text' | 'letter' | 'email';
export type DutyNotToldReason = 'unreachable' | 'unsafe_to_contact' | 'asked_not_to_be_told' | 'case_closed';

export interface PartnerDutyRecordsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  event_id: string;
  outcome: DutyOutcome;
  method: DutyMethod | null;
  told_at: Date | null;
  reason: DutyNotToldReason | null;
  note: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
}

/** Duties to inform her not yet done, kept by triggers (migration 0021); due_on filled in by the application. */
export interface PartnerDutiesOutstandingTable {
  organisation_id: string;
  partner_case_id: string;
  event_id: string;
  allocated_worker_id: string | null;
  event_type: ParticipantEventType;
  event_recorded_at: Date;
  case_opened_on: DateOnly;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PartnerDutyDueDaysTable {
  organisation_id: string;
  event_type: string;
  working_days: number;
  updated_at: Generated<Date>;
}

export interface PartnerFollowUpSettingsTable {
  organisation_id: string;
  follow_up_months: Generated<number>;
  review_months: Generated<number>;
  updated_at: Generated<Date>;
}

export type ClosureOutcome = 'support_completed' | 'she_ended_support' | 'moved_away' | 'referred_on' | 'not_engaged' | 'other';
export type SafetyAtClose = 'safer' | 'no_change' | 'less_safe' | 'not_known';

export interface PartnerCaseClosuresTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  outcome: ClosureOutcome;
  safety_at_close: SafetyAtClose;
  feeling_safe: number | null;
  onward_referrals: string | null;
  summary: string;
  early_reason: string | null;
  closed_by: string;
  closed_at: Generated<Date>;
}

/** Her safety plan: every save a new version, never rewritten (migration 0013). Partner side only. */
export interface SafetyPlanVersionsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  version: number;
  risks: string;
  warning_signs: string | null;
  safe_places: string | null;
  safe_people: string | null;
  children_safety: string | null;
  escape_bag: string | null;
  escape_documents: string | null;
  escape_route: string | null;
  escape_destination: string | null;
  local_police: string | null;
  worker_contact: string | null;
  technology_safety: string | null;
  review_on: DateOnly;
  created_by: string;
  created_at: Generated<Date>;
}

export type SupportSessionType = 'phone' | 'in_person' | 'video';
export type SupportTopic = 'safety' | 'emotional' | 'programme' | 'children' | 'housing' | 'legal' | 'health';

/** A one-to-one support session with her (migration 0013); topics comma-separated. */
export interface SupportSessionsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  held_on: DateOnly;
  session_type: SupportSessionType;
  duration_minutes: number;
  topics: string;
  notes: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
}

/** Her attendance at an information session about the programme (migration 0013). */
export interface InformationSessionAttendancesTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  attended_on: DateOnly;
  programme_worker: string | null;
  notes: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
}

export type OnwardService =
  'idva' | 'refuge' | 'housing' | 'solicitor' | 'counselling' | 'childrens_services' | 'health' | 'other';
export type OnwardReferralStatus = 'made' | 'accepted' | 'declined';

/** A referral she wants to another service, made with her consent (migration 0013). */
export interface OnwardReferralsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  service: OnwardService;
  organisation_name: string;
  referred_on: DateOnly;
  consent_given: boolean;
  status: ColumnType<OnwardReferralStatus, OnwardReferralStatus | undefined, OnwardReferralStatus>;
  outcome: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export type AppointmentType = 'one_to_one' | 'information_session' | 'safety_planning' | 'other';
export type AppointmentStatus = 'booked' | 'attended' | 'did_not_attend' | 'cancelled';

/** Her appointment with the partner service: partner side only (migration 0015). */
export interface PartnerAppointmentsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  venue_id: string;
  starts_at: Date;
  duration_minutes: number;
  type: AppointmentType;
  with_whom: string | null;
  note: string | null;
  status: Generated<AppointmentStatus>;
  cancelled_reason: string | null;
  booked_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A partner in one of the partner side's own support groups (migration 0016). */
export interface PartnerGroupMembersTable {
  group_id: string;
  partner_case_id: string;
  organisation_id: string;
  added_by: string;
  added_at: Generated<Date>;
}

export type PartnerGroupOutcome = 'attended' | 'absent' | 'apologies';

/** Her attendance at a session of her support group (migration 0016). */
export interface PartnerGroupAttendanceTable {
  session_id: string;
  partner_case_id: string;
  organisation_id: string;
  outcome: PartnerGroupOutcome;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

// --- Assessment and risk (migration 0017) ---------------------------------------------------

export type Acknowledgement = 'acknowledges' | 'partly' | 'denies';
export type Responsibility = 'accepts' | 'partly' | 'denies';
export type Motivation = 'high' | 'some' | 'low' | 'none';
export type ExclusionFactor =
  | 'severe_mental_illness'
  | 'chaotic_substance_use'
  | 'group_unsuitable'
  | 'cognitive_impairment'
  | 'no_relationship_abuse'
  | 'other';
export type ResponsivityNeed =
  'interpreter' | 'same_sex_relationship' | 'learning_needs' | 'literacy' | 'disability' | 'shift_work' | 'other';
export type SuitabilityOutcome = 'early_response' | 'group_dapp' | 'one_to_one' | 'high_harm' | 'not_suitable';
export type RiskLevel = 'standard' | 'medium' | 'high' | 'very_high';
export type RiskDomain =
  | 'history_of_violence'
  | 'physical_violence'
  | 'sexual_violence'
  | 'coercive_control'
  | 'threats_to_kill'
  | 'strangulation'
  | 'weapons'
  | 'stalking'
  | 'substance_use'
  | 'mental_health'
  | 'attitudes_denial'
  | 'children_exposure'
  | 'separation_child_contact'
  | 'breaches_of_orders';
export type DomainRating = 'none' | 'low' | 'medium' | 'high' | 'not_known';
export type DashLevel = 'standard' | 'medium' | 'high';
export type DashAnswer = 'yes' | 'no' | 'dont_know';
export type MaracCriterion = 'visible_high_risk' | 'professional_judgement' | 'escalation' | 'repeat';
export type MaracStatus = 'referred' | 'heard' | 'closed';
export type ReportRecipientKind = 'court' | 'childrens_services' | 'probation' | 'cafcass' | 'police' | 'other';
export type RiskAlertSource = 'disclosure' | 'dash';

type TextArray<T extends string> = ColumnType<T[], T[] | undefined, T[]>;

/** His suitability assessment: a record of one day's decision, never rewritten (his side only). */
export interface SuitabilityAssessmentsTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  perpetrator_case_id: string | null;
  assessed_on: DateOnly;
  acknowledgement: Acknowledgement;
  acknowledgement_notes: OptionalText;
  responsibility: Responsibility;
  responsibility_notes: OptionalText;
  motivation: Motivation;
  motivation_notes: OptionalText;
  exclusion_factors: TextArray<ExclusionFactor>;
  exclusion_notes: OptionalText;
  responsivity_needs: TextArray<ResponsivityNeed>;
  responsivity_notes: OptionalText;
  outcome: SuitabilityOutcome;
  reasons: string;
  assessed_by: string;
  created_at: Generated<Date>;
}

/** One version of the risk assessment of him (his side only). */
export interface RiskAssessmentsTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  version: number;
  assessed_on: DateOnly;
  overall_level: RiskLevel;
  summary: string;
  management_plan: string;
  review_on: DateOnly;
  assessed_by: string;
  created_at: Generated<Date>;
}

export interface RiskAssessmentDomainsTable {
  risk_assessment_id: string;
  organisation_id: string;
  domain: RiskDomain;
  rating: DomainRating;
  evidence: OptionalText;
}

/** A written assessment report for the referrer (his side only). */
export interface AssessmentReportsTable {
  id: Generated<string>;
  organisation_id: string;
  participant_id: string;
  recipient_kind: ReportRecipientKind;
  recipient: string;
  purpose: string;
  suitability_assessment_id: string | null;
  risk_assessment_id: string | null;
  findings: string;
  recommendations: string;
  written_by: string;
  created_at: Generated<Date>;
}

/** A DASH risk identification checklist completed with her (partner side only). */
export interface DashAssessmentsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  completed_on: DateOnly;
  safe_to_talk: boolean;
  safe_contact_checked: boolean;
  his_whereabouts: OptionalText;
  children_whereabouts: OptionalText;
  yes_count: number;
  score_level: DashLevel;
  judgement_level: ColumnType<DashLevel | null, DashLevel | null | undefined, DashLevel | null>;
  judgement_reasons: OptionalText;
  police_callouts_past_year: ColumnType<number | null, number | null | undefined, number | null>;
  her_view_of_risk: OptionalText;
  completed_by: string;
  created_at: Generated<Date>;
}

export interface DashAnswersTable {
  dash_assessment_id: string;
  organisation_id: string;
  question: number;
  answer: DashAnswer;
  comment: OptionalText;
}

/** The local MARAC escalation setting (partner side and management). */
export interface RiskSettingsTable {
  organisation_id: string;
  marac_callout_threshold: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface MaracMeetingsTable {
  id: Generated<string>;
  organisation_id: string;
  area: string;
  meets_on: DateOnly;
  created_by: string;
  created_at: Generated<Date>;
}

/** A referral of her case to MARAC (partner side only). */
export interface MaracReferralsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_case_id: string;
  dash_assessment_id: string | null;
  referred_on: DateOnly;
  area: string;
  marac_meeting_id: string | null;
  criteria: ColumnType<MaracCriterion[], MaracCriterion[], MaracCriterion[]>;
  judgement_reasons: OptionalText;
  police_callouts_past_year: ColumnType<number | null, number | null | undefined, number | null>;
  safe_to_call: boolean;
  safe_number: OptionalText;
  safe_times: OptionalText;
  afraid_of: OptionalText;
  safe_to_talk_to: OptionalText;
  not_safe_to_talk_to: OptionalText;
  children_and_schools: OptionalText;
  relationship: string;
  previous_maracs: OptionalText;
  she_knows: boolean;
  she_consents: boolean;
  no_consent_reason: OptionalText;
  status: Generated<MaracStatus>;
  heard_on: ColumnType<string | null, string | null | undefined, string | null>;
  outcome: OptionalText;
  referred_by: string;
  created_at: Generated<Date>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface MaracActionsTable {
  id: Generated<string>;
  organisation_id: string;
  marac_referral_id: string;
  action: string;
  agency: string;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  completed_on: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_by: string;
  created_at: Generated<Date>;
}

/** Partner-side information put into one of his assessment reports through the share ledger (partner side only). */
export interface AssessmentReportPartnerSharesTable {
  assessment_report_id: string;
  share_id: string;
  organisation_id: string;
  created_at: Generated<Date>;
}

/** An escalation alert, one row per side told: his side's rows for his side, hers for hers. */
export interface RiskAlertsTable {
  id: Generated<string>;
  organisation_id: string;
  side: 'perpetrator' | 'partner';
  participant_id: string;
  partner_case_id: string | null;
  source: RiskAlertSource;
  disclosure_id: string | null;
  dash_assessment_id: string | null;
  level_before: RiskLevel | null;
  level_after: RiskLevel | null;
  summary: string;
  raised_on: DateOnly;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  created_at: Generated<Date>;
}

/** Her worker marked a participant-wide partner-side alert dealt with for her case (migration 0018). */
export interface RiskAlertCaseAcknowledgementsTable {
  risk_alert_id: string;
  partner_case_id: string;
  organisation_id: string;
  acknowledged_by: string;
  acknowledged_at: Generated<Date>;
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
  sealed_addresses: SealedAddressesTable;
  participant_contact_attempts: ParticipantContactAttemptsTable;
  children: ChildrenTable;
  child_partner_details: ChildPartnerDetailsTable;
  referral_documents: ReferralDocumentsTable;
  referral_document_contents: ReferralDocumentContentsTable;
  venues: VenuesTable;
  programmes: ProgrammesTable;
  programme_modules: ProgrammeModulesTable;
  session_templates: SessionTemplatesTable;
  programme_groups: ProgrammeGroupsTable;
  group_facilitators: GroupFacilitatorsTable;
  programme_enrolments: ProgrammeEnrolmentsTable;
  enrolment_status_history: EnrolmentStatusHistoryTable;
  non_associations: NonAssociationsTable;
  programme_sessions: ProgrammeSessionsTable;
  session_facilitators: SessionFacilitatorsTable;
  session_changes: SessionChangesTable;
  attendance_records: AttendanceRecordsTable;
  participation_notes: ParticipationNotesTable;
  disclosures: DisclosuresTable;
  enrolment_reviews: EnrolmentReviewsTable;
  participant_events: ParticipantEventsTable;
  partner_alert_acknowledgements: PartnerAlertAcknowledgementsTable;
  calendar_feed_tokens: CalendarFeedTokensTable;
  safety_plan_versions: SafetyPlanVersionsTable;
  support_sessions: SupportSessionsTable;
  information_session_attendances: InformationSessionAttendancesTable;
  onward_referrals: OnwardReferralsTable;
  partner_duty_records: PartnerDutyRecordsTable;
  partner_duties_outstanding: PartnerDutiesOutstandingTable;
  partner_duty_due_days: PartnerDutyDueDaysTable;
  partner_follow_up_settings: PartnerFollowUpSettingsTable;
  partner_case_closures: PartnerCaseClosuresTable;
  partner_appointments: PartnerAppointmentsTable;
  partner_group_members: PartnerGroupMembersTable;
  partner_group_attendance: PartnerGroupAttendanceTable;
  suitability_assessments: SuitabilityAssessmentsTable;
  risk_assessments: RiskAssessmentsTable;
  risk_assessment_domains: RiskAssessmentDomainsTable;
  assessment_reports: AssessmentReportsTable;
  dash_assessments: DashAssessmentsTable;
  dash_answers: DashAnswersTable;
  risk_settings: RiskSettingsTable;
  marac_meetings: MaracMeetingsTable;
  marac_referrals: MaracReferralsTable;
  marac_actions: MaracActionsTable;
  assessment_report_partner_shares: AssessmentReportPartnerSharesTable;
  risk_alerts: RiskAlertsTable;
  risk_alert_case_acknowledgements: RiskAlertCaseAcknowledgementsTable;
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
