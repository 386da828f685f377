import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { ZAddMember, ZRegister } from './schemas.js';
import type { PartnerGroupService } from './service.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const doc = (summary: string, extra: FastifySchema = {}): FastifySchema =>
  ({ tags: ['partner-groups'], summary, response: errors, ...extra }) as FastifySchema;

/** Her support groups' members and registers under /api/v1: 404 to everyone outside the partner service and management. */
export function partnerGroupsApi(api: FastifyInstance, partnerGroups: PartnerGroupService): void {
  api.get(
    '/partner-groups/:id/members',
    { schema: doc('The partners in one of the partner service’s own support groups', { params: idParams }) },
    async (request: IdRequest) => partnerGroups.members(requireActor(request), request.params.id, originOf(request)),
  );
  api.post(
    '/partner-groups/:id/members',
    {
      schema: doc(
        'Add a partner to the group by her case reference. 409 when a session of the group would be at a venue within the buffer of a session of the man she is linked to, or another partner of his is in the group',
        { params: idParams, body: jsonSchema(ZAddMember) },
      ),
    },
    async (request: IdRequest, reply) => {
      const actor = requireActor(request);
      await partnerGroups.addMember(actor, request.params.id, parseInput(ZAddMember, request.body).reference, originOf(request));
      return reply.status(201).send(await partnerGroups.members(actor, request.params.id, originOf(request)));
    },
  );
  api.get(
    '/partner-group-sessions/:id/register',
    { schema: doc('The register of a session of a partner support group', { params: idParams }) },
    async (request: IdRequest) => partnerGroups.register(requireActor(request), request.params.id, originOf(request)),
  );
  api.put(
    '/partner-group-sessions/:id/register',
    {
      schema: doc('Mark the register: attended, absent or sent apologies, for each partner given', {
        params: idParams,
        body: jsonSchema(ZRegister),
      }),
    },
    async (request: IdRequest) => {
      const actor = requireActor(request);
      await partnerGroups.recordRegister(actor, request.params.id, parseInput(ZRegister, request.body), originOf(request));
      return partnerGroups.register(actor, request.params.id, originOf(request));
    },
  );
}
