import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { parseInput } from '../web/http.js';
import { page, routeCall } from '../web/route.js';
import type { RiskAlertService } from './alerts-service.js';
import type { RiskPictureService } from './picture-service.js';
import { ZAcknowledgeInput } from './schemas.js';

/** The risk picture's pages (his side, her side, combined) and the escalation alerts page. */
export function riskRoutes(
  app: FastifyInstance,
  { riskPictures: pictures, riskAlerts: alerts }: { riskPictures: RiskPictureService; riskAlerts: RiskAlertService },
): void {
  page(app, '/participants/:id/risk-picture', 'risk/views/his-side.njk', async ({ actor, params }) => {
    const picture = await pictures.hisSide(actor, params.id);
    return {
      title: `Risk picture: ${picture.participant.name}`,
      picture,
      canViewCombined: can(actor, 'riskPicture.viewCombined'),
      backLink: `/participants/${picture.participant.id}`,
    };
  });

  page(app, '/partner-cases/:id/risk-picture', 'risk/views/her-side.njk', async ({ actor, params, origin }) => {
    const picture = await pictures.herSide(actor, params.id, origin);
    return {
      title: `Risk picture: ${picture.partnerCase.name}`,
      picture,
      canViewCombined: can(actor, 'riskPicture.viewCombined'),
      backLink: `/partner-cases/${picture.partnerCase.id}`,
    };
  });

  page(app, '/risk-picture/:id', 'risk/views/combined.njk', async ({ actor, params, origin }) => {
    const picture = await pictures.combined(actor, params.id, origin);
    return {
      title: `Combined risk picture: ${picture.participant.name}`,
      picture,
      backLink: `/participants/${picture.participant.id}`,
    };
  });

  page(app, '/risk-alerts', 'risk/views/alerts.njk', async ({ actor, origin, query }) => ({
    title: 'Escalation alerts',
    riskAlerts: await alerts.open(actor, origin),
    returnTo: 'list',
    flash: query.done ? 'The alert has been marked as dealt with' : undefined,
  }));

  /**
   * "Mark as dealt with" (the alert is acknowledged; her side's alert about him for the case the
   * button was pressed on), from the alerts page or the dashboard; back to where it was pressed.
   * A button, not a form page: bad input is answered by the app's error page, so it is a plain POST.
   */
  app.post('/risk-alerts/:id/dealt-with', async (request, reply) => {
    const { actor, params, origin } = routeCall<'/risk-alerts/:id/dealt-with'>(request, reply);
    const input = parseInput(ZAcknowledgeInput, request.body);
    await alerts.acknowledge(actor, params.id, input, origin);
    const returnTo = (request.body as Record<string, unknown> | undefined)?.returnTo;
    return reply.redirect(returnTo === 'dashboard' ? '/dashboard?done=1#risk-alerts' : '/risk-alerts?done=1', 303);
  });
}
