import type { FastifyInstance } from 'fastify';
import { endpoint } from '../api/endpoint.js';
import { ZAddMember, ZRegister } from './schemas.js';
import type { PartnerGroupService } from './service.js';

/** Her support groups' members and registers under /api/v1: 404 to everyone outside the partner service and management. */
export function partnerGroupsApi(api: FastifyInstance, { partnerGroups }: { partnerGroups: PartnerGroupService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-groups/:id/members',
    tag: 'partner-groups',
    summary: 'The partners in one of the partner service’s own support groups',
    handler: ({ actor, params, origin }) => partnerGroups.members(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-groups/:id/members',
    tag: 'partner-groups',
    summary:
      'Add a partner to the group by her case reference. 409 when a session of the group would be at a venue within the buffer of a session of the man she is linked to, or another partner of his is in the group',
    body: ZAddMember,
    status: 201,
    handler: async ({ actor, params, body, origin }) => {
      await partnerGroups.addMember(actor, params.id, body.reference, origin);
      return partnerGroups.members(actor, params.id, origin);
    },
  });
  endpoint(api, {
    method: 'GET',
    url: '/partner-group-sessions/:id/register',
    tag: 'partner-groups',
    summary: 'The register of a session of a partner support group',
    handler: ({ actor, params, origin }) => partnerGroups.register(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'PUT',
    url: '/partner-group-sessions/:id/register',
    tag: 'partner-groups',
    summary: 'Mark the register: attended, absent or sent apologies, for each partner given',
    body: ZRegister,
    handler: async ({ actor, params, body, origin }) => {
      await partnerGroups.recordRegister(actor, params.id, body, origin);
      return partnerGroups.register(actor, params.id, origin);
    },
  });
}
