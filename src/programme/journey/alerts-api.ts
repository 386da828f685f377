import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams } from '../../api/openapi.js';
import { NotFoundError } from '../../errors.js';
import { originOf, requireActor } from '../../web/http.js';
import type { PartnerAlertService } from './alerts-service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type AlertRequest = FastifyRequest<{ Params: { id: string; eventId: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-alerts'], summary, response: errors, ...extra }) as FastifySchema;

/** The partner side's basic alerts, under /api/v1 (registered by src/app/api.ts). 404 to everyone else. */
export function alertsApi(api: FastifyInstance, alerts: PartnerAlertService): void {
  api.get(
    '/partner-alerts',
    { schema: doc('Alerts not yet seen for the caller’s partner cases (all cases for management)') },
    async (request) => {
      const list = await alerts.dashboard(requireActor(request), originOf(request));
      if (list === null) {
        throw new NotFoundError();
      }
      return list;
    },
  );
  api.get(
    '/partner-cases/:id/programme',
    {
      schema: doc('Her case’s view of the participant: his attendance and status, and the alerts not yet seen', {
        params: idParams,
      }),
    },
    async (request: IdRequest) => alerts.forPartnerCase(requireActor(request), request.params.id, originOf(request)),
  );
  api.post(
    '/partner-cases/:id/alerts/:eventId/seen',
    {
      schema: doc('Mark an alert as seen for her case', {
        params: {
          type: 'object',
          properties: { id: { type: 'string', format: 'uuid' }, eventId: { type: 'string', format: 'uuid' } },
          required: ['id', 'eventId'],
        },
      }),
    },
    async (request: AlertRequest, reply) => {
      await alerts.acknowledge(requireActor(request), request.params.id, request.params.eventId, originOf(request));
      return reply.status(204).send();
    },
  );
}
