import type { FastifyInstance } from 'fastify';
import { errorResponse, idParams, jsonSchema } from '../api/openapi.js';
import { originOf, parseInput, requireActor } from '../web/http.js';
import { formPage, routeCall, type FormBody, type RouteCall } from '../web/route.js';
import { ZBreakGlass, ZSealAddress } from './sealed-address-schemas.js';
import type { SealedAddressService } from './sealed-address-service.js';

type IdParams = { Params: { id: string } };
type CaseCall = RouteCall<'/partner-cases/:id'>;
const SEAL = 'partner-support/views/sealed-address-seal.njk';
const BREAK_GLASS = 'partner-support/views/sealed-address-break-glass.njk';

/** The reason as typed into a refused form, or none on a new one. */
const typedReason = (form?: FormBody) => (form ? String(form.reason ?? '') : '');

/** Sealing her address, and breaking the glass to see a sealed one (pages). */
export function sealedAddressRoutes(
  app: FastifyInstance,
  { sealedAddresses: sealed }: { sealedAddresses: SealedAddressService },
): void {
  /** The seal and break-glass pages: her name, the reason as typed, and what `shown` takes from her address's state. */
  const reasonPage = async (
    { actor, params }: CaseCall,
    form: FormBody | undefined,
    shown: (state: Awaited<ReturnType<SealedAddressService['sealedState']>>) => Record<string, unknown>,
  ) => {
    const state = await sealed.sealedState(actor, params.id);
    return {
      caseId: params.id,
      name: state.name,
      ...shown(state),
      reason: typedReason(form),
      backLink: `/partner-cases/${params.id}`,
    };
  };

  formPage(app, {
    url: '/partner-cases/:id/seal-address',
    view: SEAL,
    context: (call, form) =>
      reasonPage(call, form, ({ name, addressSealed }) => ({ title: `Seal ${name}’s address`, addressSealed })),
    save: async ({ actor, params, origin }, form) => {
      const { reason } = parseInput(ZSealAddress, form);
      await sealed.seal(actor, params.id, reason, origin);
      return `/partner-cases/${params.id}?saved=1`;
    },
  });

  // No form to show again: a refusal (her address is not sealed, 409) is the error page, as for any action.
  app.post('/partner-cases/:id/unseal-address', async (request, reply) => {
    const { actor, params, origin } = routeCall<'/partner-cases/:id/unseal-address'>(request, reply);
    await sealed.unseal(actor, params.id, origin);
    return reply.redirect(`/partner-cases/${params.id}?saved=1`, 303);
  });

  // The address is in this one response only: never stored in a session, never redirected to.
  formPage(app, {
    url: '/partner-cases/:id/sealed-address',
    view: BREAK_GLASS,
    context: (call, form) =>
      reasonPage(call, form, ({ name, withheld }) => ({ title: `See ${name}’s sealed address`, withheld })),
    save: async ({ actor, params, origin, reply }, form) => {
      const { reason } = parseInput(ZBreakGlass, form);
      const { name, address } = await sealed.breakGlass(actor, params.id, reason, origin);
      reply.header('cache-control', 'no-store');
      return reply.view(BREAK_GLASS, {
        title: `${name}’s sealed address`,
        caseId: params.id,
        name,
        revealed: address,
        backLink: `/partner-cases/${params.id}`,
      });
    },
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
