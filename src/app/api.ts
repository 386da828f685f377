// The JSON API under /api/v1 and its OpenAPI description: each capability's endpoints registered in one scope.
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { readReferralParams, referralQuerySchema } from '../referrals/search.js';
import { referralDocumentApiRoutes } from '../referrals/documents-api.js';
import { ZReferralInput, ZTransitionInput } from '../referrals/schemas.js';
import { ZKnownPersonSearch, ZMergeRequest } from '../intake/schemas.js';
import { childrenApiRoutes } from '../children/api.js';
import { safetyPlanApiRoutes } from '../safety-planning/api.js';
import { maracApiRoutes } from '../marac/api.js';
import { suitabilityApi } from '../assessment/suitability/api.js';
import { assessmentReportApiRoutes } from '../assessment-reports/api.js';
import { dashApiRoutes } from '../dash/api.js';
import { supportWorkApiRoutes } from '../support-work/api.js';
import { riskAssessmentApiRoutes } from '../assessment/risk-assessment/api.js';
import { cursorForApi } from '../web/pagination.js';
import { alertsApi } from '../programme/journey/alerts-api.js';
import { riskAlertsApi } from '../risk/api.js';
import { partnerDutiesApi } from '../partner-duties/api.js';
import { partnerContactApi } from '../first-contact/api.js';
import { sealedAddressApi } from '../partner-support/sealed-address-routes.js';
import { appointmentsApi } from '../appointments/api.js';
import { partnerGroupsApi } from '../partner-groups/api.js';
import { attendanceApi } from '../programme/attendance/api.js';
import { disclosuresApi } from '../programme/journey/disclosures-api.js';
import { journeyApi } from '../programme/journey/api.js';
import { programmeDeliveryApi } from '../programme/delivery-api.js';
import { caseApiRoutes } from './case-api.js';
import type { Services } from './services.js';
import { changeThen, endpoint } from '../api/endpoint.js';
import { authorize } from '../access/index.js';

/** Registers the OpenAPI collector; must run before any API route is added. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Parallel API',
        version: '1',
        description:
          'Case records either side of the confidentiality wall. Authorised exactly as the pages are: partner-side records answer 404 to anyone outside the partner support service and management. Authenticate with the session cookie from /sign-in; send request bodies as application/json, except document uploads, which are multipart/form-data with the CSRF token of any page (a _csrf field or the X-CSRF-Token header). A POST may carry an Idempotency-Key header (1 to 255 visible ASCII characters, new for each new request): sent again with the same key and body within 24 hours, it answers as the first did (marked Idempotent-Replayed: true) and saves nothing twice; the same key with another body answers 422, and while the first is still running 409. Request bodies must be UTF-8.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'parallel_session' } } },
      security: [{ session: [] }],
    },
    hideUntagged: true,
  });
}

/**
 * The JSON API under /api/v1: the same services, schemas and policy as the pages, so a record is
 * authorised identically whichever way it is asked for. Schemas here document; zod validates.
 */
export async function apiRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(
    async (api) => {
      // Validation is zod's (one source of truth); the JSON schemas only describe the API.
      api.setValidatorCompiler(() => () => true);
      const { knownPeople, recordMerges } = services;

      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

      caseApiRoutes(api, services);

      childrenApiRoutes(api, services);
      safetyPlanApiRoutes(api, services);
      maracApiRoutes(api, services);
      assessmentReportApiRoutes(api, services);
      dashApiRoutes(api, services);
      supportWorkApiRoutes(api, services);
      riskAssessmentApiRoutes(api, services);

      endpoint(api, {
        method: 'POST',
        url: '/intake/known-people',
        tag: 'intake',
        summary: 'Known-person check: existing participants, and partners for the partner side and management',
        body: ZKnownPersonSearch,
        handler: ({ actor, body, origin }) => knownPeople.findKnownPeople(actor, body, origin),
      });
      endpoint(api, {
        method: 'POST',
        url: '/intake/merge/participants',
        tag: 'intake',
        summary: 'Merge a duplicate participant record into another (management)',
        body: ZMergeRequest,
        handler: async ({ actor, body, origin }) => {
          await recordMerges.mergeParticipants(actor, body, origin);
          return { kept: body.keep, merged: body.duplicate };
        },
      });
      endpoint(api, {
        method: 'POST',
        url: '/intake/merge/partners',
        tag: 'intake',
        summary: 'Merge a duplicate partner record into another of the same participant (management)',
        body: ZMergeRequest,
        handler: async ({ actor, body, origin }) => {
          await recordMerges.mergePartners(actor, body, origin);
          return { kept: body.keep, merged: body.duplicate };
        },
      });

      const { referrals } = services;
      endpoint(api, {
        method: 'GET',
        url: '/referrals',
        tag: 'referrals',
        summary: 'List referrals, newest first: search by his name, reference or date of birth, filter and sort',
        querystring: referralQuerySchema(),
        // Who may list is checked before the parameters are read: the answer never depends on them for a refused caller.
        handler: async ({ actor, request }) => {
          authorize(actor, 'referral.list');
          const params = readReferralParams(request.query);
          const { filters, ...page } = await referrals.search(actor, {
            params,
            cursorOf: (idCount) => cursorForApi(request.query, idCount),
            staleCursor: 'refuse',
          });
          return { ...page, scope: filters.scope, sort: filters.sort, dir: filters.dir };
        },
      });
      endpoint(api, {
        method: 'POST',
        url: '/referrals',
        tag: 'referrals',
        summary: 'Record a referral (the participant is recorded at once)',
        body: ZReferralInput,
        status: 201,
        handler: async ({ actor, body, origin }) => {
          const id = await referrals.create(actor, body, origin);
          return referrals.view(actor, id, origin);
        },
      });
      endpoint(api, {
        method: 'GET',
        url: '/referrals/:id',
        tag: 'referrals',
        summary: 'A referral, its triage history and the changes open to the caller',
        handler: ({ actor, params, origin }) => referrals.view(actor, params.id, origin),
      });
      endpoint(api, {
        method: 'POST',
        url: '/referrals/:id/status',
        tag: 'referrals',
        summary: 'Move a referral on in triage, with a coded reason',
        body: ZTransitionInput,
        handler: changeThen(referrals, 'changeStatus', ({ actor, params, origin }) => referrals.view(actor, params.id, origin)),
      });
      // Its own scope: only these endpoints accept multipart bodies.
      await api.register(referralDocumentApiRoutes, { documents: services.referralDocuments });

      // Programme delivery: the register, disclosures, his journey and progress, her worker's alerts.
      attendanceApi(api, services);
      disclosuresApi(api, services);
      suitabilityApi(api, services);
      journeyApi(api, services);
      alertsApi(api, services);
      riskAlertsApi(api, services);
      // Duties to inform her, and support after his programme.
      partnerDutiesApi(api, services);
      // Her contact attempts with her safe-contact rules, and closing her case as not engaged.
      partnerContactApi(api, services);
      sealedAddressApi(api, services);
      appointmentsApi(api, services);
      partnerGroupsApi(api, services);
      // Programme delivery: catalogue, venues, groups, waiting lists, sessions.
      programmeDeliveryApi(api, services.programme);
    },
    { prefix: '/api/v1' },
  );
}
