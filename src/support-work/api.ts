import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { errorResponse, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { referralIdFrom } from './routes.js';
import { ZInformationSession, ZOnwardReferral, ZOnwardReferralUpdate, ZSupportSession } from './schemas.js';
import type { SupportWorkService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type ReferralRequest = FastifyRequest<{ Params: { id: string; referralId: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-cases'], summary, response: errors, ...extra }) as FastifySchema;

const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const referralParams = { type: 'object', properties: { id: uuid, referralId: uuid }, required: ['id', 'referralId'] } as const;

/**
 * The support work with her in the JSON API, registered inside /api/v1 (src/app/api.ts).
 * Partner side and management only: 404 to anyone else, before the body is looked at.
 */
export function supportWorkApiRoutes(api: FastifyInstance, support: SupportWorkService): void {
  api.get(
    '/partner-cases/:id/support-work',
    {
      schema: doc('Her support sessions, information sessions about the programme, and referrals to other services', {
        params: idParams,
      }),
    },
    async (request: IdRequest) => {
      const { sessions, informationSessions, referrals } = await support.view(
        requireActor(request),
        request.params.id,
        originOf(request),
      );
      return { sessions, informationSessions, referrals };
    },
  );
  api.post(
    '/partner-cases/:id/support-sessions',
    { schema: doc('Record a one-to-one support session with her', { params: idParams, body: jsonSchema(ZSupportSession) }) },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      authorizePartnerSide(actor, 'partnerCase.recordSupportWork');
      const id = await support.recordSession(
        actor,
        request.params.id,
        parseInput(ZSupportSession, request.body),
        originOf(request),
      );
      return reply.status(201).send({ id });
    },
  );
  api.post(
    '/partner-cases/:id/information-sessions',
    {
      schema: doc('Record her attendance at an information session about the programme', {
        params: idParams,
        body: jsonSchema(ZInformationSession),
      }),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      authorizePartnerSide(actor, 'partnerCase.recordSupportWork');
      const input = parseInput(ZInformationSession, request.body);
      return reply
        .status(201)
        .send({ id: await support.recordInformationSession(actor, request.params.id, input, originOf(request)) });
    },
  );
  api.post(
    '/partner-cases/:id/onward-referrals',
    {
      schema: doc('Record a referral she wants to another service; her consent (consent: true) is required', {
        params: idParams,
        body: jsonSchema(ZOnwardReferral),
      }),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      authorizePartnerSide(actor, 'partnerCase.recordSupportWork');
      const input = parseInput(ZOnwardReferral, request.body);
      return reply.status(201).send({ id: await support.makeReferral(actor, request.params.id, input, originOf(request)) });
    },
  );
  api.patch(
    '/partner-cases/:id/onward-referrals/:referralId',
    {
      schema: doc('Change a referral’s status (made, accepted, declined) and outcome', {
        params: referralParams,
        body: jsonSchema(ZOnwardReferralUpdate),
      }),
    },
    async (request: ReferralRequest) => {
      const actor = requireActor(request);
      authorizePartnerSide(actor, 'partnerCase.recordSupportWork');
      const referralId = referralIdFrom(request.params.referralId);
      const input = parseInput(ZOnwardReferralUpdate, request.body);
      return support.updateReferral(actor, request.params.id, referralId, input, originOf(request));
    },
  );
}
