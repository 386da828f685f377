import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorize } from '../../access/index.js';
import { errorResponse, idParams, jsonSchema } from '../../api/openapi.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { ZSuitabilityInput } from './schemas.js';
import type { SuitabilityService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['assessment'], summary, response: errors, ...extra }) as FastifySchema;

/** His suitability assessments, under /api/v1 (registered by src/app/api.ts). His side and management only. */
export function suitabilityApi(api: FastifyInstance, suitability: SuitabilityService): void {
  api.get(
    '/participants/:id/suitability-assessments',
    {
      schema: doc('His suitability assessments, newest first, each with the suggested outcome and its basis', {
        params: idParams,
      }),
    },
    async (request: IdRequest) => {
      const { assessments, riskLevel } = await suitability.overview(requireActor(request), request.params.id);
      return { assessments, riskLevel };
    },
  );
  api.post(
    '/participants/:id/suitability-assessments',
    {
      schema: doc(
        'Record a suitability assessment (a re-assessment is a new record). An outcome other than the suggested one needs reasons of at least a sentence. The partner service is told the outcome and date only.',
        { params: idParams, body: jsonSchema(ZSuitabilityInput) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      // Refused before the body is looked at.
      authorize(actor, 'assessment.record');
      const input = parseInput(ZSuitabilityInput, request.body);
      return reply.status(201).send(await suitability.record(actor, request.params.id, input, originOf(request)));
    },
  );
  api.get(
    '/suitability-assessments/:id',
    { schema: doc('One suitability assessment with its notes and reasons', { params: idParams }) },
    async (request: IdRequest) => (await suitability.view(requireActor(request), request.params.id)).assessment,
  );
}
