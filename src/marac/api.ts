import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { endpoint } from '../api/endpoint.js';
import { jsonSchema, pageQuery } from '../api/openapi.js';
import { areaFilter } from './meeting-routes.js';
import { parseReferral } from './routes.js';
import { MEETING_CURSOR_IDS, type MaracMeetingService } from './meetings-service.js';
import { cursorForApi } from '../web/pagination.js';
import { ZActionListQuery, ZMeetingSortQuery, ZOutcomeInput, ZReferralInput } from './schemas.js';
import { DEFAULT_MEETING_SORT } from './meetings-repository.js';
import { DEFAULT_ACTION_SORT, type MaracActionService } from './actions-service.js';
import { orderOf } from './keyset-order.js';
import { ZMaracReferralListQuery, ZMeetingDateQuery } from './referrals-list.js';
import { parseInput } from '../web/http.js';
import type { MaracService } from './service.js';

const areaQuery = {
  type: 'object',
  properties: {
    area: { type: 'string', maxLength: 200 },
    from: { type: 'string', format: 'date', description: 'Meetings on or after' },
    to: { type: 'string', format: 'date', description: 'Meetings on or before' },
    sort: { type: 'string', enum: ['area', 'date'], description: 'area (then date; the default) or date' },
    dir: { type: 'string', enum: ['asc', 'desc'], description: 'asc (the default) or desc' },
    ...pageQuery.properties,
  },
} as const;

/**
 * MARAC referrals and meetings in the JSON API, registered inside /api/v1 (src/app/api.ts).
 * Partner side and management only: 404 to anyone else, as if her case did not exist.
 */
export function maracApiRoutes(
  api: FastifyInstance,
  {
    marac,
    maracMeetings: meetings,
    maracActions: actions,
  }: { marac: MaracService; maracMeetings: MaracMeetingService; maracActions: MaracActionService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/marac-referrals',
    tag: 'marac',
    summary:
      'MARAC referrals across her cases, newest referred first unless sort=referred|reference|name and dir=asc|desc say otherwise: q (her name or case reference), status, risk (the DASH level), worker, scope=mine|team|all, from/to (the meeting date)',
    query: ZMaracReferralListQuery,
    handler: async (call) => {
      const { actor, origin, request } = call;
      // Anyone outside the partner side gets "not found" before the filters or the cursor are read.
      authorizePartnerSide(actor, 'marac.view');
      return marac.search(actor, call.query, origin, cursorForApi(request.query, 1));
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/marac-actions',
    tag: 'marac',
    summary:
      'MARAC actions with a due date not yet done, the earliest due first unless sort=due|reference|agency and dir=asc|desc say otherwise: scope=mine|team|all (her case’s worker; default mine), due=overdue|soon (the next 7 days)',
    query: ZActionListQuery,
    handler: async (call) => {
      const { actor, origin, request } = call;
      // Anyone outside the partner side gets "not found" before the filters or the cursor are read.
      authorizePartnerSide(actor, 'marac.view');
      const query = call.query;
      const filters = { scope: query.scope ?? 'mine', due: query.due ?? null, sort: orderOf(query, DEFAULT_ACTION_SORT) };
      return actions.list(actor, filters, origin, cursorForApi(request.query, 1));
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/marac-referrals',
    tag: 'marac',
    summary: 'Her MARAC referrals, newest first',
    handler: ({ actor, params, origin }) => marac.listForCase(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/marac-referrals',
    tag: 'marac',
    summary:
      'Refer her case to MARAC. Fields left out are pre-filled from her latest DASH (or the one named) and her case; the criteria are worked out by the server (professional judgement needs reasons; no criterion is a 400); without her knowledge or consent a reason is required',
    // Documented from ZReferralInput; read by parseReferral, which reports the rules between answers with any 400.
    schema: { body: jsonSchema(ZReferralInput) },
    status: 201,
    handler: async ({ actor, params, origin, request }) => {
      // "Not found" to anyone outside the partner side, before the body is looked at.
      authorizePartnerSide(actor, 'marac.refer');
      // Her case is checked before the body is answered: another organisation learns nothing from a 400.
      const input = await parsed(
        () => parseReferral(request.body),
        () => marac.checkCase(actor, params.id),
      );
      const id = await marac.refer(actor, params.id, input, origin);
      return apiReferral(await marac.view(actor, id, origin, params.id));
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/marac-referrals/:id',
    tag: 'marac',
    summary: 'A MARAC referral, with her DASH answers joined in and the actions agreed',
    handler: async ({ actor, params, origin }) => apiReferral(await marac.view(actor, params.id, origin)),
  });
  endpoint(api, {
    method: 'POST',
    url: '/marac-referrals/:id/outcome',
    tag: 'marac',
    summary: 'Record the meeting’s outcome: the date it was heard and what was decided',
    body: ZOutcomeInput,
    handler: async (call) => {
      const { actor, params, origin } = call;
      authorizePartnerSide(actor, 'marac.recordOutcome');
      const input = await parsed(
        () => call.body,
        () => marac.checkReferral(actor, params.id),
      );
      await marac.recordOutcome(actor, params.id, input, origin);
      return apiReferral(await marac.view(actor, params.id, origin));
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/marac-meetings',
    tag: 'marac',
    summary:
      'MARAC meetings by area and date (or sort=date, dir=asc|desc), optionally for one area and between dates, a page at a time (next and previous cursors)',
    querystring: areaQuery,
    handler: async ({ actor, origin, request }) => {
      // Anyone outside the partner side gets "not found" before the cursor is even read.
      authorizePartnerSide(actor, 'marac.view');
      const cursor = cursorForApi(request.query, MEETING_CURSOR_IDS);
      const dated = parseInput(ZMeetingDateQuery, { from: queryText(request.query, 'from'), to: queryText(request.query, 'to') });
      const dates = { from: dated.from ?? null, to: dated.to ?? null };
      const sorted = parseInput(ZMeetingSortQuery, {
        sort: queryText(request.query, 'sort'),
        dir: queryText(request.query, 'dir'),
      });
      const sort = orderOf(sorted, DEFAULT_MEETING_SORT);
      const page = await meetings.list(actor, areaFilter(request.query), origin, cursor, undefined, dates, sort);
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
  });
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

/** One text parameter of a query string (a repeated one is left for the schema to refuse). */
function queryText(query: unknown, name: string): unknown {
  return (query as Record<string, unknown> | undefined)?.[name];
}
