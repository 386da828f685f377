import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
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
import { originOf, parseInput, requireActor } from '../web/http.js';
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
import { errorResponse, idParams, jsonSchema, pageQuery } from '../api/openapi.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (tag: string, summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: [tag], summary, response: errors, ...extra }) as FastifySchema;

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

      api.get(
        '/participants',
        { schema: doc('participants', 'List participants', { querystring: pageQuery }) },
        async (request) => {
          const actor = requireActor(request);
          return participants.list(actor, cursorForApi(request.query, PARTICIPANT_CURSOR_IDS));
        },
      );
      api.post(
        '/participants',
        { schema: doc('participants', 'Add a participant and open his case', { body: jsonSchema(ZParticipantInput) }) },
        async (request, reply) => {
          const actor = requireActor(request);
          const input = parseInput(ZParticipantInput, request.body);
          const id = await participants.create(actor, input, originOf(request));
          return reply.status(201).send(await participants.view(actor, id, originOf(request)));
        },
      );
      api.get(
        '/participants/:id',
        { schema: doc('participants', 'A participant and his case, as the caller may see it', { params: idParams }) },
        async (request: IdRequest) => participants.view(requireActor(request), request.params.id, originOf(request)),
      );
      api.patch(
        '/participants/:id',
        {
          schema: doc('participants', 'Change a participant or his case', {
            params: idParams,
            body: jsonSchema(ZParticipantUpdate),
          }),
        },
        async (request: IdRequest) => {
          const actor = requireActor(request);
          await participants.update(actor, request.params.id, parseInput(ZParticipantUpdate, request.body), originOf(request));
          return participants.view(actor, request.params.id, originOf(request));
        },
      );
      api.get(
        '/participants/:id/notes',
        { schema: doc('participants', 'His case notes (perpetrator side and management)', { params: idParams }) },
        async (request: IdRequest) => participants.notes(requireActor(request), request.params.id),
      );
      api.post(
        '/participants/:id/notes',
        { schema: doc('participants', 'Add a case note', { params: idParams, body: jsonSchema(ZNoteInput) }) },
        async (request: IdRequest, reply) => {
          // Who is asking comes before what they sent: a signed-out caller gets 401, not a 400 about the body.
          const actor = requireActor(request);
          const { body } = parseInput(ZNoteInput, request.body);
          return reply.status(201).send(await participants.addNote(actor, request.params.id, body, originOf(request)));
        },
      );
      api.get(
        '/participants/:id/shares',
        { schema: doc('sharing', 'Shares made from his case', { params: idParams }) },
        async (request: IdRequest) =>
          sharing.list(requireActor(request), { kind: 'participant', id: request.params.id }, originOf(request)),
      );
      api.post(
        '/participants/:id/shares',
        { schema: doc('sharing', 'Record a share from his case', { params: idParams, body: jsonSchema(ZShareInput) }) },
        async (request: IdRequest, reply) => {
          const id = await sharing.record(
            requireActor(request),
            { kind: 'participant', id: request.params.id },
            parseInput(ZShareInput, request.body),
            originOf(request),
          );
          return reply.status(201).send({ id });
        },
      );
      api.get(
        '/participants/:id/partner-cases',
        {
          schema: doc('partner-cases', 'Partner cases linked to a participant (partner side and management)', {
            params: idParams,
          }),
        },
        async (request: IdRequest) => {
          const actor = requireActor(request);
          if (!can(actor, 'partnerCase.list')) {
            throw new ForbiddenError();
          }
          return partnerCases.listForParticipant(actor, request.params.id, originOf(request));
        },
      );
      api.post(
        '/participants/:id/partner-cases',
        {
          schema: doc('partner-cases', 'Add a partner of the participant and open her case', {
            params: idParams,
            body: jsonSchema(ZPartnerCaseInput),
          }),
        },
        async (request: IdRequest, reply) => {
          const actor = requireActor(request);
          const id = await partnerCases.create(
            actor,
            request.params.id,
            parseInput(ZPartnerCaseInput, request.body),
            originOf(request),
          );
          return reply.status(201).send((await partnerCases.view(actor, id, originOf(request))).partnerCase);
        },
      );

      api.get(
        '/partner-cases',
        { schema: doc('partner-cases', 'List partner cases', { querystring: pageQuery }) },
        async (request) => {
          const actor = requireActor(request);
          return partnerCases.list(actor, cursorForApi(request.query, PARTNER_CASE_CURSOR_IDS), originOf(request));
        },
      );
      api.get(
        '/partner-cases/:id',
        { schema: doc('partner-cases', 'A partner case', { params: idParams }) },
        async (request: IdRequest) =>
          (await partnerCases.view(requireActor(request), request.params.id, originOf(request))).partnerCase,
      );
      api.patch(
        '/partner-cases/:id',
        { schema: doc('partner-cases', 'Change a partner case', { params: idParams, body: jsonSchema(ZPartnerCaseUpdate) }) },
        async (request: IdRequest) => {
          const actor = requireActor(request);
          await partnerCases.update(actor, request.params.id, parseInput(ZPartnerCaseUpdate, request.body), originOf(request));
          return (await partnerCases.view(actor, request.params.id, originOf(request))).partnerCase;
        },
      );
      api.get(
        '/partner-cases/:id/notes',
        { schema: doc('partner-cases', 'Support notes', { params: idParams }) },
        async (request: IdRequest) => partnerCases.notes(requireActor(request), request.params.id, originOf(request)),
      );
      api.post(
        '/partner-cases/:id/notes',
        { schema: doc('partner-cases', 'Add a support note', { params: idParams, body: jsonSchema(ZNoteInput) }) },
        async (request: IdRequest, reply) => {
          const actor = requireActor(request);
          const { body } = parseInput(ZNoteInput, request.body);
          return reply.status(201).send(await partnerCases.addNote(actor, request.params.id, body, originOf(request)));
        },
      );
      api.get(
        '/partner-cases/:id/shares',
        { schema: doc('sharing', 'Shares made from a partner case', { params: idParams }) },
        async (request: IdRequest) =>
          sharing.list(requireActor(request), { kind: 'partnerCase', id: request.params.id }, originOf(request)),
      );
      api.post(
        '/partner-cases/:id/shares',
        { schema: doc('sharing', 'Record a share from a partner case', { params: idParams, body: jsonSchema(ZShareInput) }) },
        async (request: IdRequest, reply) => {
          const id = await sharing.record(
            requireActor(request),
            { kind: 'partnerCase', id: request.params.id },
            parseInput(ZShareInput, request.body),
            originOf(request),
          );
          return reply.status(201).send({ id });
        },
      );

      childrenApiRoutes(api, services.children, services.partnerChildren);
      safetyPlanApiRoutes(api, services.safetyPlans);
      maracApiRoutes(api, services.marac, services.maracMeetings);
      assessmentReportApiRoutes(api, services.assessmentReports);
      dashApiRoutes(api, services.dash);
      supportWorkApiRoutes(api, services.supportWork);
      riskAssessmentApiRoutes(api, services.riskAssessments);

      api.post(
        '/intake/known-people',
        {
          schema: doc('intake', 'Known-person check: existing participants, and partners for the partner side and management', {
            body: jsonSchema(ZKnownPersonSearch),
          }),
        },
        async (request) => {
          const actor = requireActor(request);
          return knownPeople.findKnownPeople(actor, parseInput(ZKnownPersonSearch, request.body), originOf(request));
        },
      );
      api.post(
        '/intake/merge/participants',
        {
          schema: doc('intake', 'Merge a duplicate participant record into another (management)', {
            body: jsonSchema(ZMergeRequest),
          }),
        },
        async (request) => {
          const actor = requireActor(request);
          const input = parseInput(ZMergeRequest, request.body);
          await recordMerges.mergeParticipants(actor, input, originOf(request));
          return { kept: input.keep, merged: input.duplicate };
        },
      );
      api.post(
        '/intake/merge/partners',
        {
          schema: doc('intake', 'Merge a duplicate partner record into another of the same participant (management)', {
            body: jsonSchema(ZMergeRequest),
          }),
        },
        async (request) => {
          const actor = requireActor(request);
          const input = parseInput(ZMergeRequest, request.body);
          await recordMerges.mergePartners(actor, input, originOf(request));
          return { kept: input.keep, merged: input.duplicate };
        },
      );

      const { referrals } = services;
      api.get(
        '/referrals',
        { schema: doc('referrals', 'List referrals, newest first', { querystring: pageQuery }) },
        async (request) => {
          const actor = requireActor(request);
          return referrals.list(actor, cursorForApi(request.query, REFERRAL_CURSOR_IDS));
        },
      );
      api.post(
        '/referrals',
        {
          schema: doc('referrals', 'Record a referral (the participant is recorded at once)', {
            body: jsonSchema(ZReferralInput),
          }),
        },
        async (request, reply) => {
          const actor = requireActor(request);
          const id = await referrals.create(actor, parseInput(ZReferralInput, request.body), originOf(request));
          return reply.status(201).send(await referrals.view(actor, id, originOf(request)));
        },
      );
      api.get(
        '/referrals/:id',
        { schema: doc('referrals', 'A referral, its triage history and the changes open to the caller', { params: idParams }) },
        async (request: IdRequest) => referrals.view(requireActor(request), request.params.id, originOf(request)),
      );
      api.post(
        '/referrals/:id/status',
        {
          schema: doc('referrals', 'Move a referral on in triage, with a coded reason', {
            params: idParams,
            body: jsonSchema(ZTransitionInput),
          }),
        },
        async (request: IdRequest) => {
          const actor = requireActor(request);
          await referrals.changeStatus(actor, request.params.id, parseInput(ZTransitionInput, request.body), originOf(request));
          return referrals.view(actor, request.params.id, originOf(request));
        },
      );
      // Its own scope: only these endpoints accept multipart bodies.
      await api.register(referralDocumentApiRoutes, { documents: services.referralDocuments });

      // Programme delivery: the register, disclosures, his journey and progress, her worker's alerts.
      attendanceApi(api, services.attendance, services.attendanceReviews);
      disclosuresApi(api, services.disclosures);
      suitabilityApi(api, services.suitability);
      journeyApi(api, services.journeys, services.programmeProgress);
      alertsApi(api, services.partnerAlerts);
      riskAlertsApi(api, services.riskAlerts);
      // Duties to inform her, and support after his programme.
      partnerDutiesApi(api, services.partnerDuties, services.partnerFollowUp);
      // Her contact attempts with her safe-contact rules, and closing her case as not engaged.
      partnerContactApi(api, services.firstContact, services.partnerContact);
      sealedAddressApi(api, services.sealedAddresses);
      appointmentsApi(api, services.appointments);
      partnerGroupsApi(api, services.partnerGroups);
      // Programme delivery: catalogue, venues, groups, waiting lists, sessions.
      programmeDeliveryApi(api, services.programme);
    },
    { prefix: '/api/v1' },
  );
}
