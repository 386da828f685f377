import type { FastifyInstance } from 'fastify';
import type { PartnerChildrenService } from '../children/partner-details-service.js';
import type { ChildOnPartnerCase } from '../children/presenters.js';
import { NotFoundError } from '../errors.js';
import { dateParts, formText } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { form, page, type FormBody, type RouteCall } from '../web/route.js';
import { PLAN_SECTIONS } from './presenters.js';
import { NATIONAL_NUMBERS, ZSafetyPlanInput, safetyPlanFromForm } from './schemas.js';
import type { SafetyPlanService } from './service.js';

const FORM = 'safety-planning/views/form.njk';

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

/** The review date as typed into the form, shown again when it is refused. */
const typedReviewOn = (form: FormBody) => ({
  day: formText(form, 'reviewOn-day') ?? '',
  month: formText(form, 'reviewOn-month') ?? '',
  year: formText(form, 'reviewOn-year') ?? '',
});

/**
 * Her safety plan: the current version, earlier versions, a new version, and a print view with
 * no navigation. Partner side and management only: anyone else is told "not found".
 */
export function safetyPlanRoutes(
  app: FastifyInstance,
  { safetyPlans: plans, partnerChildren }: { safetyPlans: SafetyPlanService; partnerChildren: PartnerChildrenService },
): void {
  const base = (id: string) => `/partner-cases/${id}/safety-plan`;
  const childrenOf = async ({ actor, params, origin }: RouteCall<'/partner-cases/:id'>) =>
    linkedChildren(await partnerChildren.listForPartnerCase(actor, params.id, origin));

  page(app, '/partner-cases/:id/safety-plan', 'safety-planning/views/plan.njk', async (call) => {
    const plan = await plans.view(call.actor, call.params.id, call.origin);
    return {
      title: 'Safety plan',
      ...plan,
      plan: plan.current,
      sections: PLAN_SECTIONS,
      linkedChildren: await childrenOf(call),
      nationalNumbers: NATIONAL_NUMBERS,
      flash: call.query.saved ? 'Safety plan saved as a new version' : undefined,
      backLink: base(call.params.id),
    };
  });

  /**
   * The form for a new version: the current plan's values, or what was typed when it is refused.
   * Loading the page checks access first: anyone outside the partner side is told "not found".
   */
  const formContext = async (call: RouteCall<'/partner-cases/:id'>, typed?: FormBody) => {
    const { partnerCase, current } = await plans.view(call.actor, call.params.id, call.origin, 'edit');
    return {
      title: current ? 'Update the safety plan' : 'Write a safety plan',
      partnerCase,
      current,
      linkedChildren: await childrenOf(call),
      nationalNumbers: NATIONAL_NUMBERS,
      action: base(call.params.id),
      backLink: base(call.params.id),
      values: typed ? safetyPlanFromForm(typed) : { ...current },
      reviewOn: typed ? typedReviewOn(typed) : dateParts(current?.reviewOn),
    };
  };

  page(app, '/partner-cases/:id/safety-plan/edit', FORM, (call) => formContext(call));

  form(app, {
    url: '/partner-cases/:id/safety-plan',
    view: FORM,
    context: (call, body) => formContext(call, body),
    save: async ({ actor, params, origin }, body) => {
      await plans.save(actor, params.id, parseInput(ZSafetyPlanInput, safetyPlanFromForm(body)), origin);
      return `${base(params.id)}?saved=1`;
    },
  });

  page(
    app,
    '/partner-cases/:id/safety-plan/versions/:version',
    'safety-planning/views/version.njk',
    async ({ actor, params, origin }) => {
      const number = versionNumber(params.version);
      return {
        title: `Safety plan, version ${number}`,
        ...(await plans.version(actor, params.id, number, origin)),
        sections: PLAN_SECTIONS,
        backLink: base(params.id),
      };
    },
  );

  page(app, '/partner-cases/:id/safety-plan/print', 'safety-planning/views/print.njk', async (call) => {
    const { partnerCase, current } = await plans.view(call.actor, call.params.id, call.origin, 'print');
    if (!current) {
      return call.reply.redirect(base(call.params.id), 303);
    }
    return {
      title: 'Safety plan',
      partnerCase,
      plan: current,
      sections: PLAN_SECTIONS,
      linkedChildren: await childrenOf(call),
      nationalNumbers: NATIONAL_NUMBERS,
    };
  });
}
