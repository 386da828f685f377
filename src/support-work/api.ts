import type { FastifyInstance } from 'fastify';
import { authorizePartnerSide, type Actor } from '../access/index.js';
import { createdId, endpoint } from '../api/endpoint.js';
import { referralIdFrom } from './routes.js';
import { ZInformationSession, ZOnwardReferral, ZOnwardReferralUpdate, ZSupportSession } from './schemas.js';
import type { SupportWorkService } from './service.js';

/**
 * The support work with her in the JSON API, registered inside /api/v1 (src/app/api.ts).
 * Partner side and management only: 404 to anyone else, before the body is looked at.
 */
/** Refuses anyone but the partner side and management before the body is looked at. */
const partnerSideOnly = (actor: Actor) => authorizePartnerSide(actor, 'partnerCase.recordSupportWork');

export function supportWorkApiRoutes(api: FastifyInstance, { supportWork: support }: { supportWork: SupportWorkService }): void {
  endpoint(api, {
    method: 'GET',
    url: '/partner-cases/:id/support-work',
    tag: 'partner-cases',
    summary: 'Her support sessions, information sessions about the programme, and referrals to other services',
    handler: async ({ actor, params, origin }) => {
      const { sessions, informationSessions, referrals } = await support.view(actor, params.id, origin);
      return { sessions, informationSessions, referrals };
    },
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/support-sessions',
    tag: 'partner-cases',
    summary: 'Record a one-to-one support session with her',
    body: ZSupportSession,
    status: 201,
    handler: createdId(support, 'recordSession', partnerSideOnly),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/information-sessions',
    tag: 'partner-cases',
    summary: 'Record her attendance at an information session about the programme',
    body: ZInformationSession,
    status: 201,
    handler: createdId(support, 'recordInformationSession', partnerSideOnly),
  });
  endpoint(api, {
    method: 'POST',
    url: '/partner-cases/:id/onward-referrals',
    tag: 'partner-cases',
    summary: 'Record a referral she wants to another service; her consent (consent: true) is required',
    body: ZOnwardReferral,
    status: 201,
    handler: createdId(support, 'makeReferral', partnerSideOnly),
  });
  endpoint(api, {
    method: 'PATCH',
    url: '/partner-cases/:id/onward-referrals/:referralId',
    tag: 'partner-cases',
    summary: 'Change a referral’s status (made, accepted, declined) and outcome',
    body: ZOnwardReferralUpdate,
    handler: (call) => {
      partnerSideOnly(call.actor);
      const referralId = referralIdFrom(call.params.referralId);
      return support.updateReferral(call.actor, call.params.id, referralId, call.body, call.origin);
    },
  });
}
