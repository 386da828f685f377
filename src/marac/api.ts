import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { errorResponse, jsonSchema, pageQuery } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { areaFilter } from './meeting-routes.js';
import { parseReferral } from './routes.js';
import { MEETING_CURSOR_IDS, type MaracMeetingService } from './meetings-service.js';
import { cursorForApi } from '../web/pagination.js';
import { ZOutcomeInput, ZReferralInput } from './schemas.js';
import type { MaracService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['marac'], summary, response: errors, ...extra }) as FastifySchema;

const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const areaQuery = {
  type: 'object',
  properties: { area: { type: 'string', maxLength: 200 }, ...pageQuery.properties },
} as const;

/**
 * MARAC referrals and meetings in the JSON API, registered inside /api/v1 (src/app/api.ts).
 * Partner side and management only: 404 to anyone else, as if her case did not exist.
 */
export function maracApiRoutes(api: FastifyInstance, marac: MaracService, meetings: MaracMeetingService): void {
  api.get(
    '/partner-cases/:id/marac-referrals',
    { schema: doc('Her MARAC referrals, newest first', { params: idParams }) },
    async (request: IdRequest) => marac.listForCase(requireActor(request), request.params.id, originOf(request)),
  );
  api.post(
    '/partner-cases/:id/marac-referrals',
    {
      schema: doc(
        'Refer her case to MARAC. Fields left out are pre-filled from her latest DASH (or the one named) and her case; the criteria are worked out by the server (professional judgement needs reasons; no criterion is a 400); without her knowledge or consent a reason is required',
        { params: idParams, body: jsonSchema(ZReferralInput) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      // "Not found" to anyone outside the partner side, before the body is looked at.
      authorizePartnerSide(actor, 'marac.refer');
      // Her case is checked before the body is answered: another organisation learns nothing from a 400.
      const input = await parsed(
        () => parseReferral(request.body),
        () => marac.checkCase(actor, request.params.id),
      );
      const id = await marac.refer(actor, request.params.id, input, originOf(request));
      return reply.status(201).send(await marac.view(actor, id, originOf(request), request.params.id).then(apiReferral));
    },
  );
  api.get(
    '/marac-referrals/:id',
    { schema: doc('A MARAC referral, with her DASH answers joined in and the actions agreed', { params: idParams }) },
    async (request: IdRequest) => apiReferral(await marac.view(requireActor(request), request.params.id, originOf(request))),
  );
  api.post(
    '/marac-referrals/:id/outcome',
    {
      schema: doc('Record the meeting’s outcome: the date it was heard and what was decided', {
        params: idParams,
        body: jsonSchema(ZOutcomeInput),
      }),
    },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      authorizePartnerSide(actor, 'marac.recordOutcome');
      const input = await parsed(
        () => parseInput(ZOutcomeInput, request.body),
        () => marac.checkReferral(actor, request.params.id),
      );
      await marac.recordOutcome(actor, request.params.id, input, originOf(request));
      return apiReferral(await marac.view(actor, request.params.id, originOf(request)));
    },
  );
  api.get(
    '/marac-meetings',
    {
      schema: doc('MARAC meetings by area and date, optionally for one area, a page at a time (next and previous cursors)', {
        querystring: areaQuery,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      // Anyone outside the partner side gets "not found" before the cursor is even read.
      authorizePartnerSide(actor, 'marac.view');
      const cursor = cursorForApi(request.query, MEETING_CURSOR_IDS);
      const page = await meetings.list(actor, areaFilter(request.query), originOf(request), cursor);
      return {
        meetings: page.meetings,
        areas: page.areas,
        pageSize: page.pageSize,
        total: page.total,
        totalIsCapped: page.totalIsCapped,
        next: page.next,
        previous: page.previous,
      };
    },
  );
}

/** Parses a body; when it is invalid, first runs `check` (which answers "not found" to anyone who may not see the record). */
async function parsed<T>(parse: () => T, check: () => Promise<void>): Promise<T> {
  try {
    return parse();
  } catch (error) {
    await check();
    throw error;
  }
}

/** The referral as the API sends it: her case, the referral, her DASH with its answers, the actions. */
function apiReferral(page: Awaited<ReturnType<MaracService['view']>>) {
  return { ...page.referral, partnerCase: page.partnerCase, dash: page.dash, actions: page.actions };
}
