import type { FastifyInstance } from 'fastify';
import { apiRoutes, registerOpenApi } from '../api/routes.js';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { adminRoutes } from '../admin/routes.js';
import { AdminService } from '../admin/service.js';
import { auditRoutes } from '../audit/routes.js';
import { appointmentRoutes } from '../appointments/routes.js';
import { AppointmentService } from '../appointments/service.js';
import { partnerGroupRoutes } from '../partner-groups/routes.js';
import { PartnerGroupService } from '../partner-groups/service.js';
import { PartnerChildrenService } from '../children/partner-details-service.js';
import { partnerChildrenRoutes } from '../children/partner-routes.js';
import { childrenRoutes } from '../children/routes.js';
import { ChildrenService } from '../children/service.js';
import { AuditLogService } from '../audit/service.js';
import { firstContactRoutes } from '../first-contact/routes.js';
import { partnerContactRoutes } from '../first-contact/partner-contact-routes.js';
import { PartnerContactService } from '../first-contact/partner-contact-service.js';
import { sealedAddressRoutes } from '../partner-support/sealed-address-routes.js';
import { SealedAddressService } from '../partner-support/sealed-address-service.js';
import { FirstContactService } from '../first-contact/service.js';
import { identityRoutes } from '../identity/routes.js';
import { RecordMergeService } from '../intake/merging.js';
import { intakeRoutes } from '../intake/routes.js';
import { KnownPeopleService } from '../intake/service.js';
import { IdentityService } from '../identity/service.js';
import { participantRoutes } from '../participants/routes.js';
import { ParticipantService } from '../participants/service.js';
import { partnerSupportRoutes } from '../partner-support/routes.js';
import { PartnerCaseService } from '../partner-support/service.js';
import { publicReferralAdminRoutes } from '../public-referrals/admin-routes.js';
import { publicReferralRoutes } from '../public-referrals/routes.js';
import { PublicReferralService } from '../public-referrals/service.js';
import { referralDocumentRoutes } from '../referrals/documents-routes.js';
import { ReferralDocumentService } from '../referrals/documents-service.js';
import { referralRoutes } from '../referrals/routes.js';
import { ReferralService } from '../referrals/service.js';
import { safetyPlanRoutes } from '../safety-planning/routes.js';
import { dashRoutes } from '../dash/routes.js';
import { DashService } from '../dash/service.js';
import { SafetyPlanService } from '../safety-planning/service.js';
import { assessmentReportRoutes } from '../assessment-reports/routes.js';
import { AssessmentReportService } from '../assessment-reports/service.js';
import { supportWorkRoutes } from '../support-work/routes.js';
import { maracMeetingRoutes } from '../marac/meeting-routes.js';
import { MaracMeetingService } from '../marac/meetings-service.js';
import { maracRoutes } from '../marac/routes.js';
import { MaracService } from '../marac/service.js';
import { SupportWorkService } from '../support-work/service.js';
import { sharingRoutes } from '../sharing/routes.js';
import { SharingService } from '../sharing/service.js';
import { programmeDeliveryRoutes } from '../programme/delivery-routes.js';
import { createProgrammeServices, type ProgrammeServices } from '../programme/services.js';
import { alertRoutes } from '../programme/alerts-routes.js';
import { PartnerAlertService } from '../programme/alerts-service.js';
import { AttendanceReviewService } from '../programme/attendance-reviews-service.js';
import { attendanceRoutes } from '../programme/attendance-routes.js';
import { AttendanceService } from '../programme/attendance-service.js';
import { disclosureRoutes } from '../programme/disclosures-routes.js';
import { DisclosureService } from '../programme/disclosures-service.js';
import { journeyRoutes } from '../programme/journey-routes.js';
import { JourneyService } from '../programme/journey-service.js';
import { ProgressService } from '../programme/progress-service.js';
import { FollowUpService } from '../partner-duties/follow-up-service.js';
import { partnerDutyRoutes } from '../partner-duties/routes.js';
import { PartnerDutyService } from '../partner-duties/service.js';
import { RiskAlertService } from '../risk/alerts-service.js';
import { RiskPictureService } from '../risk/picture-service.js';
import { riskRoutes } from '../risk/routes.js';
import { suitabilityRoutes } from '../assessment/suitability-routes.js';
import { SuitabilityService } from '../assessment/suitability-service.js';
import { riskAssessmentRoutes } from '../assessment/risk-assessment-routes.js';
import { RiskAssessmentService } from '../assessment/risk-assessment-service.js';

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
    participants: new ParticipantService(db),
    partnerCases: new PartnerCaseService(db),
    children: new ChildrenService(db),
    partnerChildren: new PartnerChildrenService(db),
    safetyPlans: new SafetyPlanService(db),
    assessmentReports: new AssessmentReportService(db),
    dash: new DashService(db),
    supportWork: new SupportWorkService(db),
    marac: new MaracService(db),
    maracMeetings: new MaracMeetingService(db),
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
    disclosures: new DisclosureService(db),
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

export async function registerRoutes(app: FastifyInstance, services: Services, config: Config): Promise<void> {
  await registerOpenApi(app);
  identityRoutes(app, services.identity, config);
  adminRoutes(app, services.admin);
  auditRoutes(app, services.auditLog);
  participantRoutes(
    app,
    services.participants,
    services.partnerCases,
    services.firstContact,
    services.children,
    services.programmeProgress,
  );
  partnerSupportRoutes(
    app,
    services.partnerCases,
    services.firstContact,
    services.partnerChildren,
    services.partnerAlerts,
    services.partnerContact,
    { duties: services.partnerDuties, followUp: services.partnerFollowUp },
    services.safetyPlans,
    services.sealedAddresses,
    services.dash,
    services.marac,
  );
  childrenRoutes(app, services.children);
  partnerChildrenRoutes(app, services.partnerChildren);
  safetyPlanRoutes(app, services.safetyPlans, services.partnerChildren);
  assessmentReportRoutes(app, services.assessmentReports);
  dashRoutes(app, services.dash);
  supportWorkRoutes(app, services.supportWork);
  maracRoutes(app, services.marac);
  maracMeetingRoutes(app, services.maracMeetings);
  sharingRoutes(app, services.sharing, services.participants, services.partnerCases);
  referralRoutes(app, services.referrals, services.referralDocuments);
  await app.register(referralDocumentRoutes, { documents: services.referralDocuments });
  publicReferralRoutes(app, services.publicReferrals, config);
  publicReferralAdminRoutes(app, services.publicReferrals, config);
  firstContactRoutes(
    app,
    services.firstContact,
    {
      alerts: services.partnerAlerts,
      reviews: services.attendanceReviews,
      duties: services.partnerDuties,
      followUp: services.partnerFollowUp,
      riskAlerts: services.riskAlerts,
      safetyPlans: services.safetyPlans,
      riskAssessments: services.riskAssessments,
    },
    services.partnerContact,
  );
  partnerContactRoutes(app, services.partnerContact, services.firstContact);
  sealedAddressRoutes(app, services.sealedAddresses);
  attendanceRoutes(app, services.attendance, services.attendanceReviews);
  disclosureRoutes(app, services.disclosures);
  journeyRoutes(app, services.journeys);
  alertRoutes(app, services.partnerAlerts);
  partnerDutyRoutes(app, services.partnerDuties, services.partnerFollowUp);
  suitabilityRoutes(app, services.suitability);
  riskAssessmentRoutes(app, services.riskAssessments);
  intakeRoutes(app, services.knownPeople, services.recordMerges);
  programmeDeliveryRoutes(app, services.programme, config);
  appointmentRoutes(app, services.appointments);
  partnerGroupRoutes(app, services.partnerGroups);
  riskRoutes(app, services.riskPictures, services.riskAlerts);
  await apiRoutes(app, services);
}
