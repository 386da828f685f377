import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { METHODS, METHOD_LABELS, OUTCOMES, OUTCOME_LABELS, ZContactAttempt, ZTargets, attemptFromForm } from './schemas.js';
import type { PartnerAlertService } from '../programme/journey/alerts-service.js';
import type { FollowUpService } from '../partner-duties/follow-up-service.js';
import type { PartnerDutyService } from '../partner-duties/service.js';
import type { AttendanceReviewService } from '../programme/attendance/reviews-service.js';
import type { RiskAlertService } from '../risk/alerts-service.js';
import type { RiskAssessmentService } from '../assessment/risk-assessment/service.js';
import type { SafetyPlanService } from '../safety-planning/service.js';
import type { PartnerContactService } from './partner-contact-service.js';
import type { FirstContactService } from './service.js';
import { londonClockTime, todayInLondon } from '../dates/london.js';

type IdParams = { Params: { id: string } };
const DASHBOARD = 'first-contact/views/dashboard.njk';
const ATTEMPT = 'first-contact/views/attempt.njk';
const TARGETS = 'first-contact/views/targets.njk';

/** The contact-attempt form's fields: today and now by default, or what the user typed. */
export function attemptFormContext(values: Record<string, unknown>) {
  const typed = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const anyTyped = Object.keys(values).length > 0;
  return {
    attemptedOn: anyTyped
      ? { day: typed('attemptedOn-day') ?? '', month: typed('attemptedOn-month') ?? '', year: typed('attemptedOn-year') ?? '' }
      : dateParts(todayInLondon()),
    attemptedTime: anyTyped ? (typed('attemptedTime') ?? '') : londonClockTime(),
    offset: typed('offset'),
    methodItems: METHODS.map((m) => ({ value: m, text: METHOD_LABELS[m], checked: values.method === m })),
    outcomeItems: OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o], checked: values.outcome === o })),
    note: typed('note'),
  };
}

/** The services the first-contact pages and the dashboard ask, by their names in the composition root (src/app). */
export type FirstContactRouteServices = {
  firstContact: FirstContactService;
  partnerContact: PartnerContactService;
  /** The programme's sections: her worker's basic alerts; his side's registers and reviews. */
  partnerAlerts: PartnerAlertService;
  attendanceReviews: AttendanceReviewService;
  /** Duties to inform her and reviews after his programme (src/partner-duties). */
  partnerDuties: PartnerDutyService;
  partnerFollowUp: FollowUpService;
  /** Escalation alerts of the user's side (src/risk). */
  riskAlerts: RiskAlertService;
  /** Reviews due: her safety plans (src/safety-planning) and his risk assessments (src/assessment). */
  safetyPlans: SafetyPlanService;
  riskAssessments: RiskAssessmentService;
};

export function firstContactRoutes(app: FastifyInstance, services: FirstContactRouteServices): void {
  const { firstContact, partnerContact } = services;
  app.get('/settings/first-contact', async (request, reply) => {
    const actor = requireActor(request);
    const values = await firstContact.targets(actor);
    const saved = (request.query as Record<string, string | undefined>).saved;
    return reply.view(TARGETS, {
      title: 'First-contact targets',
      values,
      flash: saved ? 'The targets have been saved' : undefined,
    });
  });

  app.post('/settings/first-contact', async (request, reply) => {
    const actor = requireActor(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    try {
      await firstContact.setTargets(actor, parseInput(ZTargets, values), originOf(request));
      return reply.redirect('/settings/first-contact?saved=1', 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, TARGETS, { title: 'First-contact targets', values }, error);
      }
      throw error;
    }
  });

  app.get('/dashboard', async (request, reply) => {
    const actor = requireActor(request);
    const dashboard = await firstContact.dashboard(actor);
    // Her follow-ups after an unsuccessful attempt: her worker's own cases, every case for management.
    const contactFollowUps = await partnerContact.followUps(actor);
    // The programme's sections (src/programme): her worker's basic alerts; his side's registers and reviews.
    const programmeAlerts = await services.partnerAlerts.dashboard(actor, originOf(request));
    const programmeFollowUp = can(actor, 'attendance.manageReviews') ? await services.attendanceReviews.followUp(actor) : null;
    const partnerDuties = await services.partnerDuties.dashboard(actor, originOf(request));
    const partnerFollowUps = await services.partnerFollowUp.dashboard(actor);
    const riskAlerts = await services.riskAlerts.dashboard(actor, originOf(request));
    const safetyPlanReviews = await services.safetyPlans.overdueReviews(actor, originOf(request));
    const riskReviews = await services.riskAssessments.reviewsDue(actor);
    return reply.view(DASHBOARD, {
      title: 'Due and overdue',
      ...dashboard,
      contactFollowUps,
      programmeAlerts,
      programmeFollowUp,
      partnerDuties,
      partnerFollowUps,
      riskAlerts,
      safetyPlanReviews,
      riskReviews,
      canConfigureDuties: can(actor, 'partnerDuty.configure'),
      canConfigure: can(actor, 'firstContact.configure'),
    });
  });

  app.get<IdParams>('/participants/:id/contact-attempts/new', async (request, reply) => {
    const actor = requireActor(request);
    const attempts = await firstContact.participantAttempts(actor, request.params.id);
    return reply.view(ATTEMPT, {
      title: 'Log a contact attempt',
      participantId: request.params.id,
      attempts,
      attemptForm: attemptFormContext({}),
      backLink: `/participants/${request.params.id}`,
      canLogContact: can(actor, 'participant.logContact'),
    });
  });

  app.post<IdParams>('/participants/:id/contact-attempts', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await firstContact.logParticipantAttempt(
        actor,
        request.params.id,
        parseInput(ZContactAttempt, attemptFromForm(body)),
        originOf(request),
      );
      return reply.redirect(`/participants/${request.params.id}?saved=1#contact`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const attempts = await firstContact.participantAttempts(actor, request.params.id);
        return renderFormErrors(
          reply,
          ATTEMPT,
          {
            title: 'Log a contact attempt',
            participantId: request.params.id,
            attempts,
            attemptForm: attemptFormContext(body),
            backLink: `/participants/${request.params.id}`,
            canLogContact: true,
          },
          error,
        );
      }
      throw error;
    }
  });
}
