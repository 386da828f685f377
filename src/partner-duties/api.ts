import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide, can } from '../access/index.js';
import { endpoint } from '../api/endpoint.js';
import { NotFoundError } from '../errors.js';
import { parseInput } from '../web/http.js';
import { cursorForApi } from '../web/pagination.js';
import type { FollowUpService } from './follow-up-service.js';
import { DUTY_EVENT_LABELS, DUTY_METHODS, NOT_TOLD_REASONS } from './rules.js';
import {
  CLOSURE_OUTCOMES,
  SAFETY_AT_CLOSE,
  ZClosure,
  ZDutyListQuery,
  ZDutyRecord,
  dutySettingsFromJson,
  dutySettingsSchema,
} from './schemas.js';
import { DUTY_CURSOR_IDS, type PartnerDutyService } from './service.js';

const recordBody = {
  type: 'object',
  description: 'How she was told (outcome "told": method, toldOn, toldTime) or why she could not be (outcome "not_told": reason)',
  properties: {
    outcome: { type: 'string', enum: ['told', 'not_told'] },
    method: { type: 'string', enum: [...DUTY_METHODS] },
    toldOn: { type: 'string', format: 'date', description: 'The day she was told (Europe/London)' },
    toldTime: { type: 'string', description: 'The time she was told, like 14:30 (Europe/London)' },
    reason: { type: 'string', enum: [...NOT_TOLD_REASONS] },
    note: { type: 'string', maxLength: 5000 },
  },
} as const;

const closureBody = {
  type: 'object',
  properties: {
    outcome: { type: 'string', enum: [...CLOSURE_OUTCOMES] },
    safetyAtClose: { type: 'string', enum: [...SAFETY_AT_CLOSE] },
    feelingSafe: { type: ['integer', 'null'], minimum: 1, maximum: 10, description: 'Her own rating of feeling safe, 1 to 10' },
    onwardReferrals: { type: 'string', maxLength: 2000 },
    summary: { type: 'string', maxLength: 10000 },
    earlyReason: { type: 'string', maxLength: 2000, description: 'Needed when closing before the follow-up period ends' },
  },
} as const;

const settingsBody = {
  type: 'object',
  properties: {
    dueDays: {
      type: 'object',
      description: 'Working days until a duty is due, by kind of event',
      properties: Object.fromEntries(
        Object.keys(DUTY_EVENT_LABELS).map((t) => [t, { type: 'integer', minimum: 0, maximum: 30 }]),
      ),
    },
    followUpMonths: { type: 'integer', minimum: 1, maximum: 24 },
    reviewMonths: { type: 'integer', minimum: 1, maximum: 24 },
  },
} as const;

/** Duties to inform her and support after his programme, under /api/v1. Partner side and management; 404 to everyone else. */
export function partnerDutiesApi(
  api: FastifyInstance,
  { partnerDuties: duties, partnerFollowUp: followUp }: { partnerDuties: PartnerDutyService; partnerFollowUp: FollowUpService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-duties',
    tag: 'partner-duties',
    summary:
      'Duties to inform the partner not yet done, most overdue first: scope=mine|team|all (default the caller’s partner cases, all cases for management), overdue=1 (overdue only) or 0 (not yet overdue), q (the partner’s name, typos found, or the case reference or its start), sort=due|name|type and dir=asc|desc',
    query: ZDutyListQuery,
    handler: async (call) => {
      const { actor, origin, request } = call;
      // His side gets 404 before the cursor or the filters are even read (call.query parses them when first read).
      if (!can(actor, 'partnerDuty.view')) {
        throw new NotFoundError();
      }
      const { scope, overdue, q, sort, dir } = call.query;
      const filters = { scope, overdue, search: q?.terms, sort, dir };
      const list = await duties.list(actor, origin, cursorForApi(request.query, DUTY_CURSOR_IDS), undefined, undefined, filters);
      if (list === null) {
        throw new NotFoundError();
      }
      return list;
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/duties',
    tag: 'partner-duties',
    summary: 'Every duty to inform her on her case: what to tell her, due date, and how she was told',
    handler: ({ actor, params, origin }) => duties.forPartnerCase(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/duties/:eventId',
    tag: 'partner-duties',
    summary: 'Record how she was told of the event, or why she could not be',
    // The event comes from the URL, so the body is documented here and read with it below.
    schema: { body: recordBody },
    status: 204,
    handler: async ({ actor, params, origin, request }) => {
      // His side gets 404 before the body is even read: nothing about her case, not even a 400.
      authorizePartnerSide(actor, 'partnerDuty.record');
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const input = parseInput(ZDutyRecord, { ...body, eventId: params.eventId });
      await duties.record(actor, params.id, input, origin);
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/follow-up',
    tag: 'partner-duties',
    summary: 'Support after his programme: the follow-up period, review date and closing summary',
    handler: ({ actor, params }) => followUp.forPartnerCase(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/closure',
    tag: 'partner-duties',
    summary: 'Close her case with a closing summary (before the follow-up period ends, with a reason)',
    // Documented by hand (closureBody), checked with ZClosure.
    schema: { body: closureBody },
    status: 204,
    handler: async ({ actor, params, origin, request }) => {
      authorizePartnerSide(actor, 'partnerCase.close');
      await followUp.close(actor, params.id, parseInput(ZClosure, request.body), origin);
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/settings/partner-duties',
    tag: 'partner-duties',
    summary: 'Due times of duties to inform her, and the follow-up period',
    handler: ({ actor }) => duties.settings(actor),
  });
  endpoint(api, {
    method: 'PUT',
    url: '/settings/partner-duties',
    tag: 'partner-duties',
    summary: 'Change the due times of duties to inform her, and the follow-up period',
    // Documented by hand (settingsBody): its rules depend on the kinds of event.
    schema: { body: settingsBody },
    handler: async ({ actor, origin, request }) => {
      await duties.saveSettings(
        actor,
        parseInput(dutySettingsSchema(DUTY_EVENT_LABELS), dutySettingsFromJson(request.body)),
        origin,
      );
      return duties.settings(actor);
    },
  });
}
