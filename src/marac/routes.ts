import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Actor } from '../access/index.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { dateParts, formText } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
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

type CaseParams = { Params: { id: string } };
type ReferralParams = { Params: { id: string; referralId: string } };
type ActionParams = { Params: { id: string; referralId: string; actionId: string } };

const NEW = 'marac/views/new.njk';
const REFERRAL = 'marac/views/referral.njk';
const PRINT = 'marac/views/referral-print.njk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the address: anything but a UUID is "not found" before it reaches a query. */
export function recordId(raw: string): string {
  if (!UUID.test(raw)) {
    throw new NotFoundError();
  }
  return raw;
}

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

const yesNo = (value: boolean | null | undefined) => (value === true ? 'yes' : value === false ? 'no' : undefined);

/**
 * MARAC referrals of her case: the pre-filled referral form, the referral with her DASH answers,
 * the meeting's outcome, the actions agreed, closing it, and a print view. Partner side and
 * management only: anyone else is told "not found".
 */
export function maracRoutes(app: FastifyInstance, { marac }: { marac: MaracService }): void {
  const formPage = async (
    actor: Actor,
    caseId: string,
    dashId: string | null,
    request: FastifyRequest,
    typed: { referredOn?: string | null; policeCallouts?: number | null } = {},
  ) => {
    const draft = await marac.draft(actor, caseId, dashId, originOf(request), typed);
    return {
      title: 'Refer to MARAC',
      ...draft,
      criterionLabels: CRITERION_LABELS,
      meetingItems: [
        { value: '', text: 'Not yet listed' },
        ...draft.meetings.map((m) => ({ value: m.id, text: `${m.area}: ${m.meetsOn}`, meetsOn: m.meetsOn, area: m.area })),
      ],
      action: `/partner-cases/${caseId}/marac`,
      backLink: `/partner-cases/${caseId}`,
    };
  };

  app.get<CaseParams>('/partner-cases/:id/marac/new', async (request, reply) => {
    const actor = requireActor(request);
    const raw = (request.query as Record<string, string | undefined>).dash;
    const dashId = raw ? recordId(raw) : null;
    const context = await formPage(actor, request.params.id, dashId, request);
    const v = context.values;
    const values = {
      ...v,
      dashAssessmentId: context.dash?.id ?? '',
      policeCalloutsPastYear: v.policeCalloutsPastYear ?? '',
      safeToCall: yesNo(v.safeToCall),
    };
    return reply.view(NEW, { ...context, values, referredOn: dateParts(v.referredOn) });
  });

  app.post<CaseParams>('/partner-cases/:id/marac', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = referralFromForm(form);
    try {
      const id = await marac.refer(actor, request.params.id, parseReferral(values), originOf(request));
      return reply.redirect(`/partner-cases/${request.params.id}/marac/${id}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const dashId =
          typeof values.dashAssessmentId === 'string' && UUID.test(values.dashAssessmentId) ? values.dashAssessmentId : null;
        const callouts = String(values.policeCalloutsPastYear ?? '');
        const typed = {
          referredOn: typeof values.referredOn === 'string' ? values.referredOn : null,
          policeCallouts: /^\d{1,3}$/.test(callouts) ? Number(callouts) : null,
        };
        // Loading the page checks access first: anyone outside the partner side is told "not found".
        const context = await formPage(actor, request.params.id, dashId, request, typed).catch(() =>
          formPage(actor, request.params.id, null, request, typed),
        );
        const referredOn = {
          day: formText(form, 'referredOn-day') ?? '',
          month: formText(form, 'referredOn-month') ?? '',
          year: formText(form, 'referredOn-year') ?? '',
        };
        return renderFormErrors(reply, NEW, { ...context, values, referredOn }, error);
      }
      throw error;
    }
  });

  const referralPage = async (request: FastifyRequest<ReferralParams>, extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const referralId = recordId(request.params.referralId);
    const page = await marac.view(actor, referralId, originOf(request), request.params.id);
    const query = request.query as Record<string, string | undefined>;
    return {
      title: 'MARAC referral',
      ...page,
      canRecord: can(actor, 'marac.recordOutcome') && page.referral.status !== 'closed',
      base: `/partner-cases/${request.params.id}/marac/${referralId}`,
      flash: query.saved ? 'Saved' : undefined,
      backLink: `/partner-cases/${request.params.id}`,
      outcomeValues: { outcome: page.referral.outcome ?? '' },
      heardOn: dateParts(page.referral.heardOn),
      actionValues: {},
      dueOn: dateParts(null),
      ...extra,
    };
  };

  app.get<ReferralParams>('/partner-cases/:id/marac/:referralId', async (request, reply) =>
    reply.view(REFERRAL, await referralPage(request)),
  );

  app.get<ReferralParams>('/partner-cases/:id/marac/:referralId/print', async (request, reply) => {
    const actor = requireActor(request);
    const page = await marac.view(actor, recordId(request.params.referralId), originOf(request), request.params.id, 'print');
    return reply.view(PRINT, { title: 'MARAC referral', ...page });
  });

  /** Runs a change to the referral; bad input shows the referral page again with the errors beside the form. */
  const change = async (
    request: FastifyRequest<ReferralParams>,
    reply: FastifyReply,
    run: (actor: Actor, referralId: string) => Promise<unknown>,
    onError: (form: Record<string, unknown>) => Record<string, unknown>,
  ) => {
    const actor = requireActor(request);
    const referralId = recordId(request.params.referralId);
    try {
      await run(actor, referralId);
      return reply.redirect(`/partner-cases/${request.params.id}/marac/${referralId}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const form = (request.body ?? {}) as Record<string, unknown>;
        return renderFormErrors(reply, REFERRAL, await referralPage(request, onError(form)), error);
      }
      throw error;
    }
  };

  const typedDate = (form: Record<string, unknown>, name: string) => ({
    day: formText(form, `${name}-day`) ?? '',
    month: formText(form, `${name}-month`) ?? '',
    year: formText(form, `${name}-year`) ?? '',
  });

  app.post<ReferralParams>('/partner-cases/:id/marac/:referralId/outcome', async (request, reply) =>
    change(
      request,
      reply,
      (actor, referralId) => {
        const input = parseInput(ZOutcomeInput, outcomeFromForm((request.body ?? {}) as Record<string, unknown>));
        return marac.recordOutcome(actor, referralId, input, originOf(request), request.params.id);
      },
      (form) => ({ outcomeValues: { outcome: formText(form, 'outcome') ?? '' }, heardOn: typedDate(form, 'heardOn') }),
    ),
  );

  app.post<ReferralParams>('/partner-cases/:id/marac/:referralId/actions', async (request, reply) =>
    change(
      request,
      reply,
      (actor, referralId) => {
        const input = parseInput(ZActionInput, actionFromForm((request.body ?? {}) as Record<string, unknown>));
        return marac.addAction(actor, referralId, input, originOf(request), request.params.id);
      },
      (form) => ({
        actionValues: { action: formText(form, 'action') ?? '', agency: formText(form, 'agency') ?? '' },
        dueOn: typedDate(form, 'dueOn'),
      }),
    ),
  );

  app.post<ReferralParams>('/partner-cases/:id/marac/:referralId/meeting', async (request, reply) =>
    change(
      request,
      reply,
      (actor, referralId) => {
        const { maracMeetingId } = parseInput(ZMeetingChoice, {
          maracMeetingId: formText((request.body ?? {}) as Record<string, unknown>, 'maracMeetingId'),
        });
        return marac.listForMeeting(actor, referralId, maracMeetingId, originOf(request), request.params.id);
      },
      () => ({}),
    ),
  );

  app.post<ActionParams>('/partner-cases/:id/marac/:referralId/actions/:actionId/done', async (request, reply) => {
    const actor = requireActor(request);
    const referralId = recordId(request.params.referralId);
    await marac.completeAction(actor, referralId, recordId(request.params.actionId), originOf(request), request.params.id);
    return reply.redirect(`/partner-cases/${request.params.id}/marac/${referralId}?saved=1`, 303);
  });

  app.post<ReferralParams>('/partner-cases/:id/marac/:referralId/close', async (request, reply) =>
    change(
      request,
      reply,
      (actor, referralId) => marac.close(actor, referralId, originOf(request), request.params.id),
      () => ({}),
    ),
  );
}
