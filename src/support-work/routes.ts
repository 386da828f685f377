import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { NotFoundError } from '../errors.js';
import { dateParts, formText } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { formPage, page, type FormBody, type RouteCall } from '../web/route.js';
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
    { value: 'yes', text: 'The partner wants this referral and consents to it being made', checked: values.consent === 'yes' },
  ],
});

/**
 * The support work with her: sessions, information sessions about the programme, and referrals
 * she wants. Partner side and management only: anyone else is told "not found".
 */
export function supportWorkRoutes(app: FastifyInstance, { supportWork: support }: { supportWork: SupportWorkService }): void {
  const base = (id: string) => `/partner-cases/${id}/support`;

  page(app, '/partner-cases/:id/support', PAGE, async ({ actor, params, query, origin }) => ({
    title: 'Support work',
    ...(await support.view(actor, params.id, origin)),
    canRecord: can(actor, 'partnerCase.recordSupportWork'),
    flash: query.saved ? 'Saved' : undefined,
    backLink: `/partner-cases/${params.id}`,
  }));

  /** A "record something" form page: GET shows it, POST saves and returns to the support page. */
  const recordForm = (
    path: string,
    view: string,
    title: string,
    fromForm: (form: FormBody) => FormBody,
    extra: (values: FormBody) => FormBody,
    dateName: string,
    save: (call: RouteCall<'/partner-cases/:id'>, values: FormBody) => Promise<unknown>,
    anchor: string,
  ) =>
    formPage(app, {
      url: `/partner-cases/:id/support/${path}`,
      view,
      // The heading is loaded with the access check: anyone outside the partner side is told "not found".
      context: async ({ actor, params }, form) => {
        const values = form ? { ...fromForm(form), consent: form.consent } : {};
        return {
          title,
          partnerCase: await support.heading(actor, params.id),
          values,
          [dateName]: form ? typedDate(form, dateName) : dateParts(null),
          ...extra(values),
          action: `${base(params.id)}/${path}`,
          backLink: base(params.id),
        };
      },
      save: async (call, form) => {
        await save(call, fromForm(form));
        return `${base(call.params.id)}?saved=1#${anchor}`;
      },
    });

  recordForm(
    'sessions/new',
    SESSION,
    'Record a support session',
    sessionFromForm,
    sessionContext,
    'heldOn',
    ({ actor, params, origin }, values) => support.recordSession(actor, params.id, parseInput(ZSupportSession, values), origin),
    'sessions',
  );
  recordForm(
    'information-sessions/new',
    INFORMATION,
    'Record attendance at an information session',
    informationSessionFromForm,
    () => ({}),
    'attendedOn',
    ({ actor, params, origin }, values) =>
      support.recordInformationSession(actor, params.id, parseInput(ZInformationSession, values), origin),
    'information-sessions',
  );
  recordForm(
    'referrals/new',
    REFERRAL,
    'Record a referral the partner wants',
    referralFromForm,
    referralContext,
    'referredOn',
    ({ actor, params, origin }, values) => support.makeReferral(actor, params.id, parseInput(ZOnwardReferral, values), origin),
    'referrals',
  );

  formPage(app, {
    url: '/partner-cases/:id/support/referrals/:referralId',
    view: REFERRAL_UPDATE,
    context: async ({ actor, params }, form) => {
      const { partnerCase, referral } = await support.referral(actor, params.id, referralIdFrom(params.referralId));
      const values = form ? referralUpdateFromForm(form) : { status: referral.status, outcome: referral.outcome };
      return {
        title: 'Update the referral',
        partnerCase,
        referral,
        values,
        statusItems: radios(REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, values.status),
        backLink: base(params.id),
      };
    },
    save: async ({ actor, params, origin }, form) => {
      const referralId = referralIdFrom(params.referralId);
      await support.updateReferral(
        actor,
        params.id,
        referralId,
        parseInput(ZOnwardReferralUpdate, referralUpdateFromForm(form)),
        origin,
      );
      return `${base(params.id)}?saved=1#referrals`;
    },
  });
}
