import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/index.js';
import { endpoint } from '../../api/endpoint.js';
import { riskAssessmentVersionNumber } from './routes.js';
import { ZRiskAssessmentInput } from './schemas.js';
import type { RiskAssessmentService } from './service.js';

/**
 * His risk assessment in the JSON API, registered inside /api/v1 (src/app/api.ts). His side and
 * management only: 403 to the partner side, before anything is read.
 */
export function riskAssessmentApiRoutes(
  api: FastifyInstance,
  { riskAssessments: assessments }: { riskAssessments: RiskAssessmentService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/risk-assessments',
    tag: 'assessment',
    summary: 'His current risk assessment (null if none) and the list of its versions, newest first',
    handler: async ({ actor, params }) => {
      const { current, versions } = await assessments.view(actor, params.id);
      return { current, versions };
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/risk-assessments/:version',
    tag: 'assessment',
    summary: 'One version of his risk assessment, current or earlier',
    paramSchemas: { version: { type: 'string', pattern: '^[0-9]+$' } },
    handler: async ({ actor, params }) => {
      authorize(actor, 'assessment.view');
      const number = riskAssessmentVersionNumber(params.version);
      const { assessment } = await assessments.version(actor, params.id, number);
      return assessment;
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/participants/:id/risk-assessments',
    tag: 'assessment',
    summary:
      'Record a new version of his risk assessment (earlier versions are kept): every domain rated, with evidence when rated low, medium or high; 409 if another version was saved at the same moment',
    body: ZRiskAssessmentInput,
    status: 201,
    handler: (call) => {
      // Refused to anyone outside his side and management before the body is looked at.
      authorize(call.actor, 'assessment.record');
      return assessments.record(call.actor, call.params.id, call.body, call.origin);
    },
  });
}
