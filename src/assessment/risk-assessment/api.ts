import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorize } from '../../access/index.js';
import { errorResponse, jsonSchema } from '../../api/openapi.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { riskAssessmentVersionNumber } from './routes.js';
import { ZRiskAssessmentInput } from './schemas.js';
import type { RiskAssessmentService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type VersionRequest = FastifyRequest<{ Params: { id: string; version: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['assessment'], summary, response: errors, ...extra }) as FastifySchema;

const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const versionParams = {
  type: 'object',
  properties: { id: uuid, version: { type: 'string', pattern: '^[0-9]+$' } },
  required: ['id', 'version'],
} as const;

/**
 * His risk assessment in the JSON API, registered inside /api/v1 (src/app/api.ts). His side and
 * management only: 403 to the partner side, before anything is read.
 */
export function riskAssessmentApiRoutes(api: FastifyInstance, assessments: RiskAssessmentService): void {
  api.get(
    '/participants/:id/risk-assessments',
    {
      schema: doc('His current risk assessment (null if none) and the list of its versions, newest first', { params: idParams }),
    },
    async (request: IdRequest) => {
      const { current, versions } = await assessments.view(requireActor(request), request.params.id);
      return { current, versions };
    },
  );
  api.get(
    '/participants/:id/risk-assessments/:version',
    { schema: doc('One version of his risk assessment, current or earlier', { params: versionParams }) },
    async (request: VersionRequest) => {
      const actor = requireActor(request);
      authorize(actor, 'assessment.view');
      const number = riskAssessmentVersionNumber(request.params.version);
      const { assessment } = await assessments.version(actor, request.params.id, number);
      return assessment;
    },
  );
  api.post(
    '/participants/:id/risk-assessments',
    {
      schema: doc(
        'Record a new version of his risk assessment (earlier versions are kept): every domain rated, with evidence when rated low, medium or high; 409 if another version was saved at the same moment',
        { params: idParams, body: jsonSchema(ZRiskAssessmentInput) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      // Refused to anyone outside his side and management before the body is looked at.
      authorize(actor, 'assessment.record');
      const input = parseInput(ZRiskAssessmentInput, request.body);
      return reply.status(201).send(await assessments.record(actor, request.params.id, input, originOf(request)));
    },
  );
}
