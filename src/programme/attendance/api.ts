import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../../api/openapi.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import type { AttendanceReviewService } from './reviews-service.js';
import { ZRegisterInput, ZReviewResolution } from './schemas.js';
import type { AttendanceService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['attendance'], summary, response: errors, ...extra }) as FastifySchema;

/** The register and the reviews of the absence rule, under /api/v1 (registered by src/app/api.ts). */
export function attendanceApi(api: FastifyInstance, attendance: AttendanceService, reviews: AttendanceReviewService): void {
  api.get(
    '/programme/sessions/:id/register',
    {
      schema: doc(
        'A session’s register: every man expected, his outcome and participation notes (perpetrator side and management)',
        { params: idParams },
      ),
    },
    async (request: IdRequest) => attendance.register(requireActor(request), request.params.id),
  );
  api.put(
    '/programme/sessions/:id/register',
    {
      schema: doc(
        'Save a session’s whole register in one go (one entry per man; late needs minutesLate). Marks the session held. Field errors are keyed entries.<n>.<field>, or <field>-<enrolmentId> for rules about the register as a whole',
        { params: idParams, body: jsonSchema(ZRegisterInput) },
      ),
    },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      const saved = await attendance.saveRegister(
        actor,
        request.params.id,
        parseInput(ZRegisterInput, request.body),
        originOf(request),
      );
      return { ...saved, register: await attendance.register(actor, request.params.id) };
    },
  );
  api.get('/programme/reviews', { schema: doc('Open reviews raised by the absence rule') }, async (request) =>
    reviews.openReviews(requireActor(request)),
  );
  api.post(
    '/programme/reviews/:id/resolve',
    {
      schema: doc('Resolve a review with a note of what was decided', { params: idParams, body: jsonSchema(ZReviewResolution) }),
    },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      return reviews.resolve(actor, request.params.id, parseInput(ZReviewResolution, request.body), originOf(request));
    },
  );
}
