import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { formOf, handleForm } from '../web/forms.js';
import { parseInput } from '../web/http.js';
import { formPage, page, routeCall, type FormBody, type RouteCall } from '../web/route.js';
import type { PartnerContactService } from './partner-contact-service.js';
import { attemptFormContext } from './routes.js';
import { DAYS, DAY_LABELS } from './safe-contact.js';
import { SafeContactBreachError } from './safe-contact-error.js';
import { ZContactAttempt, ZNotEngaged, ZSafeTimes, attemptFromForm, safeTimesFromForm } from './schemas.js';
import type { FirstContactService } from './service.js';

type CaseCall = RouteCall<'/partner-cases/:id'>;
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
  const attemptPage = async ({ actor, params }: CaseCall, values: FormBody, breach?: string) => {
    const { panel, name } = await partnerContact.panel(actor, params.id);
    const attempts = await firstContact.partnerAttempts(actor, params.id);
    const form = attemptFormContext(values);
    const typed = typeof values.numberUsed === 'string' ? values.numberUsed : undefined;
    return {
      title: `Log a contact attempt with ${name}`,
      caseId: params.id,
      name,
      panel,
      attempts,
      attemptForm: {
        ...form,
        numberUsed: typed ?? panel.safePhone ?? '',
        breach: breach ? { message: breach, reason: values.breachReason ?? '' } : null,
      },
      backLink: `/partner-cases/${params.id}`,
      canLogContact: can(actor, 'partnerCase.logContact'),
    };
  };

  page(app, '/partner-cases/:id/contact-attempts/new', ATTEMPT, (call) => attemptPage(call, {}));

  // Not form(): a breach of her safe-contact rules (409) is shown again with its warning, which
  // needs the error itself, so this one form runs handleForm with the same call form() builds.
  app.post('/partner-cases/:id/contact-attempts', async (request, reply) => {
    const call = routeCall<'/partner-cases/:id/contact-attempts'>(request, reply);
    const body = formOf(request.body);
    return handleForm(
      reply,
      async () => {
        const { actor, params, origin } = call;
        await firstContact.logPartnerAttempt(actor, params.id, parseInput(ZContactAttempt, attemptFromForm(body)), origin);
        return reply.redirect(`/partner-cases/${params.id}?saved=1#contact`, 303);
      },
      async (error) => {
        const breach = error instanceof SafeContactBreachError ? error.message : undefined;
        return { template: ATTEMPT, context: await attemptPage(call, body, breach) };
      },
    );
  });

  // Someone who may not change her case sees her safe times read-only.
  formPage(app, {
    url: '/partner-cases/:id/safe-times',
    view: SAFE_TIMES,
    context: async ({ actor, params }, values) => {
      const { rules, name } = await partnerContact.panel(actor, params.id);
      const days = values ? (safeTimesFromForm(values).safeDays as unknown[]).map(String) : rules.safeDays.map(String);
      const shown = {
        title: `Safe times to contact ${name}`,
        caseId: params.id,
        name,
        safeTimesNote: rules.safeTimes,
        dayItems: DAYS.map((d) => ({ value: String(d), text: DAY_LABELS[d], checked: days.includes(String(d)) })),
        safeFrom: values ? values.safeFrom : rules.safeFrom,
        safeTo: values ? values.safeTo : rules.safeTo,
        backLink: `/partner-cases/${params.id}`,
      };
      const readOnly = !values && !can(actor, 'partnerCase.update');
      return readOnly ? { ...shown, readOnly: true } : shown;
    },
    save: async ({ actor, params, origin }, form) => {
      await partnerContact.setSafeTimes(actor, params.id, parseInput(ZSafeTimes, safeTimesFromForm(form)), origin);
      return `/partner-cases/${params.id}?saved=1`;
    },
  });

  formPage(app, {
    url: '/partner-cases/:id/not-engaged',
    view: NOT_ENGAGED,
    context: async ({ actor, params }, form) => {
      const { name } = await partnerContact.panel(actor, params.id);
      const status = await partnerContact.notEngagedStatus(actor, params.id);
      return {
        title: `Close ${name}’s case as not engaged`,
        caseId: params.id,
        name,
        status,
        reason: typeof form?.reason === 'string' ? form.reason : '',
        backLink: `/partner-cases/${params.id}`,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      const { reason } = parseInput(ZNotEngaged, form);
      await partnerContact.closeNotEngaged(actor, params.id, reason, origin);
      return `/partner-cases/${params.id}?saved=1`;
    },
  });
}
