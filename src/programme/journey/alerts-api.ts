import type { FastifyInstance } from 'fastify';
import { endpoint } from '../../api/endpoint.js';
import { NotFoundError } from '../../errors.js';
import type { PartnerAlertService } from './alerts-service.js';

/** The partner side's basic alerts, under /api/v1 (registered by src/app/api.ts). 404 to everyone else. */
export function alertsApi(api: FastifyInstance, { partnerAlerts: alerts }: { partnerAlerts: PartnerAlertService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-alerts',
    tag: 'partner-alerts',
    summary: 'Alerts not yet seen for the caller’s partner cases (all cases for management)',
    handler: async ({ actor, origin }) => {
      const list = await alerts.dashboard(actor, origin);
      if (list === null) {
        throw new NotFoundError();
      }
      return list;
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/programme',
    tag: 'partner-alerts',
    summary: 'Her case’s view of the participant: his attendance and status, and the alerts not yet seen',
    handler: ({ actor, params, origin }) => alerts.forPartnerCase(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/alerts/:eventId/seen',
    tag: 'partner-alerts',
    summary: 'Mark an alert as seen for her case',
    status: 204,
    handler: ({ actor, params, origin }) => alerts.acknowledge(actor, params.id, params.eventId, origin),
  });
}
