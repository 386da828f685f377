import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { errorResponse, idParams, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { ZDashInput } from './schemas.js';
import type { DashService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-cases'], summary, response: errors, ...extra }) as FastifySchema;

/**
 * Her DASH risk identification checklists in the JSON API, registered inside /api/v1
 * (src/app/api.ts). Partner side and management only: 404 to anyone else, as if her case did
 * not exist. The yes count and the level are computed by the server; anything sent for them is ignored.
 */
export function dashApiRoutes(api: FastifyInstance, dash: DashService): void {
  api.get(
    '/partner-cases/:id/dash-assessments',
    { schema: doc('Her DASH risk identification checklists, newest first (no answers)', { params: idParams }) },
    async (request: IdRequest) => {
      const { dashes } = await dash.list(requireActor(request), request.params.id, originOf(request));
      return { items: dashes };
    },
  );
  api.post(
    '/partner-cases/:id/dash-assessments',
    {
      schema: doc(
        'Record a DASH with her: only when it is safe to talk; all 24 answers (answers."1" to answers."24": yes, no or dont_know); professional judgement may only raise the level, with reasons',
        { params: idParams, body: jsonSchema(ZDashInput) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      // "Not found" to anyone outside the partner side or her organisation, before the body is looked at.
      authorizePartnerSide(actor, 'dash.record');
      await dash.caseForForm(actor, request.params.id);
      const input = parseInput(ZDashInput, request.body);
      return reply.status(201).send(await dash.record(actor, request.params.id, input, originOf(request)));
    },
  );
  api.get(
    '/dash-assessments/:id',
    { schema: doc('One DASH with its answers, the score, the judgement and the level that stands', { params: idParams }) },
    async (request: IdRequest) => {
      const { dash: view } = await dash.view(requireActor(request), request.params.id, originOf(request));
      return view;
    },
  );
}
