import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Actor } from '../access/index.js';
import type { ParticipantService } from '../participants/service.js';
import type { PartnerCaseService } from '../partner-support/service.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { BASES_FOR, SHARE_BASIS_LABELS, SHARE_DIRECTION_LABELS, ZShareInput } from './schemas.js';
import type { SharingService } from './service.js';

type IdParams = { Params: { id: string } };
const SHARES = 'sharing/views/shares.njk';

/** The ledger page for a partner case or for his case: what was shared, and a form to record a share. */
export function sharingRoutes(
  app: FastifyInstance,
  {
    sharing,
    participants,
    partnerCases,
  }: { sharing: SharingService; participants: ParticipantService; partnerCases: PartnerCaseService },
): void {
  const page = async (
    request: FastifyRequest<IdParams>,
    reply: FastifyReply,
    kind: 'partnerCase' | 'participant',
    form: { values: Record<string, unknown>; error?: Parameters<typeof renderFormErrors>[3] },
  ) => {
    const actor: Actor = requireActor(request);
    const subject = { kind, id: request.params.id } as const;
    const shares = await sharing.list(actor, subject, originOf(request));
    const heading =
      kind === 'partnerCase'
        ? await partnerCases
            .view(actor, subject.id, originOf(request))
            .then((v) => ({ name: v.partnerCase.partnerName, href: `/partner-cases/${subject.id}` }))
        : await participants.view(actor, subject.id, originOf(request)).then((v) => ({
            name: `${v.participant.givenName} ${v.participant.familyName}`,
            href: `/participants/${subject.id}`,
          }));
    const side = kind === 'partnerCase' ? 'partner' : 'perpetrator';
    const directions = Object.keys(BASES_FOR[side]) as Array<keyof typeof SHARE_DIRECTION_LABELS>;
    const bases = [...new Set(directions.flatMap((d) => BASES_FOR[side][d] ?? []))];
    const context = {
      title: `Information shared: ${heading.name}`,
      heading,
      shares,
      action: `${heading.href}/shares`,
      canRecord: can(actor, kind === 'partnerCase' ? 'share.recordForPartnerCase' : 'share.recordForParticipant'),
      isPartnerSide: kind === 'partnerCase',
      values: form.values,
      directionItems: directions.map((d) => ({
        value: d,
        text: SHARE_DIRECTION_LABELS[d],
        checked: form.values.direction === d,
      })),
      basisItems: bases.map((b) => ({ value: b, text: SHARE_BASIS_LABELS[b], checked: form.values.basis === b })),
      backLink: heading.href,
      flash: (request.query as Record<string, string | undefined>).saved ? 'The share has been recorded' : undefined,
    };
    return form.error ? renderFormErrors(reply, SHARES, context, form.error) : reply.view(SHARES, context);
  };

  const record =
    (kind: 'partnerCase' | 'participant', base: string) => async (request: FastifyRequest<IdParams>, reply: FastifyReply) => {
      const actor = requireActor(request);
      const values = (request.body ?? {}) as Record<string, unknown>;
      try {
        await sharing.record(actor, { kind, id: request.params.id }, parseInput(ZShareInput, values), originOf(request));
        return reply.redirect(`${base}/${request.params.id}/shares?saved=1`, 303);
      } catch (error) {
        if (isInvalidInput(error)) {
          return page(request, reply, kind, { values, error });
        }
        throw error;
      }
    };

  app.get<IdParams>('/partner-cases/:id/shares', (request, reply) => page(request, reply, 'partnerCase', { values: {} }));
  app.post<IdParams>('/partner-cases/:id/shares', record('partnerCase', '/partner-cases'));
  app.get<IdParams>('/participants/:id/shares', (request, reply) => page(request, reply, 'participant', { values: {} }));
  app.post<IdParams>('/participants/:id/shares', record('participant', '/participants'));
}
