import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/index.js';
import { endpoint } from '../../api/endpoint.js';
import { ZSuitabilityInput } from './schemas.js';
import type { SuitabilityService } from './service.js';

const errors = [400, 401, 403, 404] as const;

/** His suitability assessments, under /api/v1 (registered by src/app/api.ts). His side and management only. */
export function suitabilityApi(api: FastifyInstance, { suitability }: { suitability: SuitabilityService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/suitability-assessments',
    tag: 'assessment',
    summary: 'His suitability assessments, newest first, each with the suggested outcome and its basis',
    errors,
    handler: async ({ actor, params }) => {
      const { assessments, riskLevel } = await suitability.overview(actor, params.id);
      return { assessments, riskLevel };
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/participants/:id/suitability-assessments',
    tag: 'assessment',
    summary:
      'Record a suitability assessment (a re-assessment is a new record). An outcome other than the suggested one needs reasons of at least a sentence. The partner service is told the outcome and date only.',
    body: ZSuitabilityInput,
    status: 201,
    errors,
    handler: (call) => {
      // Refused before the body is looked at.
      authorize(call.actor, 'assessment.record');
      return suitability.record(call.actor, call.params.id, call.body, call.origin);
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/suitability-assessments/:id',
    tag: 'assessment',
    summary: 'One suitability assessment with its notes and reasons',
    errors,
    handler: async ({ actor, params }) => (await suitability.view(actor, params.id)).assessment,
  });
}
