import type { FastifyInstance } from 'fastify';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import type { ForPartnerCase, PartnerChildrenService } from './partner-details-service.js';
import type { ChildOnPartnerCase } from './presenters.js';
import { ZChildPartnerDetails, childPartnerDetailsFromForm } from './schemas.js';

type ChildParams = { Params: { id: string; childId: string } };

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
  app.get<ChildParams>('/partner-cases/:id/children/:childId', async (request, reply) => {
    const actor = requireActor(request);
    const { partnerCase, child } = await partnerChildren.forEdit(
      actor,
      request.params.id,
      request.params.childId,
      originOf(request),
    );
    const values = {
      linked: child.link === 'this_partner' ? 'yes' : undefined,
      school: child.school,
      notes: child.notes,
    };
    return reply.view(FORM, formContext(partnerCase, child, values));
  });

  app.post<ChildParams>('/partner-cases/:id/children/:childId', async (request, reply) => {
    const actor = requireActor(request);
    const { id, childId } = request.params;
    const values = childPartnerDetailsFromForm((request.body ?? {}) as Record<string, unknown>);
    try {
      await partnerChildren.saveDetails(actor, id, childId, parseInput(ZChildPartnerDetails, values), originOf(request));
      return reply.redirect(`/partner-cases/${id}?saved=1#children`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        // Loading the page checks access first: anyone outside the partner side is told "not found", whatever they sent.
        const { partnerCase, child } = await partnerChildren.forEdit(actor, id, childId, originOf(request));
        return renderFormErrors(reply, FORM, formContext(partnerCase, child, values), error);
      }
      throw error;
    }
  });
}
