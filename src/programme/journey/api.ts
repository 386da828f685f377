import type { FastifyInstance } from 'fastify';
import { changeThen, endpoint } from '../../api/endpoint.js';
import { ZJourneyChange } from './schemas.js';
import type { JourneyService } from './service.js';
import type { ProgressService } from './progress-service.js';

/** His journey on a programme and his progress, under /api/v1 (registered by src/app/api.ts). */
export function journeyApi(
  api: FastifyInstance,
  { journeys, programmeProgress: progress }: { journeys: JourneyService; programmeProgress: ProgressService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/programme/enrolments/:id/journey',
    tag: 'journey',
    summary: 'An enrolment: status, history, progress and the changes open to the caller',
    handler: ({ actor, params }) => journeys.view(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/programme/enrolments/:id/journey',
    tag: 'journey',
    summary: 'Change his status on the programme, with a coded reason (409 when the change is not allowed now)',
    body: ZJourneyChange,
    handler: changeThen(journeys, 'change', ({ actor, params }) => journeys.view(actor, params.id)),
  });
  endpoint(api, {
    method: 'GET',
    url: '/programme/enrolments/:id/summary',
    tag: 'journey',
    summary: 'The end-of-programme summary (409 until he completes or leaves)',
    handler: ({ actor, params }) => journeys.summary(actor, params.id),
  });
  endpoint(api, {
    method: 'GET',
    url: '/programme/enrolments/:id/progress',
    tag: 'progress',
    summary: 'Sessions attended and hours against the completion rule, with what is still missing',
    handler: ({ actor, params }) => progress.enrolmentProgress(actor, params.id),
  });
  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/attendance',
    tag: 'progress',
    summary: 'His attendance and status as both case sides may see them, with the basic sentences the partner may be told',
    handler: ({ actor, params }) => progress.summary(actor, params.id),
  });
}
