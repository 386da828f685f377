import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams } from '../api/openapi.js';
import { originOf, requireActor } from '../web/http.js';
import type { RiskAlertService } from './alerts-service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['risk-alerts'], summary, response: errors, ...extra }) as FastifySchema;

/**
 * Escalation alerts under /api/v1 (registered by src/api/routes.ts). Each user receives only the
 * alerts of their own side; a partner-side alert answers 404 to his side.
 */
export function riskAlertsApi(api: FastifyInstance, alerts: RiskAlertService): void {
  api.get(
    '/risk-alerts',
    { schema: doc('Open escalation alerts of the caller’s side (both sides for management)') },
    async (request) => {
      const lists = await alerts.open(requireActor(request), originOf(request));
      return [...(lists.his ?? []), ...(lists.hers ?? [])];
    },
  );
  api.post(
    '/risk-alerts/:id/acknowledge',
    { schema: doc('Acknowledge an escalation alert of the caller’s side', { params: idParams }) },
    async (request: IdRequest, reply) => {
      await alerts.acknowledge(requireActor(request), request.params.id, originOf(request));
      return reply.status(204).send();
    },
  );
}
