import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { ZSlugInput } from './schemas.js';
import type { PublicReferralService } from './service.js';

const ADDRESS = 'public-referrals/views/address.njk';

/** Administrators choose the public referral form's address: GET/POST /admin/public-referrals. */
export function publicReferralAdminRoutes(
  app: FastifyInstance,
  { publicReferrals: service }: { publicReferrals: PublicReferralService },
  config: Config,
): void {
  const context = (slug: string | null, values: Record<string, unknown>, saved = false) => ({
    title: 'Public referral form',
    publicUrl: slug ? `${config.publicUrl}/refer/${slug}` : null,
    baseUrl: config.publicUrl,
    values,
    flash: saved ? 'Address saved' : undefined,
  });

  app.get('/admin/public-referrals', async (request, reply) => {
    const actor = requireActor(request);
    const slug = await service.publicAddress(actor);
    const saved = (request.query as Record<string, string | undefined>).saved === '1';
    return reply.view(ADDRESS, context(slug, { slug: slug ?? '' }, saved));
  });

  app.post('/admin/public-referrals', async (request, reply) => {
    const actor = requireActor(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    try {
      const { slug } = parseInput(ZSlugInput, values);
      await service.setPublicAddress(actor, slug, originOf(request));
      return reply.redirect('/admin/public-referrals?saved=1', 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const current = await service.publicAddress(actor);
        return renderFormErrors(reply, ADDRESS, context(current, values), error);
      }
      throw error;
    }
  });
}
