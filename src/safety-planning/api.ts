import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { endpoint } from '../api/endpoint.js';
import { versionNumber } from './routes.js';
import { ZSafetyPlanInput } from './schemas.js';
import type { SafetyPlanService } from './service.js';

/**
 * Her safety plan in the JSON API, registered inside /api/v1 (src/app/api.ts). Partner side
 * and management only: 404 to anyone else, as if her case did not exist.
 */
export function safetyPlanApiRoutes(api: FastifyInstance, { safetyPlans: plans }: { safetyPlans: SafetyPlanService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/safety-plan',
    tag: 'partner-cases',
    summary: 'Her current safety plan (null if none) and the list of its versions',
    handler: async ({ actor, params, origin }) => {
      const { current, versions } = await plans.view(actor, params.id, origin);
      return { current, versions };
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/safety-plan/versions/:version',
    tag: 'partner-cases',
    summary: 'One version of her safety plan, current or earlier',
    paramSchemas: { version: { type: 'string', pattern: '^[0-9]+$' } },
    handler: async ({ actor, params, origin }) => {
      authorizePartnerSide(actor, 'partnerCase.viewSafetyPlan');
      const { plan } = await plans.version(actor, params.id, versionNumber(params.version), origin);
      return plan;
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/safety-plan',
    tag: 'partner-cases',
    summary: 'Save her safety plan as a new version (earlier versions are kept); the review date may not be in the past',
    body: ZSafetyPlanInput,
    status: 201,
    handler: (call) => {
      // "Not found" to anyone outside the partner side, before the body is looked at.
      authorizePartnerSide(call.actor, 'partnerCase.writeSafetyPlan');
      return plans.save(call.actor, call.params.id, call.body, call.origin);
    },
  });
}
