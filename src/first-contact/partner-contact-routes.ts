import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../access/index.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import type { PartnerContactService } from './partner-contact-service.js';
import { attemptFormContext } from './routes.js';
import { DAYS, DAY_LABELS } from './safe-contact.js';
import { SafeContactBreachError } from './safe-contact-error.js';
import { ZContactAttempt, ZNotEngaged, ZSafeTimes, attemptFromForm, safeTimesFromForm } from './schemas.js';
import type { FirstContactService } from './service.js';

type IdParams = { Params: { id: string } };
const ATTEMPT = 'first-contact/views/partner-attempt.njk';
const SAFE_TIMES = 'first-contact/views/safe-times.njk';
const NOT_ENGAGED = 'first-contact/views/not-engaged.njk';

/**
 * Her contact pages: log an attempt (her safe-contact rules shown first, a breach warned of before
 * it is saved), her safe times, closing her case as not engaged.
 */
export function partnerContactRoutes(
  app: FastifyInstance,
  { partnerContact, firstContact }: { partnerContact: PartnerContactService; firstContact: FirstContactService },
): void {
  const attemptPage = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>, breach?: string) => {
    const actor = requireActor(request);
    const { panel, name } = await partnerContact.panel(actor, request.params.id);
    const attempts = await firstContact.partnerAttempts(actor, request.params.id);
    const form = attemptFormContext(values);
    const typed = typeof values.numberUsed === 'string' ? values.numberUsed : undefined;
    return {
      title: `Log a contact attempt with ${name}`,
      caseId: request.params.id,
      name,
      panel,
      attempts,
      attemptForm: {
        ...form,
        numberUsed: typed ?? panel.safePhone ?? '',
        breach: breach ? { message: breach, reason: values.breachReason ?? '' } : null,
      },
      backLink: `/partner-cases/${request.params.id}`,
      canLogContact: can(actor, 'partnerCase.logContact'),
    };
  };

  app.get<IdParams>('/partner-cases/:id/contact-attempts/new', async (request, reply) =>
    reply.view(ATTEMPT, await attemptPage(request, {})),
  );

  app.post<IdParams>('/partner-cases/:id/contact-attempts', async (request, reply: FastifyReply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await firstContact.logPartnerAttempt(
        actor,
        request.params.id,
        parseInput(ZContactAttempt, attemptFromForm(body)),
        originOf(request),
      );
      return reply.redirect(`/partner-cases/${request.params.id}?saved=1#contact`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const breach = error instanceof SafeContactBreachError ? error.message : undefined;
        return renderFormErrors(reply, ATTEMPT, await attemptPage(request, body, breach), error);
      }
      throw error;
    }
  });

  const safeTimesPage = async (request: FastifyRequest<IdParams>, values?: Record<string, unknown>) => {
    const actor = requireActor(request);
    const { rules, name } = await partnerContact.panel(actor, request.params.id);
    const days = values ? (safeTimesFromForm(values).safeDays as unknown[]).map(String) : rules.safeDays.map(String);
    return {
      title: `Safe times to contact ${name}`,
      caseId: request.params.id,
      name,
      safeTimesNote: rules.safeTimes,
      dayItems: DAYS.map((d) => ({ value: String(d), text: DAY_LABELS[d], checked: days.includes(String(d)) })),
      safeFrom: values ? values.safeFrom : rules.safeFrom,
      safeTo: values ? values.safeTo : rules.safeTo,
      backLink: `/partner-cases/${request.params.id}`,
    };
  };

  app.get<IdParams>('/partner-cases/:id/safe-times', async (request, reply) => {
    const actor = requireActor(request);
    const page = await safeTimesPage(request);
    if (!can(actor, 'partnerCase.update')) {
      return reply.view(SAFE_TIMES, { ...page, readOnly: true });
    }
    return reply.view(SAFE_TIMES, page);
  });

  app.post<IdParams>('/partner-cases/:id/safe-times', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await partnerContact.setSafeTimes(
        actor,
        request.params.id,
        parseInput(ZSafeTimes, safeTimesFromForm(body)),
        originOf(request),
      );
      return reply.redirect(`/partner-cases/${request.params.id}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, SAFE_TIMES, await safeTimesPage(request, body), error);
      }
      throw error;
    }
  });

  const notEngagedPage = async (request: FastifyRequest<IdParams>, reason?: unknown) => {
    const actor = requireActor(request);
    const { name } = await partnerContact.panel(actor, request.params.id);
    const status = await partnerContact.notEngagedStatus(actor, request.params.id);
    return {
      title: `Close ${name}’s case as not engaged`,
      caseId: request.params.id,
      name,
      status,
      reason: typeof reason === 'string' ? reason : '',
      backLink: `/partner-cases/${request.params.id}`,
    };
  };

  app.get<IdParams>('/partner-cases/:id/not-engaged', async (request, reply) =>
    reply.view(NOT_ENGAGED, await notEngagedPage(request)),
  );

  app.post<IdParams>('/partner-cases/:id/not-engaged', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const { reason } = parseInput(ZNotEngaged, body);
      await partnerContact.closeNotEngaged(actor, request.params.id, reason, originOf(request));
      return reply.redirect(`/partner-cases/${request.params.id}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, NOT_ENGAGED, await notEngagedPage(request, body.reason), error);
      }
      throw error;
    }
  });
}
