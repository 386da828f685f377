import type { FastifyInstance } from 'fastify';
import { can, type Actor, type RequestOrigin } from '../access/index.js';
import type { ParticipantService } from '../participants/service.js';
import type { PartnerCaseService } from '../partner-support/service.js';
import { radios } from '../web/forms.js';
import { parseInput } from '../web/http.js';
import { formPage, type FormBody } from '../web/route.js';
import { BASES_FOR, SHARE_BASIS_LABELS, SHARE_DIRECTION_LABELS, ZShareInput } from './schemas.js';
import type { SharingService } from './service.js';

const SHARES = 'sharing/views/shares.njk';

/** The two records a share is recorded against: her case (the partner side) and his. */
const SUBJECTS = [
  {
    kind: 'partnerCase',
    base: '/partner-cases',
    url: '/partner-cases/:id/shares',
    side: 'partner',
    record: 'share.recordForPartnerCase',
  },
  {
    kind: 'participant',
    base: '/participants',
    url: '/participants/:id/shares',
    side: 'perpetrator',
    record: 'share.recordForParticipant',
  },
] as const;

/** The ledger page for a partner case or for his case: what was shared, and a form to record a share. */
export function sharingRoutes(
  app: FastifyInstance,
  {
    sharing,
    participants,
    partnerCases,
  }: { sharing: SharingService; participants: ParticipantService; partnerCases: PartnerCaseService },
): void {
  /** The record's name and page, read with its access check. */
  const headingOf = async (
    { kind, id }: { kind: 'partnerCase' | 'participant'; id: string },
    actor: Actor,
    origin: RequestOrigin,
  ) =>
    kind === 'partnerCase'
      ? await partnerCases
          .view(actor, id, origin)
          .then((v) => ({ name: v.partnerCase.partnerName, href: `/partner-cases/${id}` }))
      : await participants.view(actor, id, origin).then((v) => ({
          name: `${v.participant.givenName} ${v.participant.familyName}`,
          href: `/participants/${id}`,
        }));

  for (const { kind, base, url, side, record } of SUBJECTS) {
    formPage(app, {
      url,
      view: SHARES,
      context: async (call, values: FormBody = {}) => {
        const subject = { kind, id: call.params.id } as const;
        const shares = await sharing.list(call.actor, subject, call.origin);
        const heading = await headingOf(subject, call.actor, call.origin);
        const directions = Object.keys(BASES_FOR[side]) as Array<keyof typeof SHARE_DIRECTION_LABELS>;
        const bases = [...new Set(directions.flatMap((d) => BASES_FOR[side][d] ?? []))];
        return {
          title: `Information shared: ${heading.name}`,
          heading,
          shares,
          action: `${heading.href}/shares`,
          canRecord: can(call.actor, record),
          isPartnerSide: kind === 'partnerCase',
          values,
          directionItems: radios(directions, SHARE_DIRECTION_LABELS, values.direction),
          basisItems: radios(bases, SHARE_BASIS_LABELS, values.basis),
          backLink: heading.href,
          flash: call.query.saved ? 'The share has been recorded' : undefined,
        };
      },
      save: async ({ actor, params, origin }, values) => {
        await sharing.record(actor, { kind, id: params.id }, parseInput(ZShareInput, values), origin);
        return `${base}/${params.id}/shares?saved=1`;
      },
    });
  }
}
