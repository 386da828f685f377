import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { errorResponse, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import type { PartnerChildrenService } from './partner-details-service.js';
import { ZChildInput, ZChildPartnerDetails, ZChildUpdate } from './schemas.js';
import type { ChildrenService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type ChildRequest = FastifyRequest<{ Params: { id: string; childId: string } }>;

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (tag: string, summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: [tag], summary, response: errors, ...extra }) as FastifySchema;

const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'] } as const;
const childParams = { type: 'object', properties: { id: uuid, childId: uuid }, required: ['id', 'childId'] } as const;

/**
 * The children endpoints of the JSON API, registered inside /api/v1 (src/app/api.ts): his
 * children for every case-holding side, and her worker's partner-side details of them, which
 * answer 404 to anyone outside the partner side and management.
 */
export function childrenApiRoutes(
  api: FastifyInstance,
  children: ChildrenService,
  partnerChildren: PartnerChildrenService,
): void {
  api.get(
    '/participants/:id/children',
    {
      schema: doc('children', 'The children recorded on a participant’s record (no partner-side details)', { params: idParams }),
    },
    async (request: IdRequest) => (await children.list(requireActor(request), request.params.id)).children,
  );
  api.post(
    '/participants/:id/children',
    {
      schema: doc('children', 'Add a child to a participant’s record (perpetrator side and management)', {
        params: idParams,
        body: jsonSchema(ZChildInput),
      }),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      const input = parseInput(ZChildInput, request.body);
      return reply.status(201).send(await children.create(actor, request.params.id, input, originOf(request)));
    },
  );
  api.patch(
    '/participants/:id/children/:childId',
    {
      schema: doc('children', 'Change a child on a participant’s record (perpetrator side and management)', {
        params: childParams,
        body: jsonSchema(ZChildUpdate),
      }),
    },
    async (request: ChildRequest) => {
      const actor = requireActor(request);
      const input = parseInput(ZChildUpdate, request.body);
      return children.update(actor, request.params.id, request.params.childId, input, originOf(request));
    },
  );

  api.get(
    '/partner-cases/:id/children',
    {
      schema: doc('partner-cases', 'His children with the partner-side details: the partner linked, school, notes', {
        params: idParams,
      }),
    },
    async (request: IdRequest) => partnerChildren.listForPartnerCase(requireActor(request), request.params.id, originOf(request)),
  );
  api.put(
    '/partner-cases/:id/children/:childId',
    {
      schema: doc('partner-cases', 'Link a child to this partner (or unlink), with the school or nursery and notes', {
        params: childParams,
        body: jsonSchema(ZChildPartnerDetails),
      }),
    },
    async (request: ChildRequest) => {
      const actor = requireActor(request);
      // "Not found" to anyone outside the partner side, before the body is looked at.
      authorizePartnerSide(actor, 'partnerCase.updateChildDetails');
      const input = parseInput(ZChildPartnerDetails, request.body);
      return partnerChildren.saveDetails(actor, request.params.id, request.params.childId, input, originOf(request));
    },
  );
}
