import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../access/index.js';
import { NotFoundError } from '../errors.js';
import { dateParts, formText } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import {
  REFERRAL_STATUSES,
  REFERRAL_STATUS_LABELS,
  SERVICES,
  SERVICE_LABELS,
  SESSION_TYPES,
  SESSION_TYPE_LABELS,
  TOPICS,
  TOPIC_LABELS,
  ZInformationSession,
  ZOnwardReferral,
  ZOnwardReferralUpdate,
  ZSupportSession,
  informationSessionFromForm,
  referralFromForm,
  referralUpdateFromForm,
  sessionFromForm,
} from './schemas.js';
import type { SupportWorkService } from './service.js';

type IdParams = { Params: { id: string } };
type ReferralParams = { Params: { id: string; referralId: string } };

const PAGE = 'support-work/views/support.njk';
const SESSION = 'support-work/views/session-form.njk';
const INFORMATION = 'support-work/views/information-form.njk';
const REFERRAL = 'support-work/views/referral-form.njk';
const REFERRAL_UPDATE = 'support-work/views/referral-update.njk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A referral id from the address: anything but a UUID is "not found". */
export function referralIdFrom(raw: string): string {
  if (!UUID.test(raw)) {
    throw new NotFoundError();
  }
  return raw;
}

const radios = <T extends string>(values: readonly T[], labels: Record<T, string>, chosen: unknown) =>
  values.map((value) => ({ value, text: labels[value], checked: chosen === value }));

/** The three boxes of a date as typed (or from an ISO date). */
const typedDate = (form: Record<string, unknown>, name: string) => ({
  day: formText(form, `${name}-day`) ?? '',
  month: formText(form, `${name}-month`) ?? '',
  year: formText(form, `${name}-year`) ?? '',
});

const sessionContext = (values: Record<string, unknown>) => {
  const topics = Array.isArray(values.topics) ? (values.topics as unknown[]) : [];
  return {
    typeItems: radios(SESSION_TYPES, SESSION_TYPE_LABELS, values.sessionType),
    topicItems: TOPICS.map((value) => ({ value, text: TOPIC_LABELS[value], checked: topics.includes(value) })),
  };
};

const referralContext = (values: Record<string, unknown>) => ({
  serviceItems: radios(SERVICES, SERVICE_LABELS, values.service),
  statusItems: radios(REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, values.status ?? 'made'),
  consentItems: [
    { value: 'yes', text: 'She wants this referral and consents to it being made', checked: values.consent === 'yes' },
  ],
});

/**
 * The support work with her: sessions, information sessions about the programme, and referrals
 * she wants. Partner side and management only: anyone else is told "not found".
 */
export function supportWorkRoutes(app: FastifyInstance, { supportWork: support }: { supportWork: SupportWorkService }): void {
  const base = (id: string) => `/partner-cases/${id}/support`;

  app.get<IdParams>('/partner-cases/:id/support', async (request, reply) => {
    const actor = requireActor(request);
    const work = await support.view(actor, request.params.id, originOf(request));
    const query = request.query as Record<string, string | undefined>;
    return reply.view(PAGE, {
      title: 'Support work',
      ...work,
      canRecord: can(actor, 'partnerCase.recordSupportWork'),
      flash: query.saved ? 'Saved' : undefined,
      backLink: `/partner-cases/${request.params.id}`,
    });
  });

  /** A "record something" form page: GET shows it, POST saves and returns to the support page. */
  const formRoute = (
    path: string,
    template: string,
    title: string,
    fromForm: (form: Record<string, unknown>) => Record<string, unknown>,
    extra: (values: Record<string, unknown>) => Record<string, unknown>,
    dateName: string,
    save: (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => Promise<unknown>,
    anchor: string,
  ) => {
    const context = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>, date: object) => ({
      title,
      partnerCase: await support.heading(requireActor(request), request.params.id),
      values,
      [dateName]: date,
      ...extra(values),
      action: `${base(request.params.id)}/${path}`,
      backLink: base(request.params.id),
    });
    app.get<IdParams>(`/partner-cases/:id/support/${path}`, async (request, reply) =>
      reply.view(template, await context(request, {}, dateParts(null))),
    );
    app.post<IdParams>(`/partner-cases/:id/support/${path}`, async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, unknown>;
      const values = fromForm(form);
      try {
        await save(request, values);
        return reply.redirect(`${base(request.params.id)}?saved=1#${anchor}`, 303);
      } catch (error) {
        if (isInvalidInput(error)) {
          // The heading is loaded with the access check: anyone outside the partner side is told "not found".
          return renderFormErrors(
            reply,
            template,
            await context(request, { ...values, consent: form.consent }, typedDate(form, dateName)),
            error,
          );
        }
        throw error;
      }
    });
  };

  formRoute(
    'sessions/new',
    SESSION,
    'Record a support session',
    sessionFromForm,
    sessionContext,
    'heldOn',
    (request, values) =>
      support.recordSession(requireActor(request), request.params.id, parseInput(ZSupportSession, values), originOf(request)),
    'sessions',
  );
  formRoute(
    'information-sessions/new',
    INFORMATION,
    'Record her attendance at an information session',
    informationSessionFromForm,
    () => ({}),
    'attendedOn',
    (request, values) =>
      support.recordInformationSession(
        requireActor(request),
        request.params.id,
        parseInput(ZInformationSession, values),
        originOf(request),
      ),
    'information-sessions',
  );
  formRoute(
    'referrals/new',
    REFERRAL,
    'Record a referral she wants',
    referralFromForm,
    referralContext,
    'referredOn',
    (request, values) =>
      support.makeReferral(requireActor(request), request.params.id, parseInput(ZOnwardReferral, values), originOf(request)),
    'referrals',
  );

  app.get<ReferralParams>('/partner-cases/:id/support/referrals/:referralId', async (request, reply) => {
    const actor = requireActor(request);
    const { partnerCase, referral } = await support.referral(actor, request.params.id, referralIdFrom(request.params.referralId));
    return reply.view(REFERRAL_UPDATE, {
      title: 'Update the referral',
      partnerCase,
      referral,
      values: { status: referral.status, outcome: referral.outcome },
      statusItems: radios(REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, referral.status),
      backLink: base(request.params.id),
    });
  });

  app.post<ReferralParams>('/partner-cases/:id/support/referrals/:referralId', async (request, reply) => {
    const actor = requireActor(request);
    const referralId = referralIdFrom(request.params.referralId);
    const values = referralUpdateFromForm((request.body ?? {}) as Record<string, unknown>);
    try {
      await support.updateReferral(
        actor,
        request.params.id,
        referralId,
        parseInput(ZOnwardReferralUpdate, values),
        originOf(request),
      );
      return reply.redirect(`${base(request.params.id)}?saved=1#referrals`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const { partnerCase, referral } = await support.referral(actor, request.params.id, referralId);
        const context = {
          title: 'Update the referral',
          partnerCase,
          referral,
          values,
          statusItems: radios(REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, values.status),
          backLink: base(request.params.id),
        };
        return renderFormErrors(reply, REFERRAL_UPDATE, context, error);
      }
      throw error;
    }
  });
}
