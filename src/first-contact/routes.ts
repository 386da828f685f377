import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { form, formPage, page, type FormBody, type RouteCall } from '../web/route.js';
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
import { WORK_SCOPES, WORK_SCOPE_LABELS } from '../access/work-scope.js';
import { ZScopeParam, pageFilters } from '../web/list-filter.js';
import { triageCards, type MaracActionCounts } from './triage.js';

const DASHBOARD = 'first-contact/views/dashboard.njk';

/** The dashboard's scope switch: mine (the default), my team's, or all the user's side may see. */
const ZDashboardQuery = z.object({ scope: ZScopeParam });
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
  /** The MARAC actions overdue and due soon (src/marac), counted on the dashboard. */
  maracActions: MaracActionCounts;
};

export function firstContactRoutes(app: FastifyInstance, services: FirstContactRouteServices): void {
  const { firstContact, partnerContact } = services;
  // A refused form shows what was typed; the page as first shown, the saved targets and whether they were just saved.
  formPage(app, {
    url: '/settings/first-contact',
    view: TARGETS,
    context: async ({ actor, query }, form) =>
      form
        ? { title: 'First-contact targets', values: form }
        : {
            title: 'First-contact targets',
            values: await firstContact.targets(actor),
            flash: query.saved ? 'The targets have been saved' : undefined,
          },
    save: async ({ actor, origin }, form) => {
      await firstContact.setTargets(actor, parseInput(ZTargets, form), origin);
      return '/settings/first-contact?saved=1';
    },
  });

  page(app, '/dashboard', DASHBOARD, async ({ actor, origin, query, reply }) => {
    // The triage counts first, for the scope asked for (mine by default); a scope it does not know is refused beside the switch.
    const { filters, errors } = pageFilters(ZDashboardQuery, query);
    const scope = filters?.scope ?? 'mine';
    if (errors) {
      reply.status(400);
    }
    const triage = {
      scope,
      scopes: WORK_SCOPES.map((value) => ({ value, text: WORK_SCOPE_LABELS[value], href: `/dashboard?scope=${value}` })),
      cards: errors ? [] : await triageCards(services, actor, scope),
    };
    const dashboard = await firstContact.dashboard(actor);
    // Her follow-ups after an unsuccessful attempt: her worker's own cases, every case for management.
    const contactFollowUps = await partnerContact.followUps(actor);
    // The programme's sections (src/programme): her worker's basic alerts; his side's registers and reviews.
    const programmeAlerts = await services.partnerAlerts.dashboard(actor, origin);
    const programmeFollowUp = can(actor, 'attendance.manageReviews') ? await services.attendanceReviews.followUp(actor) : null;
    const partnerDuties = await services.partnerDuties.dashboard(actor, origin);
    const partnerFollowUps = await services.partnerFollowUp.dashboard(actor);
    const riskAlerts = await services.riskAlerts.dashboard(actor, origin);
    const safetyPlanReviews = await services.safetyPlans.overdueReviews(actor, origin);
    const riskReviews = await services.riskAssessments.reviewsDue(actor);
    return {
      title: 'Due and overdue',
      ...(errors && { errors }),
      triage,
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
    };
  });

  /** His contact attempts and the form to log one: empty, or as typed when refused (only someone who may log posts it). */
  const attemptPage = async ({ actor, params }: RouteCall<'/participants/:id'>, form?: FormBody) => ({
    title: 'Log a contact attempt',
    participantId: params.id,
    attempts: await firstContact.participantAttempts(actor, params.id),
    attemptForm: attemptFormContext(form ?? {}),
    backLink: `/participants/${params.id}`,
    canLogContact: form ? true : can(actor, 'participant.logContact'),
  });

  page(app, '/participants/:id/contact-attempts/new', ATTEMPT, (call) => attemptPage(call));

  form(app, {
    url: '/participants/:id/contact-attempts',
    view: ATTEMPT,
    context: (call, form) => attemptPage(call, form),
    save: async ({ actor, params, origin }, form) => {
      await firstContact.logParticipantAttempt(actor, params.id, parseInput(ZContactAttempt, attemptFromForm(form)), origin);
      return `/participants/${params.id}?saved=1#contact`;
    },
  });
}
