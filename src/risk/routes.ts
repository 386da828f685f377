import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import type { RiskAlertService } from './alerts-service.js';
import type { RiskPictureService } from './picture-service.js';
import { ZAcknowledgeInput } from './schemas.js';

type IdParams = { Params: { id: string } };

/** The risk picture's pages (his side, her side, combined) and the escalation alerts page. */
export function riskRoutes(
  app: FastifyInstance,
  { riskPictures: pictures, riskAlerts: alerts }: { riskPictures: RiskPictureService; riskAlerts: RiskAlertService },
): void {
  app.get<IdParams>('/participants/:id/risk-picture', async (request, reply) => {
    const actor = requireActor(request);
    const picture = await pictures.hisSide(actor, request.params.id);
    return reply.view('risk/views/his-side.njk', {
      title: `Risk picture: ${picture.participant.name}`,
      picture,
      canViewCombined: can(actor, 'riskPicture.viewCombined'),
      backLink: `/participants/${picture.participant.id}`,
    });
  });

  app.get<IdParams>('/partner-cases/:id/risk-picture', async (request, reply) => {
    const actor = requireActor(request);
    const picture = await pictures.herSide(actor, request.params.id, originOf(request));
    return reply.view('risk/views/her-side.njk', {
      title: `Risk picture: ${picture.partnerCase.name}`,
      picture,
      canViewCombined: can(actor, 'riskPicture.viewCombined'),
      backLink: `/partner-cases/${picture.partnerCase.id}`,
    });
  });

  app.get<IdParams>('/risk-picture/:id', async (request, reply) => {
    const actor = requireActor(request);
    const picture = await pictures.combined(actor, request.params.id, originOf(request));
    return reply.view('risk/views/combined.njk', {
      title: `Combined risk picture: ${picture.participant.name}`,
      picture,
      backLink: `/participants/${picture.participant.id}`,
    });
  });

  app.get('/risk-alerts', async (request, reply) => {
    const actor = requireActor(request);
    const lists = await alerts.open(actor, originOf(request));
    const query = request.query as Record<string, string | undefined>;
    return reply.view('risk/views/alerts.njk', {
      title: 'Escalation alerts',
      riskAlerts: lists,
      returnTo: 'list',
      flash: query.done ? 'The alert has been marked as dealt with' : undefined,
    });
  });

  /**
   * "Mark as dealt with" (the alert is acknowledged; her side's alert about him for the case the
   * button was pressed on), from the alerts page or the dashboard; back to where it was pressed.
   */
  app.post<IdParams>('/risk-alerts/:id/dealt-with', async (request, reply) => {
    const actor = requireActor(request);
    const input = parseInput(ZAcknowledgeInput, request.body);
    await alerts.acknowledge(actor, request.params.id, input, originOf(request));
    const returnTo = (request.body as Record<string, unknown> | undefined)?.returnTo;
    return reply.redirect(returnTo === 'dashboard' ? '/dashboard?done=1#risk-alerts' : '/risk-alerts?done=1', 303);
  });
}
