import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import type { PartnerContactService } from './partner-contact-service.js';
import { ZContactAttempt, ZNotEngaged, ZSafeTimes } from './schemas.js';
import type { FirstContactService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-contact'], summary, response: errors, ...extra }) as FastifySchema;

/**
 * Her contact attempts, safe-contact rules and not-engaged closure under /api/v1 (registered by
 * src/app/api.ts). Partner side and management only: 404 to everyone else.
 */
export function partnerContactApi(
  api: FastifyInstance,
  firstContact: FirstContactService,
  partnerContact: PartnerContactService,
): void {
  api.get(
    '/partner-cases/:id/safe-contact',
    { schema: doc('Her safe-contact rules, as shown before any contact action', { params: idParams }) },
    async (request: IdRequest) => {
      const { panel, rules } = await partnerContact.panel(requireActor(request), request.params.id);
      return {
        rules: panel.rules,
        safePhone: rules.safePhone,
        safeTimes: rules.safeTimes,
        safeDays: rules.safeDays,
        safeFrom: rules.safeFrom,
        safeTo: rules.safeTo,
        messageMayBeLeft: rules.messageMayBeLeft,
        codeWord: rules.codeWord,
      };
    },
  );
  api.put(
    '/partner-cases/:id/safe-contact/times',
    {
      schema: doc('Set the days and hours it is safe to call her (Europe/London)', {
        params: idParams,
        body: jsonSchema(ZSafeTimes),
      }),
    },
    async (request: IdRequest, reply) => {
      await partnerContact.setSafeTimes(
        requireActor(request),
        request.params.id,
        parseInput(ZSafeTimes, request.body),
        originOf(request),
      );
      return reply.status(204).send();
    },
  );
  api.get(
    '/partner-cases/:id/contact-attempts',
    { schema: doc('Contact attempts with her, newest first, with any safe-contact rules broken', { params: idParams }) },
    async (request: IdRequest) => firstContact.partnerAttempts(requireActor(request), request.params.id),
  );
  api.post(
    '/partner-cases/:id/contact-attempts',
    {
      schema: doc(
        'Log a contact attempt with her. One that breaks her safe-contact rules answers 409 (the message says which) unless confirmBreach is true with a breachReason.',
        { params: idParams, body: jsonSchema(ZContactAttempt) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      await firstContact.logPartnerAttempt(
        actor,
        request.params.id,
        parseInput(ZContactAttempt, request.body),
        originOf(request),
      );
      return reply.status(201).send(await firstContact.partnerAttempts(actor, request.params.id));
    },
  );
  api.post(
    '/partner-cases/:id/not-engaged',
    {
      schema: doc(
        'Close her case as not engaged, with a reason: 409 before the organisation’s number of attempts without reaching her',
        { params: idParams, body: jsonSchema(ZNotEngaged) },
      ),
    },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      const { reason } = parseInput(ZNotEngaged, request.body);
      await partnerContact.closeNotEngaged(actor, request.params.id, reason, originOf(request));
      return partnerContact.notEngagedStatus(actor, request.params.id);
    },
  );
}
