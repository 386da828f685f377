import type { FastifyInstance } from 'fastify';
import { originOf, requireActor } from '../../web/http.js';
import type { PartnerAlertService } from './alerts-service.js';

type AlertParams = { Params: { id: string; eventId: string } };

export function alertRoutes(app: FastifyInstance, { partnerAlerts: alerts }: { partnerAlerts: PartnerAlertService }): void {
  /** "Mark as seen", from her case page or her worker's dashboard; back to where it was pressed. */
  app.post<AlertParams>('/partner-cases/:id/alerts/:eventId/seen', async (request, reply) => {
    const actor = requireActor(request);
    await alerts.acknowledge(actor, request.params.id, request.params.eventId, originOf(request));
    const returnTo = (request.body as Record<string, unknown> | undefined)?.returnTo;
    const target = returnTo === 'dashboard' ? '/dashboard?seen=1' : `/partner-cases/${request.params.id}?saved=1#programme`;
    return reply.redirect(target, 303);
  });
}
