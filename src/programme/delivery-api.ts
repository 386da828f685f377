import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema, pageQuery } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { cursorForApi } from '../web/pagination.js';
import { ZModuleInput, ZProgrammeInput, ZProgrammeUpdate, ZTemplateInput } from './catalogue/schemas.js';
import { ZNonAssociationInput, ZPlacementInput, ZWaitingListInput } from './groups/enrolments-schemas.js';
import { ZFacilitatorInput, ZGroupInput, ZGroupUpdate } from './groups/schemas.js';
import { GROUP_CURSOR_IDS } from './groups/service.js';
import { oneToOneApi } from './sessions/one-to-one-api.js';
import type { ProgrammeServices } from './services.js';
import { ZCatchUpInput, ZGenerateInput, ZReasonInput, ZRescheduleInput, ZSessionFacilitatorInput } from './sessions/schemas.js';
import { ZVenueInput } from './venues/schemas.js';
import { authorizeSideView, visibleSides } from './sides.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (tag: string, summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: [tag], summary, response: errors, ...extra }) as FastifySchema;
const withId = (tag: string, summary: string, body?: Parameters<typeof jsonSchema>[0]) =>
  doc(tag, summary, body ? { params: idParams, body: jsonSchema(body) } : { params: idParams });

/**
 * Programme delivery in the JSON API: the same services, schemas and policy as the pages. A
 * partner support group's programme, groups and sessions answer 404 to his side; placing a man
 * in a full group or beside a man he must not meet answers 409 with the reason.
 */
export function programmeDeliveryApi(api: FastifyInstance, services: ProgrammeServices): void {
  const { catalogue, catalogueItems, venues, groups, enrolments, nonAssociations, sessions, sessionChanges } = services;

  api.get('/programmes', { schema: doc('programmes', 'The programme catalogue the caller may see') }, async (request) =>
    catalogue.list(requireActor(request)),
  );
  api.post(
    '/programmes',
    { schema: doc('programmes', 'Add a programme (management)', { body: jsonSchema(ZProgrammeInput) }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await catalogue.create(actor, parseInput(ZProgrammeInput, request.body), originOf(request));
      return reply.status(201).send(await catalogue.view(actor, id));
    },
  );
  api.get(
    '/programmes/:id',
    { schema: withId('programmes', 'A programme with its modules and session templates') },
    async (request: IdRequest) => catalogue.view(requireActor(request), request.params.id),
  );
  api.patch(
    '/programmes/:id',
    { schema: withId('programmes', 'Change a programme and its rules (management; send every field)', ZProgrammeUpdate) },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await catalogue.update(actor, request.params.id, parseInput(ZProgrammeUpdate, request.body), originOf(request));
      return catalogue.view(actor, request.params.id);
    },
  );
  api.post(
    '/programmes/:id/modules',
    { schema: withId('programmes', 'Add a module (management)', ZModuleInput) },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const id = await catalogueItems.addModule(
        actor,
        request.params.id,
        parseInput(ZModuleInput, request.body),
        originOf(request),
      );
      return reply.status(201).send({ id });
    },
  );
  api.post(
    '/programmes/:id/templates',
    { schema: withId('programmes', 'Add a session template (management)', ZTemplateInput) },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const id = await catalogueItems.addTemplate(
        actor,
        request.params.id,
        parseInput(ZTemplateInput, request.body),
        originOf(request),
      );
      return reply.status(201).send({ id });
    },
  );
  api.patch(
    '/session-templates/:id',
    { schema: withId('programmes', 'Change a session template (management; send every field)', ZTemplateInput) },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await catalogueItems.updateTemplate(actor, request.params.id, parseInput(ZTemplateInput, request.body), originOf(request));
      return (await catalogueItems.template(actor, request.params.id)).template;
    },
  );
  api.patch(
    '/programme-modules/:id',
    { schema: withId('programmes', 'Change a module (management; send every field)', ZModuleInput) },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await catalogueItems.updateModule(actor, request.params.id, parseInput(ZModuleInput, request.body), originOf(request));
      return (await catalogueItems.module(actor, request.params.id)).module;
    },
  );
  api.get(
    '/programmes/:id/waiting-list',
    { schema: withId('enrolments', 'The waiting list, longest ready first, with interpreter needs') },
    async (request: IdRequest) => enrolments.waitingList(requireActor(request), request.params.id),
  );

  api.get('/venues', { schema: doc('venues', 'Venues') }, async (request) => venues.list(requireActor(request)));
  api.post(
    '/venues',
    { schema: doc('venues', 'Add a venue (management, administrators)', { body: jsonSchema(ZVenueInput) }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await venues.create(actor, parseInput(ZVenueInput, request.body), originOf(request));
      return reply.status(201).send(await venues.view(actor, id));
    },
  );

  api.get(
    '/groups',
    {
      schema: doc('groups', 'Groups the caller may see, running and planned first, newest start first, a page at a time', {
        querystring: pageQuery,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      // Staff of neither side are refused before the cursor is even read.
      if (visibleSides(actor).length === 0) {
        authorizeSideView(actor, { organisationId: actor.organisationId, side: 'perpetrator' });
      }
      return groups.page(actor, cursorForApi(request.query, GROUP_CURSOR_IDS));
    },
  );
  api.post(
    '/groups',
    { schema: doc('groups', 'Create a group of a programme', { body: jsonSchema(ZGroupInput) }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await groups.create(actor, parseInput(ZGroupInput, request.body), originOf(request));
      return reply.status(201).send(await groups.view(actor, id, originOf(request)));
    },
  );
  api.get('/groups/:id', { schema: withId('groups', 'A group with its facilitators') }, async (request: IdRequest) =>
    groups.view(requireActor(request), request.params.id, originOf(request)),
  );
  api.patch(
    '/groups/:id',
    { schema: withId('groups', 'Change a group (send every field)', ZGroupUpdate) },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await groups.update(actor, request.params.id, parseInput(ZGroupUpdate, request.body), originOf(request));
      return groups.view(actor, request.params.id, originOf(request));
    },
  );
  api.post(
    '/groups/:id/facilitators',
    { schema: withId('groups', 'Add a regular or cover facilitator', ZFacilitatorInput) },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await groups.addFacilitator(actor, request.params.id, parseInput(ZFacilitatorInput, request.body), originOf(request));
      return groups.view(actor, request.params.id, originOf(request));
    },
  );
  api.get(
    '/groups/:id/members',
    { schema: withId('enrolments', 'The men in a group, and those waiting to be placed') },
    async (request: IdRequest) => enrolments.groupMembers(requireActor(request), request.params.id),
  );
  api.post(
    '/groups/:id/members',
    {
      schema: withId(
        'enrolments',
        'Place a man from the waiting list in the group: 409 when it is full, closed, or he has a non-association with a member',
        ZPlacementInput,
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      await enrolments.placeInGroup(actor, request.params.id, parseInput(ZPlacementInput, request.body), originOf(request));
      return reply.status(201).send(await enrolments.groupMembers(actor, request.params.id));
    },
  );
  api.get('/groups/:id/sessions', { schema: withId('sessions', 'A group’s sessions') }, async (request: IdRequest) =>
    sessions.listForGroup(requireActor(request), request.params.id),
  );
  api.post(
    '/groups/:id/sessions',
    { schema: withId('sessions', 'Plan the next sessions from the schedule and templates', ZGenerateInput) },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const ids = await sessions.generate(actor, request.params.id, parseInput(ZGenerateInput, request.body), originOf(request));
      return reply.status(201).send({ ids });
    },
  );
  api.post(
    '/groups/:id/catch-up-sessions',
    { schema: withId('sessions', 'Add a catch-up session', ZCatchUpInput) },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const id = await sessions.addCatchUp(actor, request.params.id, parseInput(ZCatchUpInput, request.body), originOf(request));
      return reply.status(201).send(await sessions.view(actor, id, originOf(request)));
    },
  );

  api.get(
    '/sessions/:id',
    { schema: withId('sessions', 'A session, its facilitators and its history') },
    async (request: IdRequest) => sessions.view(requireActor(request), request.params.id, originOf(request)),
  );
  const change = (
    path: string,
    summary: string,
    schema: typeof ZRescheduleInput | typeof ZReasonInput,
    run: 'reschedule' | 'cancel' | 'reinstate',
  ) =>
    api.post(path, { schema: withId('sessions', summary, schema) }, async (request: IdRequest) => {
      const actor = requireActor(request);
      if (run === 'reschedule') {
        await sessionChanges.reschedule(actor, request.params.id, parseInput(ZRescheduleInput, request.body), originOf(request));
      } else {
        await sessionChanges[run](actor, request.params.id, parseInput(ZReasonInput, request.body), originOf(request));
      }
      return sessions.view(actor, request.params.id, originOf(request));
    });
  change('/sessions/:id/reschedule', 'Reschedule a session, with a reason kept in its history', ZRescheduleInput, 'reschedule');
  change('/sessions/:id/cancel', 'Cancel a session, with a reason', ZReasonInput, 'cancel');
  change('/sessions/:id/reinstate', 'Reinstate a cancelled session, with a reason', ZReasonInput, 'reinstate');
  api.post(
    '/sessions/:id/facilitators',
    { schema: withId('sessions', 'Add a cover facilitator to a session', ZSessionFacilitatorInput) },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await sessionChanges.addFacilitator(
        actor,
        request.params.id,
        parseInput(ZSessionFacilitatorInput, request.body),
        originOf(request),
      );
      return sessions.view(actor, request.params.id, originOf(request));
    },
  );

  api.get(
    '/participants/:id/programme',
    { schema: withId('enrolments', 'His programmes, waiting lists and non-associations (his side and management)') },
    async (request: IdRequest) => enrolments.participantProgramme(requireActor(request), request.params.id),
  );
  api.post(
    '/participants/:id/enrolments',
    { schema: withId('enrolments', 'Put him on a programme’s waiting list', ZWaitingListInput) },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const id = await enrolments.addToWaitingList(
        actor,
        request.params.id,
        parseInput(ZWaitingListInput, request.body),
        originOf(request),
      );
      return reply.status(201).send({ id });
    },
  );
  api.post(
    '/participants/:id/non-associations',
    {
      schema: withId('enrolments', 'Record a non-association with another participant (by his reference)', ZNonAssociationInput),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const id = await nonAssociations.record(
        actor,
        request.params.id,
        parseInput(ZNonAssociationInput, request.body),
        originOf(request),
      );
      return reply.status(201).send({ id });
    },
  );
  api.post('/non-associations/:id/end', { schema: withId('enrolments', 'End a non-association') }, async (request: IdRequest) =>
    nonAssociations.end(requireActor(request), request.params.id, originOf(request)),
  );

  oneToOneApi(api, services);
}
