import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../../api/openapi.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { ZOneToOneSession, ZPlanOneToOne } from './one-to-one-schemas.js';
import type { ProgrammeServices } from '../services.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const withId = (summary: string, body?: Parameters<typeof jsonSchema>[0]): FastifySchema =>
  ({
    tags: ['sessions'],
    summary,
    response: errors,
    params: idParams,
    ...(body ? { body: jsonSchema(body) } : {}),
  }) as FastifySchema;

/**
 * His one-to-one sessions in the JSON API: only on an enrolment on a one-to-one programme that has
 * not ended (409 otherwise); his side's staff only.
 */
export function oneToOneApi(api: FastifyInstance, services: ProgrammeServices): void {
  const { oneToOne } = services;

  api.get(
    '/enrolments/:id/one-to-one-sessions',
    { schema: withId('His one-to-one sessions on an enrolment') },
    async (request: IdRequest) => oneToOne.view(requireActor(request), request.params.id),
  );
  api.post(
    '/enrolments/:id/one-to-one-sessions/plan',
    {
      schema: withId(
        'Plan weekly one-to-one sessions from a first date, following the programme’s session templates',
        ZPlanOneToOne,
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const ids = await oneToOne.plan(actor, request.params.id, parseInput(ZPlanOneToOne, request.body), originOf(request));
      return reply.status(201).send({ ids });
    },
  );
  api.post(
    '/enrolments/:id/one-to-one-sessions',
    { schema: withId('Add one ad hoc one-to-one session', ZOneToOneSession) },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const id = await oneToOne.add(actor, request.params.id, parseInput(ZOneToOneSession, request.body), originOf(request));
      return reply.status(201).send({ id });
    },
  );
}
