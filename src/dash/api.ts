import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { endpoint } from '../api/endpoint.js';
import { ZDashInput } from './schemas.js';
import type { DashService } from './service.js';

/**
 * Her DASH risk identification checklists in the JSON API, registered inside /api/v1
 * (src/app/api.ts). Partner side and management only: 404 to anyone else, as if her case did
 * not exist. The yes count and the level are computed by the server; anything sent for them is ignored.
 */
export function dashApiRoutes(api: FastifyInstance, { dash }: { dash: DashService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/dash-assessments',
    tag: 'partner-cases',
    summary: 'Her DASH risk identification checklists, newest first (no answers)',
    handler: async ({ actor, params, origin }) => {
      const { dashes } = await dash.list(actor, params.id, origin);
      return { items: dashes };
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/dash-assessments',
    tag: 'partner-cases',
    summary:
      'Record a DASH with her: only when it is safe to talk; all 24 answers (answers."1" to answers."24": yes, no or dont_know); professional judgement may only raise the level, with reasons',
    body: ZDashInput,
    status: 201,
    handler: async (call) => {
      // "Not found" to anyone outside the partner side or her organisation, before the body is looked at.
      authorizePartnerSide(call.actor, 'dash.record');
      await dash.caseForForm(call.actor, call.params.id);
      return dash.record(call.actor, call.params.id, call.body, call.origin);
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/dash-assessments/:id',
    tag: 'partner-cases',
    summary: 'One DASH with its answers, the score, the judgement and the level that stands',
    handler: async ({ actor, params, origin }) => {
      const { dash: view } = await dash.view(actor, params.id, origin);
      return view;
    },
  });
}
