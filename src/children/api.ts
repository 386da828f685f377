import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide } from '../access/index.js';
import { endpoint } from '../api/endpoint.js';
import type { PartnerChildrenService } from './partner-details-service.js';
import { ZChildInput, ZChildPartnerDetails, ZChildUpdate } from './schemas.js';
import type { ChildrenService } from './service.js';

/**
 * The children endpoints of the JSON API, registered inside /api/v1 (src/app/api.ts): his
 * children for every case-holding side, and her worker's partner-side details of them, which
 * answer 404 to anyone outside the partner side and management.
 */
export function childrenApiRoutes(
  api: FastifyInstance,
  { children, partnerChildren }: { children: ChildrenService; partnerChildren: PartnerChildrenService },
): void {
  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/children',
    tag: 'children',
    summary: 'The children recorded on a participant’s record (no partner-side details)',
    handler: async ({ actor, params }) => (await children.list(actor, params.id)).children,
  });
  endpoint(api, {
    method: 'POST',
    url: '/participants/:id/children',
    tag: 'children',
    summary: 'Add a child to a participant’s record (perpetrator side and management)',
    body: ZChildInput,
    status: 201,
    handler: ({ actor, params, body, origin }) => children.create(actor, params.id, body, origin),
  });
  endpoint(api, {
    method: 'PATCH',
    url: '/participants/:id/children/:childId',
    tag: 'children',
    summary: 'Change a child on a participant’s record (perpetrator side and management)',
    body: ZChildUpdate,
    handler: ({ actor, params, body, origin }) => children.update(actor, params.id, params.childId, body, origin),
  });

  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/children',
    tag: 'partner-cases',
    summary: 'His children with the partner-side details: the partner linked, school, notes',
    handler: ({ actor, params, origin }) => partnerChildren.listForPartnerCase(actor, params.id, origin),
  });
  endpoint(api, {
    method: 'PUT',
    url: '/partner-cases/:id/children/:childId',
    tag: 'partner-cases',
    summary: 'Link a child to this partner (or unlink), with the school or nursery and notes',
    body: ZChildPartnerDetails,
    handler: (call) => {
      // "Not found" to anyone outside the partner side, before the body is looked at.
      authorizePartnerSide(call.actor, 'partnerCase.updateChildDetails');
      return partnerChildren.saveDetails(call.actor, call.params.id, call.params.childId, call.body, call.origin);
    },
  });
}
