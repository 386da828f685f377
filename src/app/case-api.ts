// The JSON API's participant and partner-case endpoints: the records, their notes and the shares made from them.
import type { FastifyInstance } from 'fastify';
import { authorize, can } from '../access/index.js';
import { changeThen, endpoint } from '../api/endpoint.js';
import { ForbiddenError } from '../errors.js';
import { PERPETRATOR_CASE_STATUSES, ZNoteInput, ZParticipantInput, ZParticipantUpdate } from '../participants/schemas.js';
import { HIS_RISK_LEVELS } from '../participants/service.js';
import { participantCaseloadRights } from '../participants/caseload.js';
import { caseloadJson, caseloadQuerySchema, readCaseloadParams } from '../people/caseload-search.js';
import { PARTNER_CASE_STATUSES, ZPartnerCaseInput, ZPartnerCaseUpdate } from '../partner-support/schemas.js';
import { HER_RISK_LEVELS, partnerCaseloadRights } from '../partner-support/caseload.js';
import { ZShareInput } from '../sharing/schemas.js';
import { cursorForApi } from '../web/pagination.js';
import type { Services } from './services.js';

/** His and her case records under /api/v1, with the shares made from each. */
export function caseApiRoutes(api: FastifyInstance, services: Services): void {
  const { participants, partnerCases, sharing } = services;

  endpoint(api, {
    method: 'GET',
    url: '/participants',
    tag: 'participants',
    summary: 'List participants: search by name, reference, date of birth, phone or postcode, and filter',
    querystring: caseloadQuerySchema({ statuses: PERPETRATOR_CASE_STATUSES, risks: HIS_RISK_LEVELS, group: true }),
    // Who may list is checked before the parameters are read: the answer never depends on them for a refused caller.
    handler: async ({ actor, request }) => {
      authorize(actor, 'participant.list');
      const params = readCaseloadParams(request.query, participantCaseloadRights(actor));
      return caseloadJson(
        await participants.search(actor, {
          params,
          cursorOf: (idCount) => cursorForApi(request.query, idCount),
          defaultScope: 'all',
          staleCursor: 'refuse',
        }),
      );
    },
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
    handler: changeThen(participants, 'update', ({ actor, params, origin }) => participants.view(actor, params.id, origin)),
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
    summary: 'List partner cases: search by name, reference, date of birth, phone or postcode, and filter',
    querystring: caseloadQuerySchema({ statuses: PARTNER_CASE_STATUSES, risks: HER_RISK_LEVELS, group: false }),
    // Who may list is checked before the parameters are read: his side is refused alike whatever it asks.
    handler: async ({ actor, origin, request }) => {
      authorize(actor, 'partnerCase.list');
      const params = readCaseloadParams(request.query, partnerCaseloadRights(actor));
      return caseloadJson(
        await partnerCases.search(
          actor,
          { params, cursorOf: (idCount) => cursorForApi(request.query, idCount), defaultScope: 'all', staleCursor: 'refuse' },
          origin,
        ),
      );
    },
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
}
