import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AdminService } from '../admin/service.js';
import { AppointmentService } from '../appointments/service.js';
import { PartnerGroupService } from '../partner-groups/service.js';
import { PartnerChildrenService } from '../children/partner-details-service.js';
import { ChildrenService } from '../children/service.js';
import { AuditLogService } from '../audit/service.js';
import { PartnerContactService } from '../first-contact/partner-contact-service.js';
import { SealedAddressService } from '../partner-support/sealed-address-service.js';
import { FirstContactService } from '../first-contact/service.js';
import { RecordMergeService } from '../intake/merging.js';
import { KnownPeopleService } from '../intake/service.js';
import { IdentityService } from '../identity/service.js';
import { ParticipantService } from '../participants/service.js';
import { PartnerCaseService } from '../partner-support/service.js';
import { PublicReferralService } from '../public-referrals/service.js';
import { ReferralDocumentService } from '../referrals/documents-service.js';
import { ReferralService } from '../referrals/service.js';
import { DashService } from '../dash/service.js';
import { SafetyPlanService } from '../safety-planning/service.js';
import { AssessmentReportService } from '../assessment-reports/service.js';
import { MaracMeetingService } from '../marac/meetings-service.js';
import { MaracActionService } from '../marac/actions-service.js';
import { MaracService } from '../marac/service.js';
import { SupportWorkService } from '../support-work/service.js';
import { SharingService } from '../sharing/service.js';
import { createProgrammeServices, type ProgrammeServices } from '../programme/services.js';
import { PartnerAlertService } from '../programme/journey/alerts-service.js';
import { AttendanceReviewService } from '../programme/attendance/reviews-service.js';
import { AttendanceService } from '../programme/attendance/service.js';
import { DisclosureService } from '../programme/journey/disclosures-service.js';
import { JourneyService } from '../programme/journey/service.js';
import { ProgressService } from '../programme/journey/progress-service.js';
import { FollowUpService } from '../partner-duties/follow-up-service.js';
import { PartnerDutyService } from '../partner-duties/service.js';
import { RiskAlertService } from '../risk/alerts-service.js';
import { raiseForRecordedDash, raiseForRecordedDisclosure } from '../risk/escalation.js';
import { RiskPictureService } from '../risk/picture-service.js';
import { SuitabilityService } from '../assessment/suitability/service.js';
import { RiskAssessmentService } from '../assessment/risk-assessment/service.js';

/** Every capability's service, built once from the database and configuration (constructor injection). */
export type Services = {
  health: { databaseReachable: () => Promise<boolean> };
  identity: IdentityService;
  admin: AdminService;
  auditLog: AuditLogService;
  participants: ParticipantService;
  partnerCases: PartnerCaseService;
  children: ChildrenService;
  partnerChildren: PartnerChildrenService;
  /** Her safety plan, in versions. */
  safetyPlans: SafetyPlanService;
  /** Assessment reports for referrers (court, children's services, probation) and their PDF. */
  assessmentReports: AssessmentReportService;
  /** Her DASH risk identification checklists (src/dash). */
  dash: DashService;
  /** Support sessions, information sessions about the programme, referrals she wants. */
  supportWork: SupportWorkService;
  /** MARAC referrals of her case; MARAC meetings and their lists; the escalation setting. */
  marac: MaracService;
  maracMeetings: MaracMeetingService;
  /** The actions agreed at MARAC meetings and not yet done, across her cases (the dashboard's counts). */
  maracActions: MaracActionService;
  sharing: SharingService;
  referrals: ReferralService;
  referralDocuments: ReferralDocumentService;
  publicReferrals: PublicReferralService;
  firstContact: FirstContactService;
  /** Her safe-contact rules, follow-up schedule and not-engaged closure; her sealed address. */
  partnerContact: PartnerContactService;
  sealedAddresses: SealedAddressService;
  knownPeople: KnownPeopleService;
  recordMerges: RecordMergeService;
  /** Programme delivery: catalogue, venues, groups, waiting lists, sessions, calendars. */
  programme: ProgrammeServices;
  attendance: AttendanceService;
  attendanceReviews: AttendanceReviewService;
  disclosures: DisclosureService;
  journeys: JourneyService;
  programmeProgress: ProgressService;
  partnerAlerts: PartnerAlertService;
  /** Her appointments, kept apart from him and from his other partners. */
  appointments: AppointmentService;
  /** Her support groups' members and registers. */
  partnerGroups: PartnerGroupService;
  /** Duties to inform her, and support after his programme (src/partner-duties). */
  partnerDuties: PartnerDutyService;
  partnerFollowUp: FollowUpService;
  /** The risk picture over time and the escalation alerts (src/risk). */
  riskPictures: RiskPictureService;
  riskAlerts: RiskAlertService;
  /** His suitability assessments, matched to an intervention (src/assessment). */
  suitability: SuitabilityService;
  /** The expert risk assessment of him, in versions (src/assessment). */
  riskAssessments: RiskAssessmentService;
};

export function createServices(db: Db, config: Config): Services {
  return {
    health: {
      databaseReachable: async () => {
        try {
          await sql`select 1`.execute(db);
          return true;
        } catch {
          return false;
        }
      },
    },
    identity: new IdentityService(db, config),
    admin: new AdminService(db, config),
    auditLog: new AuditLogService(db),
    participants: new ParticipantService(db, config.workingDaysRegion),
    partnerCases: new PartnerCaseService(db, config.workingDaysRegion),
    children: new ChildrenService(db),
    partnerChildren: new PartnerChildrenService(db),
    safetyPlans: new SafetyPlanService(db),
    assessmentReports: new AssessmentReportService(db),
    dash: new DashService(db, raiseForRecordedDash),
    supportWork: new SupportWorkService(db),
    marac: new MaracService(db),
    maracMeetings: new MaracMeetingService(db),
    maracActions: new MaracActionService(db),
    sharing: new SharingService(db),
    referrals: new ReferralService(db),
    referralDocuments: new ReferralDocumentService(db, config.maxDocumentMb * 1024 * 1024),
    publicReferrals: new PublicReferralService(db),
    firstContact: new FirstContactService(db, config),
    partnerContact: new PartnerContactService(db, config),
    sealedAddresses: new SealedAddressService(db),
    knownPeople: new KnownPeopleService(db),
    recordMerges: new RecordMergeService(db),
    programme: createProgrammeServices(db, config),
    attendance: new AttendanceService(db),
    attendanceReviews: new AttendanceReviewService(db),
    disclosures: new DisclosureService(db, raiseForRecordedDisclosure),
    journeys: new JourneyService(db),
    programmeProgress: new ProgressService(db),
    partnerAlerts: new PartnerAlertService(db),
    appointments: new AppointmentService(db),
    partnerGroups: new PartnerGroupService(db),
    partnerDuties: new PartnerDutyService(db, config),
    partnerFollowUp: new FollowUpService(db),
    riskPictures: new RiskPictureService(db),
    riskAlerts: new RiskAlertService(db),
    suitability: new SuitabilityService(db),
    riskAssessments: new RiskAssessmentService(db),
  };
}
