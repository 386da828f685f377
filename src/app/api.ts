import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { ZNoteInput, ZParticipantInput, ZParticipantUpdate } from '../participants/schemas.js';
import { PARTICIPANT_CURSOR_IDS } from '../participants/service.js';
import { PARTNER_CASE_CURSOR_IDS } from '../partner-support/service.js';
import { REFERRAL_CURSOR_IDS } from '../referrals/service.js';
import { ZPartnerCaseInput, ZPartnerCaseUpdate } from '../partner-support/schemas.js';
import { referralDocumentApiRoutes } from '../referrals/documents-api.js';
import { ZReferralInput, ZTransitionInput } from '../referrals/schemas.js';
import { ZShareInput } from '../sharing/schemas.js';
import { ZKnownPersonSearch, ZMergeRequest } from '../intake/schemas.js';
import { childrenApiRoutes } from '../children/api.js';
import { safetyPlanApiRoutes } from '../safety-planning/api.js';
import { maracApiRoutes } from '../marac/api.js';
import { suitabilityApi } from '../assessment/suitability/api.js';
import { assessmentReportApiRoutes } from '../assessment-reports/api.js';
import { dashApiRoutes } from '../dash/api.js';
import { supportWorkApiRoutes } from '../support-work/api.js';
import { riskAssessmentApiRoutes } from '../assessment/risk-assessment/api.js';
import { ForbiddenError } from '../errors.js';
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
import type { Services } from './services.js';
import { endpoint } from '../api/endpoint.js';
import { pageQuery } from '../api/openapi.js';

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
      const { participants, partnerCases, sharing, knownPeople, recordMerges } = services;

      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

      endpoint(api, {
        method: 'GET',
        url: '/participants',
        tag: 'participants',
        summary: 'List participants',
        querystring: pageQuery,
        handler: ({ actor, request }) => participants.list(actor, cursorForApi(request.query, PARTICIPANT_CURSOR_IDS)),
      });
      endpoint(api, {
        method: 'POST',
        url: '/participants',
        tag: 'participants',
        summary: 'Add a participant and open his case',
        body: ZParticipantInput,
        status: 201,
        handler: async ({ actor, body, origin }) => {
          const id = await participants.create(actor, body, origin);
          return participants.view(actor, id, origin);
        },
      });
      endpoint(api, {
        method: 'GET',
        url: '/participants/:id',
        tag: 'participants',
        summary: 'A participant and his case, as the caller may see it',
        handler: ({ actor, params, origin }) => participants.view(actor, params.id, origin),
      });
      endpoint(api, {
        method: 'PATCH',
        url: '/participants/:id',
        tag: 'participants',
        summary: 'Change a participant or his case',
        body: ZParticipantUpdate,
        handler: async ({ actor, params, body, origin }) => {
          await participants.update(actor, params.id, body, origin);
          return participants.view(actor, params.id, origin);
        },
      });
      endpoint(api, {
        method: 'GET',
        url: '/participants/:id/notes',
        tag: 'participants',
        summary: 'His case notes (perpetrator side and management)',
        handler: ({ actor, params }) => participants.notes(actor, params.id),
      });
      endpoint(api, {
        method: 'POST',
        url: '/participants/:id/notes',
        tag: 'participants',
        summary: 'Add a case note',
        body: ZNoteInput,
        status: 201,
        handler: ({ actor, params, body, origin }) => participants.addNote(actor, params.id, body.body, origin),
      });
      endpoint(api, {
        method: 'GET',
        url: '/participants/:id/shares',
        tag: 'sharing',
        summary: 'Shares made from his case',
        handler: ({ actor, params, origin }) => sharing.list(actor, { kind: 'participant', id: params.id }, origin),
      });
      endpoint(api, {
        method: 'POST',
        url: '/participants/:id/shares',
        tag: 'sharing',
        summary: 'Record a share from his case',
        body: ZShareInput,
        status: 201,
        handler: async ({ actor, params, body, origin }) => ({
          id: await sharing.record(actor, { kind: 'participant', id: params.id }, body, origin),
        }),
      });
      endpoint(api, {
        method: 'GET',
        url: '/participants/:id/partner-cases',
        tag: 'partner-cases',
        summary: 'Partner cases linked to a participant (partner side and management)',
        handler: ({ actor, params, origin }) => {
          if (!can(actor, 'partnerCase.list')) {
            throw new ForbiddenError();
          }
          return partnerCases.listForParticipant(actor, params.id, origin);
        },
      });
      endpoint(api, {
        method: 'POST',
        url: '/participants/:id/partner-cases',
        tag: 'partner-cases',
        summary: 'Add a partner of the participant and open her case',
        body: ZPartnerCaseInput,
        status: 201,
        handler: async ({ actor, params, body, origin }) => {
          const id = await partnerCases.create(actor, params.id, body, origin);
          return (await partnerCases.view(actor, id, origin)).partnerCase;
        },
      });

      endpoint(api, {
        method: 'GET',
        url: '/partner-cases',
        tag: 'partner-cases',
        summary: 'List partner cases',
        querystring: pageQuery,
        handler: ({ actor, origin, request }) =>
          partnerCases.list(actor, cursorForApi(request.query, PARTNER_CASE_CURSOR_IDS), origin),
      });
      endpoint(api, {
        method: 'GET',
        url: '/partner-cases/:id',
        tag: 'partner-cases',
        summary: 'A partner case',
        handler: async ({ actor, params, origin }) => (await partnerCases.view(actor, params.id, origin)).partnerCase,
      });
      endpoint(api, {
        method: 'PATCH',
        url: '/partner-cases/:id',
        tag: 'partner-cases',
        summary: 'Change a partner case',
        body: ZPartnerCaseUpdate,
        handler: async ({ actor, params, body, origin }) => {
          await partnerCases.update(actor, params.id, body, origin);
          return (await partnerCases.view(actor, params.id, origin)).partnerCase;
        },
      });
      endpoint(api, {
        method: 'GET',
        url: '/partner-cases/:id/notes',
        tag: 'partner-cases',
        summary: 'Support notes',
        handler: ({ actor, params, origin }) => partnerCases.notes(actor, params.id, origin),
      });
      endpoint(api, {
        method: 'POST',
        url: '/partner-cases/:id/notes',
        tag: 'partner-cases',
        summary: 'Add a support note',
        body: ZNoteInput,
        status: 201,
        handler: ({ actor, params, body, origin }) => partnerCases.addNote(actor, params.id, body.body, origin),
      });
      endpoint(api, {
        method: 'GET',
        url: '/partner-cases/:id/shares',
        tag: 'sharing',
        summary: 'Shares made from a partner case',
        handler: ({ actor, params, origin }) => sharing.list(actor, { kind: 'partnerCase', id: params.id }, origin),
      });
      endpoint(api, {
        method: 'POST',
        url: '/partner-cases/:id/shares',
        tag: 'sharing',
        summary: 'Record a share from a partner case',
        body: ZShareInput,
        status: 201,
        handler: async ({ actor, params, body, origin }) => ({
          id: await sharing.record(actor, { kind: 'partnerCase', id: params.id }, body, origin),
        }),
      });

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
        summary: 'List referrals, newest first',
        querystring: pageQuery,
        handler: ({ actor, request }) => referrals.list(actor, cursorForApi(request.query, REFERRAL_CURSOR_IDS)),
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
        handler: async ({ actor, params, body, origin }) => {
          await referrals.changeStatus(actor, params.id, body, origin);
          return referrals.view(actor, params.id, origin);
        },
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
