import type { FastifyInstance } from 'fastify';
import { can } from '../../access/index.js';
import { parseInput } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { page, routeCall, type RouteCall } from '../../web/route.js';
import { MODULE_FORM_FIELDS, TEMPLATE_FORM_FIELDS, ZModuleInput, ZTemplateInput, fromForm } from './schemas.js';
import { formOf, handleForm } from '../../web/forms.js';
import { notFound } from '../form-pages.js';
import type { ProgrammeServices } from '../services.js';

const TEMPLATE_FORM = 'programme/catalogue/views/template-form.njk';
const MODULE_FORM = 'programme/catalogue/views/module-form.njk';

type ItemUrl = `/${string}/:id/edit`;
type ItemCall = RouteCall<ItemUrl>;
type Values = Record<string, unknown>;

const yesNo = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: value === 'yes' || value === true },
  { value: 'no', text: 'No', checked: value !== 'yes' && value !== true },
];

/** Changing one session template or module of a programme (management). */
export function catalogueItemRoutes(app: FastifyInstance, { catalogueItems }: ProgrammeServices): void {
  /**
   * An item's form page. `context` reads the item (with its access check) and answers null to anyone
   * who may not change the programme: the GET is then "not found", and a refused POST is answered
   * with the refusal itself rather than the form. `form()` cannot answer so, hence the POST here is
   * its own (the same call and `handleForm`).
   */
  const itemFormPage = (spec: {
    url: ItemUrl;
    view: string;
    fields: readonly string[];
    choices?: readonly string[];
    context: (call: ItemCall, values: Values | null) => Promise<Values | null>;
    save: (call: ItemCall, values: Values) => Promise<string>;
  }) => {
    page(app, spec.url, spec.view, async (call) => (await spec.context(call, null)) ?? notFound(call.reply));
    app.post(spec.url, async (request, reply) => {
      const call = routeCall<ItemUrl>(request, reply);
      const values = fromForm(formOf(request.body), spec.fields, spec.choices);
      return handleForm(
        reply,
        async () => reply.redirect(await spec.save(call, values), 303),
        async (error) => {
          const context = await spec.context(call, values);
          if (!context) {
            throw error;
          }
          return { template: spec.view, context };
        },
      );
    });
  };

  itemFormPage({
    url: '/session-templates/:id/edit',
    view: TEMPLATE_FORM,
    fields: TEMPLATE_FORM_FIELDS,
    choices: ['delivery'],
    context: async ({ actor, params }, values) => {
      const { programme, template, modules } = await catalogueItems.template(actor, params.id);
      if (!can(actor, 'programme.configure')) {
        return null;
      }
      const filled = values ?? {
        title: template.title,
        moduleId: template.moduleId ?? '',
        durationMinutes: String(template.durationMinutes),
        delivery: template.delivery,
        contentNotes: template.contentNotes,
      };
      return {
        title: `Change ${template.title}`,
        programme,
        template,
        values: filled,
        moduleItems: selectItems(
          modules.map((m) => ({ value: m.id, text: m.title })),
          typeof filled.moduleId === 'string' ? filled.moduleId : null,
          'No module',
        ),
        backLink: `/programmes/${programme.id}#templates`,
      };
    },
    save: async ({ actor, params, origin }, values) => {
      const programmeId = await catalogueItems.updateTemplate(actor, params.id, parseInput(ZTemplateInput, values), origin);
      return `/programmes/${programmeId}?saved=1#templates`;
    },
  });

  itemFormPage({
    url: '/programme-modules/:id/edit',
    view: MODULE_FORM,
    fields: MODULE_FORM_FIELDS,
    context: async ({ actor, params }, values) => {
      const { programme, module } = await catalogueItems.module(actor, params.id);
      if (!can(actor, 'programme.configure')) {
        return null;
      }
      const filled = values ?? { title: module.title, description: module.description, required: module.required ? 'yes' : 'no' };
      return {
        title: `Change ${module.title}`,
        programme,
        module,
        values: filled,
        requiredItems: yesNo(filled.required),
        backLink: `/programmes/${programme.id}#modules`,
      };
    },
    save: async ({ actor, params, origin }, values) => {
      const programmeId = await catalogueItems.updateModule(actor, params.id, parseInput(ZModuleInput, values), origin);
      return `/programmes/${programmeId}?saved=1#modules`;
    },
  });
}
