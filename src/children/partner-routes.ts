import type { FastifyInstance } from 'fastify';
import { parseInput } from '../web/http.js';
import { formPage } from '../web/route.js';
import type { ForPartnerCase, PartnerChildrenService } from './partner-details-service.js';
import type { ChildOnPartnerCase } from './presenters.js';
import { ZChildPartnerDetails, childPartnerDetailsFromForm } from './schemas.js';

const FORM = 'children/views/partner-form.njk';

function formContext(partnerCase: ForPartnerCase, child: ChildOnPartnerCase, values: Record<string, unknown>) {
  const linked = values.linked === true || values.linked === 'yes';
  const unlinked = values.linked === false || values.linked === 'no';
  return {
    title: child.givenName ? `${child.givenName}: partner-side details` : 'The child’s partner-side details',
    partnerCase,
    child,
    values,
    linkedItems: [
      { value: 'yes', text: `Yes, the child is linked to ${partnerCase.partnerName}`, checked: linked },
      { value: 'no', text: 'No', checked: unlinked, hint: { text: 'Removes the school and notes recorded here' } },
    ],
    action: `/partner-cases/${partnerCase.id}/children/${child.id}`,
    backLink: `/partner-cases/${partnerCase.id}#children`,
  };
}

/**
 * Her worker's page for one of his children: link the child to her, and record the child's school
 * or nursery and notes. Partner side and management only: anyone else is told "not found".
 */
export function partnerChildrenRoutes(
  app: FastifyInstance,
  { partnerChildren }: { partnerChildren: PartnerChildrenService },
): void {
  formPage(app, {
    url: '/partner-cases/:id/children/:childId',
    view: FORM,
    // Loading the page checks access first: anyone outside the partner side is told "not found", whatever they sent.
    context: async ({ actor, params, origin }, form) => {
      const { partnerCase, child } = await partnerChildren.forEdit(actor, params.id, params.childId, origin);
      const values = form
        ? childPartnerDetailsFromForm(form)
        : { linked: child.link === 'this_partner' ? 'yes' : undefined, school: child.school, notes: child.notes };
      return formContext(partnerCase, child, values);
    },
    save: async ({ actor, params, origin }, form) => {
      const input = parseInput(ZChildPartnerDetails, childPartnerDetailsFromForm(form));
      await partnerChildren.saveDetails(actor, params.id, params.childId, input, origin);
      return `/partner-cases/${params.id}?saved=1#children`;
    },
  });
}
