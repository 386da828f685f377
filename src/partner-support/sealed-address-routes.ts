import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../api/openapi.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { ZBreakGlass, ZSealAddress } from './sealed-address-schemas.js';
import type { SealedAddressService } from './sealed-address-service.js';

type IdParams = { Params: { id: string } };
const SEAL = 'partner-support/views/sealed-address-seal.njk';
const BREAK_GLASS = 'partner-support/views/sealed-address-break-glass.njk';

/** Sealing her address, and breaking the glass to see a sealed one (pages). */
export function sealedAddressRoutes(
  app: FastifyInstance,
  { sealedAddresses: sealed }: { sealedAddresses: SealedAddressService },
): void {
  const sealPage = async (request: FastifyRequest<IdParams>, reason = '') => {
    const state = await sealed.sealedState(requireActor(request), request.params.id);
    return {
      title: `Seal ${state.name}’s address`,
      caseId: request.params.id,
      name: state.name,
      addressSealed: state.addressSealed,
      reason,
      backLink: `/partner-cases/${request.params.id}`,
    };
  };

  app.get<IdParams>('/partner-cases/:id/seal-address', async (request, reply) => reply.view(SEAL, await sealPage(request)));

  app.post<IdParams>('/partner-cases/:id/seal-address', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const { reason } = parseInput(ZSealAddress, body);
      await sealed.seal(actor, request.params.id, reason, originOf(request));
      return reply.redirect(`/partner-cases/${request.params.id}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, SEAL, await sealPage(request, String(body.reason ?? '')), error);
      }
      throw error;
    }
  });

  app.post<IdParams>('/partner-cases/:id/unseal-address', async (request, reply) => {
    await sealed.unseal(requireActor(request), request.params.id, originOf(request));
    return reply.redirect(`/partner-cases/${request.params.id}?saved=1`, 303);
  });

  const breakGlassPage = async (request: FastifyRequest<IdParams>, reason = '') => {
    const state = await sealed.sealedState(requireActor(request), request.params.id);
    return {
      title: `See ${state.name}’s sealed address`,
      caseId: request.params.id,
      name: state.name,
      withheld: state.withheld,
      reason,
      backLink: `/partner-cases/${request.params.id}`,
    };
  };

  app.get<IdParams>('/partner-cases/:id/sealed-address', async (request, reply) =>
    reply.view(BREAK_GLASS, await breakGlassPage(request)),
  );

  // The address is in this one response only: never stored in a session, never redirected to.
  app.post<IdParams>('/partner-cases/:id/sealed-address', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const { reason } = parseInput(ZBreakGlass, body);
      const { name, address } = await sealed.breakGlass(actor, request.params.id, reason, originOf(request));
      reply.header('cache-control', 'no-store');
      return reply.view(BREAK_GLASS, {
        title: `${name}’s sealed address`,
        caseId: request.params.id,
        name,
        revealed: address,
        backLink: `/partner-cases/${request.params.id}`,
      });
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, BREAK_GLASS, await breakGlassPage(request, String(body.reason ?? '')), error);
      }
      throw error;
    }
  });
}

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

/** The same under /api/v1 (registered by src/app/api.ts). */
export function sealedAddressApi(
  api: FastifyInstance,
  { sealedAddresses: sealed }: { sealedAddresses: SealedAddressService },
): void {
  const doc = (summary: string, body: Record<string, unknown>) => ({
    tags: ['partner-cases'],
    summary,
    params: idParams,
    body,
    response: errors,
  });
  api.post<IdParams>(
    '/partner-cases/:id/seal-address',
    { schema: doc('Seal her address (a refuge): then only her allocated worker sees it', jsonSchema(ZSealAddress)) },
    async (request, reply) => {
      await sealed.seal(
        requireActor(request),
        request.params.id,
        parseInput(ZSealAddress, request.body).reason,
        originOf(request),
      );
      return reply.status(204).send();
    },
  );
  api.post<IdParams>(
    '/partner-cases/:id/sealed-address/break-glass',
    {
      schema: doc(
        'Break the glass: her sealed address in this one response, with the written reason audited and shown to her worker',
        jsonSchema(ZBreakGlass),
      ),
    },
    async (request, reply) => {
      const { address } = await sealed.breakGlass(
        requireActor(request),
        request.params.id,
        parseInput(ZBreakGlass, request.body).reason,
        originOf(request),
      );
      reply.header('cache-control', 'no-store');
      return {
        addressLine1: address.addressLine1,
        addressLine2: address.addressLine2,
        town: address.town,
        postcode: address.postcode,
      };
    },
  );
}
