import type { FastifyInstance } from 'fastify';
import { createdId, endpoint } from '../../api/endpoint.js';
import { ZOneToOneSession, ZPlanOneToOne } from './one-to-one-schemas.js';
import type { ProgrammeServices } from '../services.js';

/**
 * His one-to-one sessions in the JSON API: only on an enrolment on a one-to-one programme that has
 * not ended (409 otherwise); his side's staff only.
 */
export function oneToOneApi(api: FastifyInstance, services: ProgrammeServices): void {
  const { oneToOne } = services;

  endpoint(api, {
    method: 'GET',
    url: '/enrolments/:id/one-to-one-sessions',
    tag: 'sessions',
    summary: 'His one-to-one sessions on an enrolment',
    handler: ({ actor, params }) => oneToOne.view(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/enrolments/:id/one-to-one-sessions/plan',
    tag: 'sessions',
    summary: 'Plan weekly one-to-one sessions from a first date, following the programme’s session templates',
    body: ZPlanOneToOne,
    status: 201,
    handler: async ({ actor, params, body, origin }) => ({ ids: await oneToOne.plan(actor, params.id, body, origin) }),
  });
  endpoint(api, {
    method: 'POST',
    url: '/enrolments/:id/one-to-one-sessions',
    tag: 'sessions',
    summary: 'Add one ad hoc one-to-one session',
    body: ZOneToOneSession,
    status: 201,
    handler: createdId(oneToOne, 'add'),
  });
}
