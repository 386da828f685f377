import type { FastifyInstance } from 'fastify';
import type { PartnerChildrenService } from '../children/partner-details-service.js';
import type { ChildOnPartnerCase } from '../children/presenters.js';
import { NotFoundError } from '../errors.js';
import { dateParts, formText } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, requireActor } from '../web/http.js';
import { renderFormErrors } from '../web/http.js';
import { PLAN_SECTIONS, type SafetyPlanView } from './presenters.js';
import { NATIONAL_NUMBERS, ZSafetyPlanInput, safetyPlanFromForm } from './schemas.js';
import type { SafetyPlanService } from './service.js';

type IdParams = { Params: { id: string } };
type VersionParams = { Params: { id: string; version: string } };

const PLAN = 'safety-planning/views/plan.njk';
const FORM = 'safety-planning/views/form.njk';
const VERSION = 'safety-planning/views/version.njk';
const PRINT = 'safety-planning/views/print.njk';

/** A version number from the address: anything but a whole number is "not found". */
export function versionNumber(raw: string): number {
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) {
    throw new NotFoundError();
  }
  return Number(raw);
}

/** The children linked to her, named in the children's safety section. */
const linkedChildren = (children: ChildOnPartnerCase[]) =>
  children.filter((c) => c.link === 'this_partner').map((c) => ({ name: c.name, ageLabel: c.ageLabel }));

/** The plan's values for the form: the saved plan, or what was typed. */
function formValues(plan: SafetyPlanView | null): Record<string, unknown> {
  return plan ? { ...plan } : {};
}

/**
 * Her safety plan: the current version, earlier versions, a new version, and a print view with
 * no navigation. Partner side and management only: anyone else is told "not found".
 */
export function safetyPlanRoutes(
  app: FastifyInstance,
  { safetyPlans: plans, partnerChildren }: { safetyPlans: SafetyPlanService; partnerChildren: PartnerChildrenService },
): void {
  const formPage = async (
    actor: Parameters<SafetyPlanService['view']>[0],
    caseId: string,
    origin: ReturnType<typeof originOf>,
  ) => {
    const page = await plans.view(actor, caseId, origin, 'edit');
    const children = await partnerChildren.listForPartnerCase(actor, caseId, origin);
    return {
      title: page.current ? 'Update the safety plan' : 'Write a safety plan',
      partnerCase: page.partnerCase,
      current: page.current,
      linkedChildren: linkedChildren(children),
      nationalNumbers: NATIONAL_NUMBERS,
      action: `/partner-cases/${caseId}/safety-plan`,
      backLink: `/partner-cases/${caseId}/safety-plan`,
    };
  };

  app.get<IdParams>('/partner-cases/:id/safety-plan', async (request, reply) => {
    const actor = requireActor(request);
    const page = await plans.view(actor, request.params.id, originOf(request));
    const children = await partnerChildren.listForPartnerCase(actor, request.params.id, originOf(request));
    const query = request.query as Record<string, string | undefined>;
    return reply.view(PLAN, {
      title: 'Safety plan',
      ...page,
      plan: page.current,
      sections: PLAN_SECTIONS,
      linkedChildren: linkedChildren(children),
      nationalNumbers: NATIONAL_NUMBERS,
      flash: query.saved ? 'Safety plan saved as a new version' : undefined,
      backLink: `/partner-cases/${request.params.id}`,
    });
  });

  app.get<IdParams>('/partner-cases/:id/safety-plan/edit', async (request, reply) => {
    const actor = requireActor(request);
    const context = await formPage(actor, request.params.id, originOf(request));
    const values = formValues(context.current);
    return reply.view(FORM, { ...context, values, reviewOn: dateParts(context.current?.reviewOn) });
  });

  app.post<IdParams>('/partner-cases/:id/safety-plan', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = safetyPlanFromForm(form);
    try {
      await plans.save(actor, request.params.id, parseInput(ZSafetyPlanInput, values), originOf(request));
      return reply.redirect(`/partner-cases/${request.params.id}/safety-plan?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        // Loading the page checks access first: anyone outside the partner side is told "not found".
        const context = await formPage(actor, request.params.id, originOf(request));
        const typed = {
          day: formText(form, 'reviewOn-day') ?? '',
          month: formText(form, 'reviewOn-month') ?? '',
          year: formText(form, 'reviewOn-year') ?? '',
        };
        return renderFormErrors(reply, FORM, { ...context, values, reviewOn: typed }, error);
      }
      throw error;
    }
  });

  app.get<VersionParams>('/partner-cases/:id/safety-plan/versions/:version', async (request, reply) => {
    const actor = requireActor(request);
    const number = versionNumber(request.params.version);
    const page = await plans.version(actor, request.params.id, number, originOf(request));
    return reply.view(VERSION, {
      title: `Safety plan, version ${number}`,
      ...page,
      sections: PLAN_SECTIONS,
      backLink: `/partner-cases/${request.params.id}/safety-plan`,
    });
  });

  app.get<IdParams>('/partner-cases/:id/safety-plan/print', async (request, reply) => {
    const actor = requireActor(request);
    const page = await plans.view(actor, request.params.id, originOf(request), 'print');
    if (!page.current) {
      return reply.redirect(`/partner-cases/${request.params.id}/safety-plan`, 303);
    }
    const children = await partnerChildren.listForPartnerCase(actor, request.params.id, originOf(request));
    return reply.view(PRINT, {
      title: 'Safety plan',
      partnerCase: page.partnerCase,
      plan: page.current,
      sections: PLAN_SECTIONS,
      linkedChildren: linkedChildren(children),
      nationalNumbers: NATIONAL_NUMBERS,
    });
  });
}
