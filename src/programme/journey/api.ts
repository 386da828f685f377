import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../../api/openapi.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { ZJourneyChange } from './schemas.js';
import type { JourneyService } from './service.js';
import type { ProgressService } from './progress-service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (tag: string, summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: [tag], summary, response: errors, ...extra }) as FastifySchema;

/** His journey on a programme and his progress, under /api/v1 (registered by src/app/api.ts). */
export function journeyApi(api: FastifyInstance, journeys: JourneyService, progress: ProgressService): void {
  api.get(
    '/programme/enrolments/:id/journey',
    {
      schema: doc('journey', 'An enrolment: status, history, progress and the changes open to the caller', { params: idParams }),
    },
    async (request: IdRequest) => journeys.view(requireActor(request), request.params.id),
  );
  api.post(
    '/programme/enrolments/:id/journey',
    {
      schema: doc('journey', 'Change his status on the programme, with a coded reason (409 when the change is not allowed now)', {
        params: idParams,
        body: jsonSchema(ZJourneyChange),
      }),
    },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await journeys.change(actor, request.params.id, parseInput(ZJourneyChange, request.body), originOf(request));
      return journeys.view(actor, request.params.id);
    },
  );
  api.get(
    '/programme/enrolments/:id/summary',
    { schema: doc('journey', 'The end-of-programme summary (409 until he completes or leaves)', { params: idParams }) },
    async (request: IdRequest) => journeys.summary(requireActor(request), request.params.id),
  );
  api.get(
    '/programme/enrolments/:id/progress',
    {
      schema: doc('progress', 'Sessions attended and hours against the completion rule, with what is still missing', {
        params: idParams,
      }),
    },
    async (request: IdRequest) => progress.enrolmentProgress(requireActor(request), request.params.id),
  );
  api.get(
    '/participants/:id/attendance',
    {
      schema: doc(
        'progress',
        'His attendance and status as both case sides may see them, with the basic sentences the partner may be told',
        {
          params: idParams,
        },
      ),
    },
    async (request: IdRequest) => progress.summary(requireActor(request), request.params.id),
  );
}
