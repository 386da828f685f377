import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorizePartnerSide, can } from '../access/index.js';
import { NotFoundError } from '../errors.js';
import { todayInLondon } from '../dates/london.js';
import { dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { countCaption, cursorForPage, keysetPaginationFor } from '../web/pagination.js';
import type { FollowUpService } from './follow-up-service.js';
import { DUTY_EVENT_LABELS, DUTY_METHODS, DUTY_METHOD_LABELS, NOT_TOLD_REASONS, NOT_TOLD_REASON_LABELS } from './rules.js';
import {
  CLOSURE_OUTCOMES,
  CLOSURE_OUTCOME_LABELS,
  SAFETY_AT_CLOSE,
  SAFETY_AT_CLOSE_LABELS,
  ZClosure,
  ZDutyRecord,
  dutyRecordFromForm,
  dutySettingsSchema,
} from './schemas.js';
import { DUTY_CURSOR_IDS, type PartnerDutyService } from './service.js';

type CaseParams = { Params: { id: string } };
type DutyParams = { Params: { id: string; eventId: string } };
const RECORD = 'partner-duties/views/record.njk';
const CLOSE = 'partner-duties/views/close.njk';
const SETTINGS = 'partner-duties/views/settings.njk';
const LIST = 'partner-duties/views/list.njk';

const text = (values: Record<string, unknown>, key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');

export function partnerDutyRoutes(
  app: FastifyInstance,
  { partnerDuties: duties, partnerFollowUp: followUp }: { partnerDuties: PartnerDutyService; partnerFollowUp: FollowUpService },
): void {
  const recordPage = async (request: FastifyRequest<DutyParams>, values: Record<string, unknown>) => {
    const actor = requireActor(request);
    const all = await duties.forPartnerCase(actor, request.params.id, originOf(request));
    const duty = all.find((d) => d.eventId === request.params.eventId && !d.done);
    if (!duty) {
      throw new NotFoundError();
    }
    return {
      title: 'Record how she was told',
      duty,
      values,
      toldOn: values.outcome
        ? { day: text(values, 'toldOn-day'), month: text(values, 'toldOn-month'), year: text(values, 'toldOn-year') }
        : dateParts(todayInLondon()),
      methodItems: DUTY_METHODS.map((m) => ({ value: m, text: DUTY_METHOD_LABELS[m], checked: values.method === m })),
      reasonItems: NOT_TOLD_REASONS.map((r) => ({ value: r, text: NOT_TOLD_REASON_LABELS[r], checked: values.reason === r })),
      backLink: `/partner-cases/${request.params.id}#duties`,
    };
  };

  app.get<DutyParams>('/partner-cases/:id/duties/:eventId', async (request, reply) =>
    reply.view(RECORD, await recordPage(request, {})),
  );

  app.post<DutyParams>('/partner-cases/:id/duties/:eventId', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    authorizePartnerSide(actor, 'partnerDuty.record');
    try {
      const input = parseInput(ZDutyRecord, dutyRecordFromForm({ ...body, eventId: request.params.eventId }));
      await duties.record(actor, request.params.id, input, originOf(request));
      return reply.redirect(`/partner-cases/${request.params.id}?saved=1#duties`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, RECORD, await recordPage(request, body), error);
      }
      throw error;
    }
  });

  const closePage = async (actor: ReturnType<typeof requireActor>, id: string, values: Record<string, unknown>) => {
    const { followUp: f, closed } = await followUp.forPartnerCase(actor, id);
    if (closed || !can(actor, 'partnerCase.close')) {
      throw new NotFoundError();
    }
    return {
      title: 'Close her case',
      partnerCaseId: id,
      followUp: f,
      values,
      outcomeItems: CLOSURE_OUTCOMES.map((o) => ({ value: o, text: CLOSURE_OUTCOME_LABELS[o], checked: values.outcome === o })),
      safetyItems: SAFETY_AT_CLOSE.map((s) => ({
        value: s,
        text: SAFETY_AT_CLOSE_LABELS[s],
        checked: values.safetyAtClose === s,
      })),
      backLink: `/partner-cases/${id}#follow-up`,
    };
  };

  app.get<CaseParams>('/partner-cases/:id/close', async (request, reply) =>
    reply.view(CLOSE, await closePage(requireActor(request), request.params.id, {})),
  );

  app.post<CaseParams>('/partner-cases/:id/close', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    authorizePartnerSide(actor, 'partnerCase.close');
    try {
      await followUp.close(actor, request.params.id, parseInput(ZClosure, body), originOf(request));
      return reply.redirect(`/partner-cases/${request.params.id}?saved=1#follow-up`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, CLOSE, await closePage(actor, request.params.id, body), error);
      }
      throw error;
    }
  });

  // Outstanding duties, oldest due first, a page at a time: her own cases, or every case for a manager.
  app.get('/partner-duties', async (request, reply) => {
    const result = await duties.list(requireActor(request), originOf(request), cursorForPage(request.query, DUTY_CURSOR_IDS));
    if (result === null) {
      throw new NotFoundError();
    }
    return reply.view(LIST, {
      title: 'Duties to inform her',
      result,
      caption: countCaption(result, 'duty waiting', 'duties waiting'),
      pagination: keysetPaginationFor('/partner-duties', result),
      backLink: '/dashboard',
    });
  });

  app.get('/settings/partner-duties', async (request, reply) => {
    const settings = await duties.settings(requireActor(request));
    const saved = (request.query as Record<string, string | undefined>).saved;
    return reply.view(SETTINGS, {
      title: 'Duties to inform her',
      ...settings,
      flash: saved ? 'The settings have been saved' : undefined,
      backLink: '/dashboard',
    });
  });

  app.post('/settings/partner-duties', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await duties.saveSettings(actor, parseInput(dutySettingsSchema(DUTY_EVENT_LABELS), body), originOf(request));
      return reply.redirect('/settings/partner-duties?saved=1', 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const current = await duties.settings(actor);
        return renderFormErrors(
          reply,
          SETTINGS,
          {
            title: 'Duties to inform her',
            dueDays: current.dueDays.map((d) => ({ ...d, days: text(body, `dueDays-${d.type}`) })),
            followUpMonths: text(body, 'followUpMonths'),
            reviewMonths: text(body, 'reviewMonths'),
            backLink: '/dashboard',
          },
          error,
        );
      }
      throw error;
    }
  });
}
