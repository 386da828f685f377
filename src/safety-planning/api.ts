import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { errorResponse, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { versionNumber } from './routes.js';
import { ZSafetyPlanInput } from './schemas.js';
import type { SafetyPlanService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type VersionRequest = FastifyRequest<{ Params: { id: string; version: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-cases'], summary, response: errors, ...extra }) as FastifySchema;

const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const versionParams = {
  type: 'object',
  properties: { id: uuid, version: { type: 'string', pattern: '^[0-9]+$' } },
  required: ['id', 'version'],
} as const;

/**
 * Her safety plan in the JSON API, registered inside /api/v1 (src/app/api.ts). Partner side
 * and management only: 404 to anyone else, as if her case did not exist.
 */
export function safetyPlanApiRoutes(api: FastifyInstance, plans: SafetyPlanService): void {
  api.get(
    '/partner-cases/:id/safety-plan',
    { schema: doc('Her current safety plan (null if none) and the list of its versions', { params: idParams }) },
    async (request: IdRequest) => {
      const { current, versions } = await plans.view(requireActor(request), request.params.id, originOf(request));
      return { current, versions };
    },
  );
  api.get(
    '/partner-cases/:id/safety-plan/versions/:version',
    { schema: doc('One version of her safety plan, current or earlier', { params: versionParams }) },
    async (request: VersionRequest) => {
      const actor = requireActor(request);
      authorizePartnerSide(actor, 'partnerCase.viewSafetyPlan');
      const { plan } = await plans.version(actor, request.params.id, versionNumber(request.params.version), originOf(request));
      return plan;
    },
  );
  api.post(
    '/partner-cases/:id/safety-plan',
    {
      schema: doc('Save her safety plan as a new version (earlier versions are kept); the review date may not be in the past', {
        params: idParams,
        body: jsonSchema(ZSafetyPlanInput),
      }),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      // "Not found" to anyone outside the partner side, before the body is looked at.
      authorizePartnerSide(actor, 'partnerCase.writeSafetyPlan');
      const input = parseInput(ZSafetyPlanInput, request.body);
      return reply.status(201).send(await plans.save(actor, request.params.id, input, originOf(request)));
    },
  );
}
