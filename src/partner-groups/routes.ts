import type { FastifyInstance } from 'fastify';
import { parseInput } from '../web/http.js';
import { formPage } from '../web/route.js';
import { PARTNER_GROUP_OUTCOMES, PARTNER_GROUP_OUTCOME_LABELS, ZAddMember, ZRegister, registerFromForm } from './schemas.js';
import type { PartnerGroupService } from './service.js';

const MEMBERS = 'partner-groups/views/members.njk';
const REGISTER = 'partner-groups/views/register.njk';

/** Her support groups' members and registers (partner side). The groups themselves are made on the programme's pages. */
export function partnerGroupRoutes(app: FastifyInstance, { partnerGroups }: { partnerGroups: PartnerGroupService }): void {
  formPage(app, {
    url: '/partner-groups/:id/members',
    view: MEMBERS,
    context: async ({ actor, params, query, origin }, form) => {
      const { group, members } = await partnerGroups.members(actor, params.id, origin);
      return {
        title: `Members: ${group.name}`,
        group,
        members,
        values: form ?? {},
        backLink: `/groups/${group.id}`,
        flash: query.saved ? 'The partner has been added' : undefined,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      await partnerGroups.addMember(actor, params.id, parseInput(ZAddMember, form).reference, origin);
      return `/partner-groups/${params.id}/members?saved=1`;
    },
  });

  // A refused register shows each woman's outcome as chosen; the page as first shown, as recorded.
  formPage(app, {
    url: '/partner-groups/sessions/:id/register',
    view: REGISTER,
    context: async ({ actor, params, query, origin }, form) => {
      const register = await partnerGroups.register(actor, params.id, origin);
      return {
        title: `Register: ${register.group.name}`,
        ...register,
        rows: register.rows.map((row) => {
          const chosen = form ? form[`outcome-${row.partnerCaseId}`] : row.outcome;
          return {
            ...row,
            items: PARTNER_GROUP_OUTCOMES.map((o) => ({
              value: o,
              text: PARTNER_GROUP_OUTCOME_LABELS[o],
              checked: chosen === o,
            })),
          };
        }),
        backLink: `/partner-groups/${register.group.id}/members`,
        flash: query.saved ? 'The register has been saved' : undefined,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      await partnerGroups.recordRegister(actor, params.id, parseInput(ZRegister, registerFromForm(form)), origin);
      return `/partner-groups/sessions/${params.id}/register?saved=1`;
    },
  });
}
