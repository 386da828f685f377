import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { NotFoundError } from '../../errors.js';
import { originOf, requireActor } from '../../web/http.js';
import { weekStartOf } from './calendar-service.js';
import type { IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';

const CALENDAR = 'programme/sessions/views/calendar.njk';
const FEED = 'programme/sessions/views/calendar-feed.njk';

/** Feed addresses are 32 random bytes, base64url: anything else is not found before any lookup. */
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const weekOf = (request: FastifyRequest) => {
  const week = (request.query as Record<string, unknown> | undefined)?.week;
  return weekStartOf(typeof week === 'string' ? week : undefined);
};

export function calendarRoutes(app: FastifyInstance, { calendar }: ProgrammeServices, config: Pick<Config, 'publicUrl'>): void {
  app.get('/calendar', async (request, reply) => {
    const actor = requireActor(request);
    const { week } = await calendar.facilitatorWeek(actor, actor.userId, weekOf(request));
    return reply.view(CALENDAR, { title: 'My calendar', heading: 'My calendar', basePath: '/calendar', week, own: true });
  });

  app.get<IdParams>('/calendar/facilitators/:id', async (request, reply) => {
    const actor = requireActor(request);
    const { name, week } = await calendar.facilitatorWeek(actor, request.params.id, weekOf(request));
    return reply.view(CALENDAR, {
      title: `Calendar: ${name}`,
      heading: `Calendar: ${name}`,
      basePath: `/calendar/facilitators/${request.params.id}`,
      week,
      own: request.params.id === actor.userId,
    });
  });

  app.get<IdParams>('/venues/:id/calendar', async (request, reply) => {
    const actor = requireActor(request);
    const { name, week } = await calendar.venueWeek(actor, request.params.id, weekOf(request));
    return reply.view(CALENDAR, {
      title: `Venue calendar: ${name}`,
      heading: `Venue calendar: ${name}`,
      basePath: `/venues/${request.params.id}/calendar`,
      week,
      own: false,
      backLink: '/venues',
    });
  });

  app.get('/calendar/feed', async (request, reply) => {
    const actor = requireActor(request);
    return reply.view(FEED, { title: 'Calendar feed', status: await calendar.feedStatus(actor), backLink: '/calendar' });
  });

  // The new address is shown on this response only: it is not stored, so it cannot be shown again.
  app.post('/calendar/feed', async (request, reply) => {
    const actor = requireActor(request);
    const token = await calendar.createFeedToken(actor, originOf(request));
    return reply.view(FEED, {
      title: 'Calendar feed',
      status: await calendar.feedStatus(actor),
      feedUrl: `${config.publicUrl}/feeds/calendar/${token}`,
      backLink: '/calendar',
    });
  });

  app.post('/calendar/feed/revoke', async (request, reply) => {
    const actor = requireActor(request);
    await calendar.revokeFeedToken(actor, originOf(request));
    return reply.redirect('/calendar/feed', 303);
  });

  // For calendar software, which cannot sign in: the secret address is the credential.
  app.get<{ Params: { token: string } }>(
    '/feeds/calendar/:token',
    { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const token = request.params.token.replace(/\.ics$/, '');
      if (!FEED_TOKEN.test(token)) {
        throw new NotFoundError();
      }
      const body = await calendar.feed(token);
      if (body === null) {
        throw new NotFoundError();
      }
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'inline; filename="sessions.ics"')
        .send(body);
    },
  );
}
