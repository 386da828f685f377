import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../access/index.js';
import type { Config } from '../../config.js';
import { NotFoundError } from '../../errors.js';
import { form, page } from '../../web/route.js';
import { weekStartOf } from './calendar-service.js';
import type { ProgrammeServices } from '../services.js';

const CALENDAR = 'programme/sessions/views/calendar.njk';
const FEED = 'programme/sessions/views/calendar-feed.njk';

/** Feed addresses are 32 random bytes, base64url: anything else is not found before any lookup. */
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const weekOf = (query: Record<string, unknown>) => weekStartOf(typeof query.week === 'string' ? query.week : undefined);

/** A week's calendar page, its title also its heading. */
const calendarPage = (title: string, rest: { basePath: string; week: unknown; own: boolean; backLink?: string }) => ({
  title,
  heading: title,
  ...rest,
});

export function calendarRoutes(app: FastifyInstance, { calendar }: ProgrammeServices, config: Pick<Config, 'publicUrl'>): void {
  page(app, '/calendar', CALENDAR, async ({ actor, query }) => {
    const { week } = await calendar.facilitatorWeek(actor, actor.userId, weekOf(query));
    return calendarPage('My calendar', { basePath: '/calendar', week, own: true });
  });

  page(app, '/calendar/facilitators/:id', CALENDAR, async ({ actor, params, query }) => {
    const { name, week } = await calendar.facilitatorWeek(actor, params.id, weekOf(query));
    return calendarPage(`Calendar: ${name}`, {
      basePath: `/calendar/facilitators/${params.id}`,
      week,
      own: params.id === actor.userId,
    });
  });

  page(app, '/venues/:id/calendar', CALENDAR, async ({ actor, params, query }) => {
    const { name, week } = await calendar.venueWeek(actor, params.id, weekOf(query));
    return calendarPage(`Venue calendar: ${name}`, {
      basePath: `/venues/${params.id}/calendar`,
      week,
      own: false,
      backLink: '/venues',
    });
  });

  const feedPage = async (actor: Actor) => ({
    title: 'Calendar feed',
    status: await calendar.feedStatus(actor),
    backLink: '/calendar',
  });

  page(app, '/calendar/feed', FEED, ({ actor }) => feedPage(actor));

  // The new address is shown on this response only: it is not stored, so it cannot be shown again.
  form(app, {
    url: '/calendar/feed',
    view: FEED,
    context: ({ actor }) => feedPage(actor),
    save: async ({ actor, origin, reply }) => {
      const token = await calendar.createFeedToken(actor, origin);
      return reply.view(FEED, { ...(await feedPage(actor)), feedUrl: `${config.publicUrl}/feeds/calendar/${token}` });
    },
  });

  form(app, {
    url: '/calendar/feed/revoke',
    view: FEED,
    context: ({ actor }) => feedPage(actor),
    save: async ({ actor, origin }) => {
      await calendar.revokeFeedToken(actor, origin);
      return '/calendar/feed';
    },
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
