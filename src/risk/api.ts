import type { FastifyInstance } from 'fastify';
import { endpoint } from '../api/endpoint.js';
import type { RiskAlertService } from './alerts-service.js';
import { ZAcknowledgeInput } from './schemas.js';

const errors = [400, 401, 403, 404] as const;

/**
 * Escalation alerts under /api/v1 (registered by src/app/api.ts). Each user receives only the
 * alerts of their own side; a partner-side alert answers 404 to his side. Her side's list has one
 * item per (alert, her case).
 */
export function riskAlertsApi(api: FastifyInstance, { riskAlerts: alerts }: { riskAlerts: RiskAlertService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/risk-alerts',
    tag: 'risk-alerts',
    summary: 'Open escalation alerts of the caller’s side (both sides for management)',
    errors,
    handler: async ({ actor, origin }) => {
      const lists = await alerts.open(actor, origin);
      return [...(lists.his ?? []), ...(lists.hers ?? [])];
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/risk-alerts/:id/acknowledge',
    tag: 'risk-alerts',
    summary:
      'Acknowledge an escalation alert of the caller’s side. Her side’s alert about him (raised from his disclosure) is acknowledged for one of her cases: send partnerCaseId, the partnerCase.id of the item listed',
    body: ZAcknowledgeInput,
    status: 204,
    errors,
    handler: async ({ actor, params, body, origin }) => {
      await alerts.acknowledge(actor, params.id, body, origin);
    },
  });
}
