import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide, can, type Actor } from '../access/index.js';
import { NotFoundError } from '../errors.js';
import { todayInLondon } from '../dates/london.js';
import { dateParts } from '../people/schemas.js';
import { radios } from '../web/forms.js';
import { parseInput } from '../web/http.js';
import { pageFilters } from '../web/list-filter.js';
import { cursorForPage } from '../web/pagination.js';
import { formPage, page, type FormBody } from '../web/route.js';
import type { FollowUpService } from './follow-up-service.js';
import { dutyListContext, refusedDutyListContext } from './list-page.js';
import { DUTY_EVENT_LABELS, DUTY_METHODS, DUTY_METHOD_LABELS, NOT_TOLD_REASONS, NOT_TOLD_REASON_LABELS } from './rules.js';
import {
  CLOSURE_OUTCOMES,
  CLOSURE_OUTCOME_LABELS,
  SAFETY_AT_CLOSE,
  SAFETY_AT_CLOSE_LABELS,
  ZClosure,
  ZDutyListQuery,
  ZDutyRecord,
  dutyRecordFromForm,
  dutySettingsSchema,
} from './schemas.js';
import { DUTY_CURSOR_IDS, type PartnerDutyService } from './service.js';

const text = (values: FormBody, key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');

/** The settings as typed into the form, shown again when it is refused. */
const typedSettings = <D extends { type: string }>(dueDays: D[], form: FormBody) => ({
  dueDays: dueDays.map((d) => ({ ...d, days: text(form, `dueDays-${d.type}`) })),
  followUpMonths: text(form, 'followUpMonths'),
  reviewMonths: text(form, 'reviewMonths'),
});

export function partnerDutyRoutes(
  app: FastifyInstance,
  { partnerDuties: duties, partnerFollowUp: followUp }: { partnerDuties: PartnerDutyService; partnerFollowUp: FollowUpService },
): void {
  // Recording how she was told of an outstanding duty: the duty is found among her case's open duties.
  formPage(app, {
    url: '/partner-cases/:id/duties/:eventId',
    view: 'partner-duties/views/record.njk',
    context: async ({ actor, params, origin }, form = {}) => {
      const all = await duties.forPartnerCase(actor, params.id, origin);
      const duty = all.find((d) => d.eventId === params.eventId && !d.done);
      if (!duty) {
        throw new NotFoundError();
      }
      return {
        title: 'Record how the partner was told',
        duty,
        values: form,
        toldOn: form.outcome
          ? { day: text(form, 'toldOn-day'), month: text(form, 'toldOn-month'), year: text(form, 'toldOn-year') }
          : dateParts(todayInLondon()),
        methodItems: radios(DUTY_METHODS, DUTY_METHOD_LABELS, form.method),
        reasonItems: radios(NOT_TOLD_REASONS, NOT_TOLD_REASON_LABELS, form.reason),
        backLink: `/partner-cases/${params.id}#duties`,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      authorizePartnerSide(actor, 'partnerDuty.record');
      const input = parseInput(ZDutyRecord, dutyRecordFromForm({ ...form, eventId: params.eventId }));
      await duties.record(actor, params.id, input, origin);
      return `/partner-cases/${params.id}?saved=1#duties`;
    },
  });

  const closeContext = async (actor: Actor, id: string, values: FormBody) => {
    const { followUp: f, closed } = await followUp.forPartnerCase(actor, id);
    if (closed || !can(actor, 'partnerCase.close')) {
      throw new NotFoundError();
    }
    return {
      title: 'Close the partner’s case',
      partnerCaseId: id,
      followUp: f,
      values,
      outcomeItems: radios(CLOSURE_OUTCOMES, CLOSURE_OUTCOME_LABELS, values.outcome),
      safetyItems: radios(SAFETY_AT_CLOSE, SAFETY_AT_CLOSE_LABELS, values.safetyAtClose),
      backLink: `/partner-cases/${id}#follow-up`,
    };
  };

  formPage(app, {
    url: '/partner-cases/:id/close',
    view: 'partner-duties/views/close.njk',
    context: ({ actor, params }, form = {}) => closeContext(actor, params.id, form),
    save: async ({ actor, params, origin }, form) => {
      authorizePartnerSide(actor, 'partnerCase.close');
      await followUp.close(actor, params.id, parseInput(ZClosure, form), origin);
      return `/partner-cases/${params.id}?saved=1#follow-up`;
    },
  });

  // Outstanding duties, most overdue first, a page at a time: her own cases, or every case for a manager.
  // Filtered by whose cases (scope) and overdue or not (overdue=1|0), as the dashboard's counts link to it,
  // searched by the partner's name or case reference (q) and sorted by a column (sort=due|name|type, dir).
  page(app, '/partner-duties', 'partner-duties/views/list.njk', async ({ actor, origin, query, reply }) => {
    if (!can(actor, 'partnerDuty.view')) {
      throw new NotFoundError();
    }
    const { filters, errors } = pageFilters(ZDutyListQuery, query);
    if (errors) {
      reply.status(400);
      return { title: 'Duties to inform the partner', errors, ...refusedDutyListContext(query, errors), backLink: '/dashboard' };
    }
    const result = await duties.list(actor, origin, cursorForPage(query, DUTY_CURSOR_IDS), undefined, undefined, {
      scope: filters.scope,
      overdue: filters.overdue,
      search: filters.q?.terms,
      sort: filters.sort,
      dir: filters.dir,
    });
    if (result === null) {
      throw new NotFoundError();
    }
    return { title: 'Duties to inform the partner', result, ...dutyListContext(filters, result), backLink: '/dashboard' };
  });

  // The organisation's due times; a refused form shows what was typed in place of the saved values.
  formPage(app, {
    url: '/settings/partner-duties',
    view: 'partner-duties/views/settings.njk',
    context: async ({ actor, query }, form) => {
      const current = await duties.settings(actor);
      if (form) {
        return { title: 'Duties to inform the partner', ...typedSettings(current.dueDays, form), backLink: '/dashboard' };
      }
      return {
        title: 'Duties to inform the partner',
        ...current,
        flash: query.saved ? 'The settings have been saved' : undefined,
        backLink: '/dashboard',
      };
    },
    save: async ({ actor, origin }, form) => {
      await duties.saveSettings(actor, parseInput(dutySettingsSchema(DUTY_EVENT_LABELS), form), origin);
      return '/settings/partner-duties?saved=1';
    },
  });
}
