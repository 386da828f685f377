import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../access/index.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { MODULE_FORM_FIELDS, TEMPLATE_FORM_FIELDS, ZModuleInput, ZTemplateInput, fromForm } from './schemas.js';
import { formOf, handleForm, type IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';

const TEMPLATE_FORM = 'programme/catalogue/views/template-form.njk';
const MODULE_FORM = 'programme/catalogue/views/module-form.njk';

const yesNo = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: value === 'yes' || value === true },
  { value: 'no', text: 'No', checked: value !== 'yes' && value !== true },
];

/** Changing one session template or module of a programme (management). */
export function catalogueItemRoutes(app: FastifyInstance, { catalogueItems }: ProgrammeServices): void {
  const templateContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown> | null) => {
    const actor = requireActor(request);
    const { programme, template, modules } = await catalogueItems.template(actor, request.params.id);
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
  };

  app.get<IdParams>('/session-templates/:id/edit', async (request, reply) => {
    const context = await templateContext(request, null);
    return context ? reply.view(TEMPLATE_FORM, context) : reply.callNotFound();
  });

  app.post<IdParams>('/session-templates/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), TEMPLATE_FORM_FIELDS, ['delivery']);
    return handleForm(
      reply,
      async () => {
        const programmeId = await catalogueItems.updateTemplate(
          actor,
          request.params.id,
          parseInput(ZTemplateInput, values),
          originOf(request),
        );
        return reply.redirect(`/programmes/${programmeId}?saved=1#templates`, 303);
      },
      async (error) => {
        const context = await templateContext(request, values);
        if (!context) {
          throw error;
        }
        return { template: TEMPLATE_FORM, context };
      },
    );
  });

  const moduleContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown> | null) => {
    const actor = requireActor(request);
    const { programme, module } = await catalogueItems.module(actor, request.params.id);
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
  };

  app.get<IdParams>('/programme-modules/:id/edit', async (request, reply) => {
    const context = await moduleContext(request, null);
    return context ? reply.view(MODULE_FORM, context) : reply.callNotFound();
  });

  app.post<IdParams>('/programme-modules/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), MODULE_FORM_FIELDS);
    return handleForm(
      reply,
      async () => {
        const programmeId = await catalogueItems.updateModule(
          actor,
          request.params.id,
          parseInput(ZModuleInput, values),
          originOf(request),
        );
        return reply.redirect(`/programmes/${programmeId}?saved=1#modules`, 303);
      },
      async (error) => {
        const context = await moduleContext(request, values);
        if (!context) {
          throw error;
        }
        return { template: MODULE_FORM, context };
      },
    );
  });
}
