import type { FastifyInstance } from 'fastify';
import { routeCall } from '../../web/route.js';
import type { PartnerAlertService } from './alerts-service.js';

export function alertRoutes(app: FastifyInstance, { partnerAlerts: alerts }: { partnerAlerts: PartnerAlertService }): void {
  /**
   * "Mark as seen", from her case page or her worker's dashboard; back to where it was pressed.
   * A button rather than a form with a page of its own, so it stays a plain POST with no page to show again.
   */
  app.post('/partner-cases/:id/alerts/:eventId/seen', async (request, reply) => {
    const { actor, params, origin } = routeCall<'/partner-cases/:id/alerts/:eventId'>(request, reply);
    await alerts.acknowledge(actor, params.id, params.eventId, origin);
    const returnTo = (request.body as Record<string, unknown> | undefined)?.returnTo;
    const target = returnTo === 'dashboard' ? '/dashboard?seen=1' : `/partner-cases/${params.id}?saved=1#programme`;
    return reply.redirect(target, 303);
  });
}
