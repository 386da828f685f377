import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { parseInput } from '../web/http.js';
import { formPage } from '../web/route.js';
import { ZSlugInput } from './schemas.js';
import type { PublicReferralService } from './service.js';

const ADDRESS = 'public-referrals/views/address.njk';

/** Administrators choose the public referral form's address: GET/POST /admin/public-referrals. */
export function publicReferralAdminRoutes(
  app: FastifyInstance,
  { publicReferrals: service }: { publicReferrals: PublicReferralService },
  config: Config,
): void {
  const addressPage = (slug: string | null, values: Record<string, unknown>, saved = false) => ({
    title: 'Public referral form',
    publicUrl: slug ? `${config.publicUrl}/refer/${slug}` : null,
    baseUrl: config.publicUrl,
    values,
    flash: saved ? 'Address saved' : undefined,
  });

  formPage(app, {
    url: '/admin/public-referrals',
    view: ADDRESS,
    // The address as saved, or the form as sent when it is refused.
    context: async ({ actor, query }, form) => {
      const slug = await service.publicAddress(actor);
      return form ? addressPage(slug, form) : addressPage(slug, { slug: slug ?? '' }, query.saved === '1');
    },
    save: async ({ actor, origin }, form) => {
      const { slug } = parseInput(ZSlugInput, form);
      await service.setPublicAddress(actor, slug, origin);
      return '/admin/public-referrals?saved=1';
    },
  });
}
