/**
 * The codes a text column may hold: each set is the column's CHECK constraint in the migrations,
 * which the database cannot tell the type generator. scripts/db-types.ts gives these types to the
 * columns in src/db/generated/tables.ts; a new coded column, or a new code, is added here and there.
 */

export type Side = 'perpetrator' | 'partner' | 'management' | 'admin' | 'dpo';
export type Gender = 'man' | 'woman' | 'non_binary' | 'other' | 'not_known';
export type PerpetratorCaseStatus =
  'referred' | 'assessment' | 'waiting' | 'active' | 'suspended' | 'completed' | 'dropped_out' | 'excluded' | 'closed';
export type PartnerRelationship = 'current' | 'ex' | 'new';
export type PartnerCaseStatus = 'open' | 'contacting' | 'engaged' | 'not_engaged' | 'closed';
export type ShareDirection = 'partner_to_perpetrator' | 'perpetrator_to_partner' | 'outside';
/** The two sides of the wall: his (the participant's) and hers (the partner's). */
export type CaseSide = 'perpetrator' | 'partner';
export type ReferralChannel = 'online_form' | 'phone' | 'email' | 'letter' | 'in_person';
export type CommunitySourceRelationship = 'partner' | 'ex_partner' | 'family' | 'friend' | 'other';
export type ShareBasis = 'consent' | 'child_safety' | 'high_risk' | 'her_request' | 'attendance_only' | 'safety';
export type ReferralStatus = 'received' | 'triage' | 'accepted' | 'signposted' | 'declined' | 'withdrawn';
export type ReferralSource = 'agency' | 'self' | 'community';
export type ContactMethod = 'phone' | 'text' | 'voicemail' | 'email' | 'letter' | 'in_person';
export type ContactOutcome = 'reached' | 'no_answer' | 'message_left' | 'unsafe_to_talk' | 'wrong_number';
export type SafeContactBreach = 'message_not_allowed' | 'outside_safe_times' | 'not_safe_number';
export type ChildRelationshipToParticipant = 'parent' | 'step_parent' | 'other' | 'not_known';
export type ChildLivesWith = 'participant' | 'other_parent' | 'both_parents' | 'other_family' | 'looked_after' | 'not_known';
export type ChildProtectionStatus = 'none' | 'child_in_need' | 'child_protection_plan' | 'looked_after' | 'not_known';

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

// Programme delivery (migration 0008).
export type ProgrammeSide = CaseSide;
export type SessionDelivery = 'group' | 'one_to_one';
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

/** Partner side (migration 0014): what her worker did about a duty to inform her. */
export type DutyOutcome = 'told' | 'not_told';
export type DutyMethod = 'phone' | 'in_person' | 'text' | 'letter' | 'email';
export type DutyNotToldReason = 'unreachable' | 'unsafe_to_contact' | 'asked_not_to_be_told' | 'case_closed';
export type ClosureOutcome = 'support_completed' | 'she_ended_support' | 'moved_away' | 'referred_on' | 'not_engaged' | 'other';
export type SafetyAtClose = 'safer' | 'no_change' | 'less_safe' | 'not_known';
export type SupportSessionType = 'phone' | 'in_person' | 'video';
export type SupportTopic = 'safety' | 'emotional' | 'programme' | 'children' | 'housing' | 'legal' | 'health';
export type OnwardService =
  'idva' | 'refuge' | 'housing' | 'solicitor' | 'counselling' | 'childrens_services' | 'health' | 'other';
export type OnwardReferralStatus = 'made' | 'accepted' | 'declined';
export type AppointmentType = 'one_to_one' | 'information_session' | 'safety_planning' | 'other';
export type AppointmentStatus = 'booked' | 'attended' | 'did_not_attend' | 'cancelled';
export type PartnerGroupOutcome = 'attended' | 'absent' | 'apologies';
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
