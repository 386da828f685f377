// Programme delivery in the JSON API: the catalogue, venues, groups and their members, and his enrolments.
import type { FastifyInstance } from 'fastify';
import { changeThen, createdId, endpoint } from '../api/endpoint.js';
import { pageQuery } from '../api/openapi.js';
import { cursorForApi } from '../web/pagination.js';
import { ZModuleInput, ZProgrammeInput, ZProgrammeUpdate, ZTemplateInput } from './catalogue/schemas.js';
import { ZNonAssociationInput, ZPlacementInput, ZWaitingListInput } from './groups/enrolments-schemas.js';
import { ZFacilitatorInput, ZGroupInput, ZGroupUpdate } from './groups/schemas.js';
import { GROUP_CURSOR_IDS } from './groups/service.js';
import { oneToOneApi } from './sessions/one-to-one-api.js';
import type { ProgrammeServices } from './services.js';
import { programmeSessionsApi } from './delivery-sessions-api.js';
import { ZVenueInput } from './venues/schemas.js';
import { authorizeSideView, visibleSides } from './sides.js';

/**
 * Programme delivery in the JSON API: the same services, schemas and policy as the pages. A
 * partner support group's programme, groups and sessions answer 404 to his side; placing a man
 * in a full group or beside a man he must not meet answers 409 with the reason.
 */
export function programmeDeliveryApi(api: FastifyInstance, services: ProgrammeServices): void {
  const { catalogue, catalogueItems, venues, groups, enrolments, nonAssociations } = services;

  endpoint(api, {
    method: 'GET',
    url: '/programmes',
    tag: 'programmes',
    summary: 'The programme catalogue the caller may see',
    handler: ({ actor }) => catalogue.list(actor),
  });
  endpoint(api, {
    method: 'POST',
    url: '/programmes',
    tag: 'programmes',
    summary: 'Add a programme (management)',
    body: ZProgrammeInput,
    status: 201,
    handler: async ({ actor, body, origin }) => catalogue.view(actor, await catalogue.create(actor, body, origin)),
  });
  endpoint(api, {
    method: 'GET',
    url: '/programmes/:id',
    tag: 'programmes',
    summary: 'A programme with its modules and session templates',
    handler: ({ actor, params }) => catalogue.view(actor, params.id),
  });
  endpoint(api, {
    method: 'PATCH',
    url: '/programmes/:id',
    tag: 'programmes',
    summary: 'Change a programme and its rules (management; send every field)',
    body: ZProgrammeUpdate,
    handler: changeThen(catalogue, 'update', ({ actor, params }) => catalogue.view(actor, params.id)),
  });
  endpoint(api, {
    method: 'POST',
    url: '/programmes/:id/modules',
    tag: 'programmes',
    summary: 'Add a module (management)',
    body: ZModuleInput,
    status: 201,
    handler: createdId(catalogueItems, 'addModule'),
  });
  endpoint(api, {
    method: 'POST',
    url: '/programmes/:id/templates',
    tag: 'programmes',
    summary: 'Add a session template (management)',
    body: ZTemplateInput,
    status: 201,
    handler: createdId(catalogueItems, 'addTemplate'),
  });
  endpoint(api, {
    method: 'PATCH',
    url: '/session-templates/:id',
    tag: 'programmes',
    summary: 'Change a session template (management; send every field)',
    body: ZTemplateInput,
    handler: changeThen(
      catalogueItems,
      'updateTemplate',
      async ({ actor, params }) => (await catalogueItems.template(actor, params.id)).template,
    ),
  });
  endpoint(api, {
    method: 'PATCH',
    url: '/programme-modules/:id',
    tag: 'programmes',
    summary: 'Change a module (management; send every field)',
    body: ZModuleInput,
    handler: changeThen(
      catalogueItems,
      'updateModule',
      async ({ actor, params }) => (await catalogueItems.module(actor, params.id)).module,
    ),
  });
  endpoint(api, {
    method: 'GET',
    url: '/programmes/:id/waiting-list',
    tag: 'enrolments',
    summary: 'The waiting list, longest ready first, with interpreter needs',
    handler: ({ actor, params }) => enrolments.waitingList(actor, params.id),
  });

  endpoint(api, {
    method: 'GET',
    url: '/venues',
    tag: 'venues',
    summary: 'Venues',
    handler: ({ actor }) => venues.list(actor),
  });
  endpoint(api, {
    method: 'POST',
    url: '/venues',
    tag: 'venues',
    summary: 'Add a venue (management, administrators)',
    body: ZVenueInput,
    status: 201,
    handler: async ({ actor, body, origin }) => venues.view(actor, await venues.create(actor, body, origin)),
  });

  endpoint(api, {
    method: 'GET',
    url: '/groups',
    tag: 'groups',
    summary: 'Groups the caller may see, running and planned first, newest start first, a page at a time',
    querystring: pageQuery,
    handler: ({ actor, request }) => {
      // Staff of neither side are refused before the cursor is even read.
      if (visibleSides(actor).length === 0) {
        authorizeSideView(actor, { organisationId: actor.organisationId, side: 'perpetrator' });
      }
      return groups.page(actor, cursorForApi(request.query, GROUP_CURSOR_IDS));
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/groups',
    tag: 'groups',
    summary: 'Create a group of a programme',
    body: ZGroupInput,
    status: 201,
    handler: async ({ actor, body, origin }) => groups.view(actor, await groups.create(actor, body, origin), origin),
  });
  endpoint(api, {
    method: 'GET',
    url: '/groups/:id',
    tag: 'groups',
    summary: 'A group with its facilitators',
    handler: ({ actor, params, origin }) => groups.view(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'PATCH',
    url: '/groups/:id',
    tag: 'groups',
    summary: 'Change a group (send every field)',
    body: ZGroupUpdate,
    handler: changeThen(groups, 'update', ({ actor, params, origin }) => groups.view(actor, params.id, origin)),
  });
  endpoint(api, {
    method: 'POST',
    url: '/groups/:id/facilitators',
    tag: 'groups',
    summary: 'Add a regular or cover facilitator',
    body: ZFacilitatorInput,
    handler: changeThen(groups, 'addFacilitator', ({ actor, params, origin }) => groups.view(actor, params.id, origin)),
  });
  endpoint(api, {
    method: 'GET',
    url: '/groups/:id/members',
    tag: 'enrolments',
    summary: 'The men in a group, and those waiting to be placed',
    handler: ({ actor, params }) => enrolments.groupMembers(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/groups/:id/members',
    tag: 'enrolments',
    summary:
      'Place a man from the waiting list in the group: 409 when it is full, closed, or he has a non-association with a member',
    body: ZPlacementInput,
    status: 201,
    handler: async ({ actor, params, body, origin }) => {
      await enrolments.placeInGroup(actor, params.id, body, origin);
      return enrolments.groupMembers(actor, params.id);
    },
  });
  programmeSessionsApi(api, services);

  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/programme',
    tag: 'enrolments',
    summary: 'His programmes, waiting lists and non-associations (his side and management)',
    handler: ({ actor, params }) => enrolments.participantProgramme(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/participants/:id/enrolments',
    tag: 'enrolments',
    summary: 'Put him on a programme’s waiting list',
    body: ZWaitingListInput,
    status: 201,
    handler: async ({ actor, params, body, origin }) => ({
      id: await enrolments.addToWaitingList(actor, params.id, body, origin),
    }),
  });
  endpoint(api, {
    method: 'POST',
    url: '/participants/:id/non-associations',
    tag: 'enrolments',
    summary: 'Record a non-association with another participant (by his reference)',
    body: ZNonAssociationInput,
    status: 201,
    handler: createdId(nonAssociations, 'record'),
  });
  endpoint(api, {
    method: 'POST',
    url: '/non-associations/:id/end',
    tag: 'enrolments',
    summary: 'End a non-association',
    handler: ({ actor, params, origin }) => nonAssociations.end(actor, params.id, origin),
  });

  oneToOneApi(api, services);
}
