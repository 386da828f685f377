import type { FastifyInstance } from 'fastify';
import { endpoint } from '../../api/endpoint.js';
import { ZDisclosureInput } from './disclosures-schemas.js';
import type { DisclosureService } from './disclosures-service.js';

/** His disclosures, under /api/v1 (registered by src/app/api.ts). */
export function disclosuresApi(api: FastifyInstance, { disclosures }: { disclosures: DisclosureService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/participants/:id/disclosures',
    tag: 'disclosures',
    summary: 'His disclosures with their detail (perpetrator side and management)',
    handler: ({ actor, params }) => disclosures.list(actor, params.id),
  });
  endpoint(api, {
    method: 'POST',
    url: '/participants/:id/disclosures',
    tag: 'disclosures',
    summary:
      'Record a disclosure; the partner service is told only its kind and date ("Disclosed physical violence on 20 November 2026")',
    body: ZDisclosureInput,
    status: 201,
    handler: ({ actor, params, body, origin }) => disclosures.record(actor, params.id, body, origin),
  });
}
