import type { FastifyInstance } from 'fastify';
import { apiRoutes, registerOpenApi } from './api.js';
import type { Config } from '../config.js';
import { adminRoutes } from '../admin/routes.js';
import { auditRoutes } from '../audit/routes.js';
import { appointmentRoutes } from '../appointments/routes.js';
import { partnerGroupRoutes } from '../partner-groups/routes.js';
import { partnerChildrenRoutes } from '../children/partner-routes.js';
import { childrenRoutes } from '../children/routes.js';
import { firstContactRoutes } from '../first-contact/routes.js';
import { partnerContactRoutes } from '../first-contact/partner-contact-routes.js';
import { sealedAddressRoutes } from '../partner-support/sealed-address-routes.js';
import { identityRoutes } from '../identity/routes.js';
import { intakeRoutes } from '../intake/routes.js';
import { participantRoutes } from '../participants/routes.js';
import { partnerSupportRoutes } from '../partner-support/routes.js';
import { publicReferralAdminRoutes } from '../public-referrals/admin-routes.js';
import { publicReferralRoutes } from '../public-referrals/routes.js';
import { referralDocumentRoutes } from '../referrals/documents-routes.js';
import { referralRoutes } from '../referrals/routes.js';
import { safetyPlanRoutes } from '../safety-planning/routes.js';
import { dashRoutes } from '../dash/routes.js';
import { assessmentReportRoutes } from '../assessment-reports/routes.js';
import { supportWorkRoutes } from '../support-work/routes.js';
import { maracMeetingRoutes } from '../marac/meeting-routes.js';
import { maracRoutes } from '../marac/routes.js';
import { sharingRoutes } from '../sharing/routes.js';
import { programmeDeliveryRoutes } from '../programme/delivery-routes.js';
import { alertRoutes } from '../programme/journey/alerts-routes.js';
import { attendanceRoutes } from '../programme/attendance/routes.js';
import { disclosureRoutes } from '../programme/journey/disclosures-routes.js';
import { journeyRoutes } from '../programme/journey/routes.js';
import { partnerDutyRoutes } from '../partner-duties/routes.js';
import { riskRoutes } from '../risk/routes.js';
import { suitabilityRoutes } from '../assessment/suitability/routes.js';
import { riskAssessmentRoutes } from '../assessment/risk-assessment/routes.js';
import type { Services } from './services.js';

/** Registers the OpenAPI collector, every capability's pages, then the JSON API under /api/v1. */
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
