import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { InvalidInputError } from '../errors.js';
import { dateParts, formText } from '../people/schemas.js';
import { uuidOrNotFound } from '../web/forms.js';
import { parseInput } from '../web/http.js';
import { form, page, routeCall, type FormBody, type RouteCall } from '../web/route.js';
import {
  CRITERION_LABELS,
  ZActionInput,
  ZMeetingChoice,
  ZOutcomeInput,
  ZReferralInput,
  actionFromForm,
  outcomeFromForm,
  referralFromForm,
  referralRuleErrors,
  type TReferralInput,
} from './schemas.js';
import type { MaracService } from './service.js';
import { ZMaracReferralListQuery } from './referrals-list.js';
import { referralsPageContext } from './referrals-page.js';
import { pageFilters } from '../web/list-filter.js';
import { cursorForPage } from '../web/pagination.js';

type CaseCall = RouteCall<'/partner-cases/:id'>;
type ReferralCall = RouteCall<'/partner-cases/:id/marac/:referralId'>;

const NEW = 'marac/views/new.njk';
const REFERRAL = 'marac/views/referral.njk';
const PRINT = 'marac/views/referral-print.njk';
const REFERRALS = 'marac/views/referrals.njk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The referral as sent, parsed; when it is invalid, the rules between answers are reported with the rest. */
export function parseReferral(values: unknown): TReferralInput {
  try {
    return parseInput(ZReferralInput, values);
  } catch (error) {
    if (error instanceof InvalidInputError && values !== null && typeof values === 'object' && !Array.isArray(values)) {
      throw new InvalidInputError(error.message, { ...referralRuleErrors(values), ...error.fields });
    }
    throw error;
  }
}

/** The three boxes of a date as typed. */
export const typedDate = (form: FormBody, name: string) => ({
  day: formText(form, `${name}-day`) ?? '',
  month: formText(form, `${name}-month`) ?? '',
  year: formText(form, `${name}-year`) ?? '',
});

const yesNo = (value: boolean | null | undefined) => (value === true ? 'yes' : value === false ? 'no' : undefined);

/**
 * MARAC referrals of her case: the pre-filled referral form, the referral with her DASH answers,
 * the meeting's outcome, the actions agreed, closing it, and a print view. Partner side and
 * management only: anyone else is told "not found".
 */
export function maracRoutes(app: FastifyInstance, { marac }: { marac: MaracService }): void {
  const referralUrl = (caseId: string, referralId: string) => `/partner-cases/${caseId}/marac/${referralId}`;

  // Every MARAC referral across her cases, searched and filtered in the address (the same names as the API);
  // a value it does not know is shown beside its field (status 400) and the list shows unfiltered.
  page(app, '/marac/referrals', REFERRALS, async ({ actor, query, origin, reply }) => {
    const { filters, errors } = pageFilters(ZMaracReferralListQuery, query);
    if (errors) {
      reply.status(400);
    }
    const given = filters ?? {};
    const result = await marac.search(actor, given, origin, errors ? null : cursorForPage(query, 1));
    const workers = (await marac.workerChoices(actor)).map((w) => ({ value: w.id, text: w.displayName }));
    const raw = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
    return {
      title: 'MARAC referrals',
      errors: errors ?? undefined,
      result,
      ...referralsPageContext(given, raw, result, workers),
      backLink: '/marac',
    };
  });

  /** The referral form, pre-filled from her case and the DASH chosen (loading it checks access first). */
  const draftContext = async (
    { actor, params, origin }: CaseCall,
    dashId: string | null,
    typed: { referredOn?: string | null; policeCallouts?: number | null } = {},
  ) => {
    const draft = await marac.draft(actor, params.id, dashId, origin, typed);
    return {
      title: 'Refer to MARAC',
      ...draft,
      criterionLabels: CRITERION_LABELS,
      meetingItems: [
        { value: '', text: 'Not yet listed' },
        ...draft.meetings.map((m) => ({ value: m.id, text: `${m.area}: ${m.meetsOn}`, meetsOn: m.meetsOn, area: m.area })),
      ],
      action: `/partner-cases/${params.id}/marac`,
      backLink: `/partner-cases/${params.id}`,
    };
  };

  page(app, '/partner-cases/:id/marac/new', NEW, async (call) => {
    const dashId = call.query.dash ? uuidOrNotFound(call.query.dash) : null;
    const context = await draftContext(call, dashId);
    const v = context.values;
    const values = {
      ...v,
      dashAssessmentId: context.dash?.id ?? '',
      policeCalloutsPastYear: v.policeCalloutsPastYear ?? '',
      safeToCall: yesNo(v.safeToCall),
    };
    return { ...context, values, referredOn: dateParts(v.referredOn) };
  });

  form(app, {
    url: '/partner-cases/:id/marac',
    view: NEW,
    // Refused: the form again as typed, with the DASH and callouts typed if they can be read.
    context: async (call, form) => {
      const values = referralFromForm(form);
      const dashId =
        typeof values.dashAssessmentId === 'string' && UUID.test(values.dashAssessmentId) ? values.dashAssessmentId : null;
      const callouts = String(values.policeCalloutsPastYear ?? '');
      const typed = {
        referredOn: typeof values.referredOn === 'string' ? values.referredOn : null,
        policeCallouts: /^\d{1,3}$/.test(callouts) ? Number(callouts) : null,
      };
      const context = await draftContext(call, dashId, typed).catch(() => draftContext(call, null, typed));
      return { ...context, values, referredOn: typedDate(form, 'referredOn') };
    },
    save: async ({ actor, params, origin }, form) => {
      const id = await marac.refer(actor, params.id, parseReferral(referralFromForm(form)), origin);
      return `${referralUrl(params.id, id)}?saved=1`;
    },
  });

  /** The referral page, with its forms empty (or, in `typed`, one of them as it was sent). */
  const referralContext = async ({ actor, params, query, origin }: ReferralCall, typed: Record<string, unknown> = {}) => {
    const referralId = uuidOrNotFound(params.referralId);
    const page = await marac.view(actor, referralId, origin, params.id);
    return {
      title: 'MARAC referral',
      ...page,
      canRecord: can(actor, 'marac.recordOutcome') && page.referral.status !== 'closed',
      base: referralUrl(params.id, referralId),
      flash: query.saved ? 'Saved' : undefined,
      backLink: `/partner-cases/${params.id}`,
      outcomeValues: { outcome: page.referral.outcome ?? '' },
      heardOn: dateParts(page.referral.heardOn),
      actionValues: {},
      dueOn: dateParts(null),
      ...typed,
    };
  };

  page(app, '/partner-cases/:id/marac/:referralId', REFERRAL, (call) => referralContext(call));

  page(app, '/partner-cases/:id/marac/:referralId/print', PRINT, async ({ actor, params, origin }) => ({
    title: 'MARAC referral',
    ...(await marac.view(actor, uuidOrNotFound(params.referralId), origin, params.id, 'print')),
  }));

  /** A change to the referral from a form on its page; refused, the page again with the form as typed. */
  const change = (
    action: 'outcome' | 'actions' | 'meeting' | 'close',
    run: (call: ReferralCall, referralId: string, form: FormBody) => Promise<unknown>,
    typed: (form: FormBody) => Record<string, unknown> = () => ({}),
  ) =>
    form(app, {
      url: `/partner-cases/:id/marac/:referralId/${action}`,
      view: REFERRAL,
      context: (call, form) => referralContext(call, typed(form)),
      save: async (call, form) => {
        const referralId = uuidOrNotFound(call.params.referralId);
        await run(call, referralId, form);
        return `${referralUrl(call.params.id, referralId)}?saved=1`;
      },
    });

  change(
    'outcome',
    ({ actor, params, origin }, referralId, form) =>
      marac.recordOutcome(actor, referralId, parseInput(ZOutcomeInput, outcomeFromForm(form)), origin, params.id),
    (form) => ({ outcomeValues: { outcome: formText(form, 'outcome') ?? '' }, heardOn: typedDate(form, 'heardOn') }),
  );

  change(
    'actions',
    ({ actor, params, origin }, referralId, form) =>
      marac.addAction(actor, referralId, parseInput(ZActionInput, actionFromForm(form)), origin, params.id),
    (form) => ({
      actionValues: { action: formText(form, 'action') ?? '', agency: formText(form, 'agency') ?? '' },
      dueOn: typedDate(form, 'dueOn'),
    }),
  );

  change('meeting', ({ actor, params, origin }, referralId, form) => {
    const { maracMeetingId } = parseInput(ZMeetingChoice, { maracMeetingId: formText(form, 'maracMeetingId') });
    return marac.listForMeeting(actor, referralId, maracMeetingId, origin, params.id);
  });

  change('close', ({ actor, params, origin }, referralId) => marac.close(actor, referralId, origin, params.id));

  // Not a form on the page: whatever it is refused with goes to the error page, as it always has.
  app.post('/partner-cases/:id/marac/:referralId/actions/:actionId/done', async (request, reply) => {
    const { actor, params, origin } = routeCall<'/partner-cases/:id/marac/:referralId/actions/:actionId'>(request, reply);
    const referralId = uuidOrNotFound(params.referralId);
    await marac.completeAction(actor, referralId, uuidOrNotFound(params.actionId), origin, params.id);
    return reply.redirect(`${referralUrl(params.id, referralId)}?saved=1`, 303);
  });
}
