import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../../api/openapi.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { ZDisclosureInput } from './disclosures-schemas.js';
import type { DisclosureService } from './disclosures-service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['disclosures'], summary, response: errors, ...extra }) as FastifySchema;

/** His disclosures, under /api/v1 (registered by src/app/api.ts). */
export function disclosuresApi(api: FastifyInstance, disclosures: DisclosureService): void {
  api.get(
    '/participants/:id/disclosures',
    { schema: doc('His disclosures with their detail (perpetrator side and management)', { params: idParams }) },
    async (request: IdRequest) => disclosures.list(requireActor(request), request.params.id),
  );
  api.post(
    '/participants/:id/disclosures',
    {
      schema: doc(
        'Record a disclosure; the partner service is told only its kind and date ("Disclosed physical violence on 20 November 2026")',
        { params: idParams, body: jsonSchema(ZDisclosureInput) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const input = parseInput(ZDisclosureInput, request.body);
      return reply.status(201).send(await disclosures.record(actor, request.params.id, input, originOf(request)));
    },
  );
}
