import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { calendarRoutes } from './sessions/calendar-routes.js';
import { catalogueItemRoutes } from './catalogue/items-routes.js';
import { catalogueRoutes } from './catalogue/routes.js';
import { enrolmentRoutes } from './groups/enrolments-routes.js';
import { groupRoutes } from './groups/routes.js';
import { oneToOneRoutes } from './sessions/one-to-one-routes.js';
import type { ProgrammeServices } from './services.js';
import { sessionRoutes } from './sessions/routes.js';
import { venueRoutes } from './venues/routes.js';

/** The pages of programme delivery: catalogue, venues, groups, waiting lists, sessions and calendars. */
export function programmeDeliveryRoutes(app: FastifyInstance, services: ProgrammeServices, config: Config): void {
  catalogueRoutes(app, services);
  catalogueItemRoutes(app, services);
  venueRoutes(app, services);
  groupRoutes(app, services);
  enrolmentRoutes(app, services);
  sessionRoutes(app, services);
  oneToOneRoutes(app, services);
  calendarRoutes(app, services, config);
}
