import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import type { RiskAlertService } from './alerts-service.js';
import { ZAcknowledgeInput } from './schemas.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['risk-alerts'], summary, response: errors, ...extra }) as FastifySchema;

/**
 * Escalation alerts under /api/v1 (registered by src/app/api.ts). Each user receives only the
 * alerts of their own side; a partner-side alert answers 404 to his side. Her side's list has one
 * item per (alert, her case).
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
    {
      schema: doc(
        'Acknowledge an escalation alert of the caller’s side. Her side’s alert about him (raised from his disclosure) is acknowledged for one of her cases: send partnerCaseId, the partnerCase.id of the item listed',
        { params: idParams, body: jsonSchema(ZAcknowledgeInput) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const input = parseInput(ZAcknowledgeInput, request.body);
      await alerts.acknowledge(actor, request.params.id, input, originOf(request));
      return reply.status(204).send();
    },
  );
}
