// Programme sessions in the JSON API: a group's sessions planned and added, and a session rescheduled, cancelled, reinstated or covered.
import type { FastifyInstance } from 'fastify';
import { changeThen, createThen, endpoint, type ViewCall } from '../api/endpoint.js';
import type { ProgrammeServices } from './services.js';
import { ZCatchUpInput, ZGenerateInput, ZReasonInput, ZRescheduleInput, ZSessionFacilitatorInput } from './sessions/schemas.js';

/** A group's sessions and the changes to each session, registered with the rest of programme delivery. */
export function programmeSessionsApi(api: FastifyInstance, services: ProgrammeServices): void {
  const { sessions, sessionChanges } = services;
  /** A session, its facilitators and its history: the answer to GET and to every change to it. */
  const session = ({ actor, params, origin }: ViewCall) => sessions.view(actor, params.id, origin);

  endpoint(api, {
    method: 'GET',
    url: '/groups/:id/sessions',
    tag: 'sessions',
    summary: 'A group’s sessions',
    handler: ({ actor, params }) => sessions.listForGroup(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/groups/:id/sessions',
    tag: 'sessions',
    summary: 'Plan the next sessions from the schedule and templates',
    body: ZGenerateInput,
    status: 201,
    handler: async ({ actor, params, body, origin }) => ({ ids: await sessions.generate(actor, params.id, body, origin) }),
  });
  endpoint(api, {
    method: 'POST',
    url: '/groups/:id/catch-up-sessions',
    tag: 'sessions',
    summary: 'Add a catch-up session',
    body: ZCatchUpInput,
    status: 201,
    handler: createThen(sessions, 'addCatchUp', session),
  });

  endpoint(api, {
    method: 'GET',
    url: '/sessions/:id',
    tag: 'sessions',
    summary: 'A session, its facilitators and its history',
    handler: session,
  });
  endpoint(api, {
    method: 'POST',
    url: '/sessions/:id/reschedule',
    tag: 'sessions',
    summary: 'Reschedule a session, with a reason kept in its history',
    body: ZRescheduleInput,
    handler: changeThen(sessionChanges, 'reschedule', session),
  });
  endpoint(api, {
    method: 'POST',
    url: '/sessions/:id/cancel',
    tag: 'sessions',
    summary: 'Cancel a session, with a reason',
    body: ZReasonInput,
    handler: changeThen(sessionChanges, 'cancel', session),
  });
  endpoint(api, {
    method: 'POST',
    url: '/sessions/:id/reinstate',
    tag: 'sessions',
    summary: 'Reinstate a cancelled session, with a reason',
    body: ZReasonInput,
    handler: changeThen(sessionChanges, 'reinstate', session),
  });
  endpoint(api, {
    method: 'POST',
    url: '/sessions/:id/facilitators',
    tag: 'sessions',
    summary: 'Add a cover facilitator to a session',
    body: ZSessionFacilitatorInput,
    handler: changeThen(sessionChanges, 'addFacilitator', session),
  });
}
