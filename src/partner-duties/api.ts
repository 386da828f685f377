import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorizePartnerSide, can } from '../access/index.js';
import { errorResponse, idParams, pageQuery } from '../api/openapi.js';
import { NotFoundError } from '../errors.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { cursorForApi } from '../web/pagination.js';
import type { FollowUpService } from './follow-up-service.js';
import { DUTY_EVENT_LABELS, DUTY_METHODS, NOT_TOLD_REASONS } from './rules.js';
import { CLOSURE_OUTCOMES, SAFETY_AT_CLOSE, ZClosure, ZDutyRecord, dutySettingsFromJson, dutySettingsSchema } from './schemas.js';
import { DUTY_CURSOR_IDS, type PartnerDutyService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type DutyRequest = FastifyRequest<{ Params: { id: string; eventId: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-duties'], summary, response: errors, ...extra }) as FastifySchema;

const dutyParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, eventId: { type: 'string', format: 'uuid' } },
  required: ['id', 'eventId'],
} as const;

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
export function partnerDutiesApi(api: FastifyInstance, duties: PartnerDutyService, followUp: FollowUpService): void {
  api.get(
    '/partner-duties',
    {
      schema: doc(
        'Duties to inform her not yet done, oldest due first, for the caller’s partner cases (all cases for management)',
        {
          querystring: pageQuery,
        },
      ),
    },
    async (request) => {
      const actor = requireActor(request);
      // His side gets 404 before the cursor is even read.
      if (!can(actor, 'partnerDuty.view')) {
        throw new NotFoundError();
      }
      const list = await duties.list(actor, originOf(request), cursorForApi(request.query, DUTY_CURSOR_IDS));
      if (list === null) {
        throw new NotFoundError();
      }
      return list;
    },
  );
  api.get(
    '/partner-cases/:id/duties',
    {
      schema: doc('Every duty to inform her on her case: what to tell her, due date, and how she was told', { params: idParams }),
    },
    async (request: IdRequest) => duties.forPartnerCase(requireActor(request), request.params.id, originOf(request)),
  );
  api.post(
    '/partner-cases/:id/duties/:eventId',
    { schema: doc('Record how she was told of the event, or why she could not be', { params: dutyParams, body: recordBody }) },
    async (request: DutyRequest, reply) => {
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const actor = requireActor(request);
      // His side gets 404 before the body is even read: nothing about her case, not even a 400.
      authorizePartnerSide(actor, 'partnerDuty.record');
      const input = parseInput(ZDutyRecord, { ...body, eventId: request.params.eventId });
      await duties.record(actor, request.params.id, input, originOf(request));
      return reply.status(204).send();
    },
  );
  api.get(
    '/partner-cases/:id/follow-up',
    { schema: doc('Support after his programme: the follow-up period, review date and closing summary', { params: idParams }) },
    async (request: IdRequest) => followUp.forPartnerCase(requireActor(request), request.params.id),
  );
  api.post(
    '/partner-cases/:id/closure',
    {
      schema: doc('Close her case with a closing summary (before the follow-up period ends, with a reason)', {
        params: idParams,
        body: closureBody,
      }),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      authorizePartnerSide(actor, 'partnerCase.close');
      await followUp.close(actor, request.params.id, parseInput(ZClosure, request.body), originOf(request));
      return reply.status(204).send();
    },
  );
  api.get(
    '/settings/partner-duties',
    { schema: doc('Due times of duties to inform her, and the follow-up period') },
    async (request) => duties.settings(requireActor(request)),
  );
  api.put(
    '/settings/partner-duties',
    { schema: doc('Change the due times of duties to inform her, and the follow-up period', { body: settingsBody }) },
    async (request) => {
      const actor = requireActor(request);
      await duties.saveSettings(
        actor,
        parseInput(dutySettingsSchema(DUTY_EVENT_LABELS), dutySettingsFromJson(request.body)),
        originOf(request),
      );
      return duties.settings(actor);
    },
  );
}
