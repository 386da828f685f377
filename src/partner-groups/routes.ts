import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { PARTNER_GROUP_OUTCOMES, PARTNER_GROUP_OUTCOME_LABELS, ZAddMember, ZRegister, registerFromForm } from './schemas.js';
import type { PartnerGroupService } from './service.js';

type IdParams = { Params: { id: string } };
const MEMBERS = 'partner-groups/views/members.njk';
const REGISTER = 'partner-groups/views/register.njk';

/** Her support groups' members and registers (partner side). The groups themselves are made on the programme's pages. */
export function partnerGroupRoutes(app: FastifyInstance, { partnerGroups }: { partnerGroups: PartnerGroupService }): void {
  const membersPage = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => {
    const { group, members } = await partnerGroups.members(requireActor(request), request.params.id, originOf(request));
    return {
      title: `Members: ${group.name}`,
      group,
      members,
      values,
      backLink: `/groups/${group.id}`,
      flash: (request.query as Record<string, string | undefined>).saved ? 'She has been added' : undefined,
    };
  };

  app.get<IdParams>('/partner-groups/:id/members', async (request, reply) => reply.view(MEMBERS, await membersPage(request, {})));

  app.post<IdParams>('/partner-groups/:id/members', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await partnerGroups.addMember(actor, request.params.id, parseInput(ZAddMember, body).reference, originOf(request));
      return reply.redirect(`/partner-groups/${request.params.id}/members?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, MEMBERS, await membersPage(request, body), error);
      }
      throw error;
    }
  });

  const registerPage = async (request: FastifyRequest<IdParams>, values: Record<string, unknown> | null) => {
    const register = await partnerGroups.register(requireActor(request), request.params.id, originOf(request));
    return {
      title: `Register: ${register.group.name}`,
      ...register,
      rows: register.rows.map((row) => {
        const chosen = values ? values[`outcome-${row.partnerCaseId}`] : row.outcome;
        return {
          ...row,
          items: PARTNER_GROUP_OUTCOMES.map((o) => ({ value: o, text: PARTNER_GROUP_OUTCOME_LABELS[o], checked: chosen === o })),
        };
      }),
      backLink: `/partner-groups/${register.group.id}/members`,
      flash: (request.query as Record<string, string | undefined>).saved ? 'The register has been saved' : undefined,
    };
  };

  app.get<IdParams>('/partner-groups/sessions/:id/register', async (request, reply) =>
    reply.view(REGISTER, await registerPage(request, null)),
  );

  app.post<IdParams>('/partner-groups/sessions/:id/register', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await partnerGroups.recordRegister(
        actor,
        request.params.id,
        parseInput(ZRegister, registerFromForm(body)),
        originOf(request),
      );
      return reply.redirect(`/partner-groups/sessions/${request.params.id}/register?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, REGISTER, await registerPage(request, body), error);
      }
      throw error;
    }
  });
}
