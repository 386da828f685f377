import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Actor } from '../../access/index.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import {
  MODULE_FORM_FIELDS,
  PROGRAMME_FORM_FIELDS,
  TEMPLATE_FORM_FIELDS,
  ZModuleInput,
  ZProgrammeInput,
  ZProgrammeUpdate,
  ZTemplateInput,
  fromForm,
} from './schemas.js';
import { PROGRAMME_KINDS, PROGRAMME_KIND_LABELS } from '../labels.js';
import { flashFrom } from '../route-helpers.js';
import { formOf, handleForm, radios, uuidOrNotFound, type IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';

const LIST = 'programme/catalogue/views/programmes.njk';
const FORM = 'programme/catalogue/views/programme-form.njk';
const PROGRAMME = 'programme/catalogue/views/programme.njk';

const yesNo = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: value === 'yes' || value === true },
  { value: 'no', text: 'No', checked: value === 'no' || value === false },
];

function formContext(values: Record<string, unknown>, editing: { id: string; name: string } | null) {
  return {
    title: editing ? `Change ${editing.name}` : 'Add a programme',
    backLink: editing ? `/programmes/${editing.id}` : '/programmes',
    action: editing ? `/programmes/${editing.id}/edit` : '/programmes/new',
    editing: editing !== null,
    values,
    kindItems: radios(PROGRAMME_KINDS, PROGRAMME_KIND_LABELS, values.kind),
    activeItems: yesNo(values.active),
  };
}

export function catalogueRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { catalogue, catalogueItems, groups } = services;

  /** The programme's page: its rules, modules, templates and groups; `extra` carries a form's errors. */
  const programmePage = async (request: FastifyRequest<IdParams>, extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const detail = await catalogue.view(actor, request.params.id);
    const programmeGroups = await groups.list(actor, { programmeId: request.params.id });
    const canConfigure = can(actor, 'programme.configure');
    return {
      title: detail.programme.name,
      ...detail,
      groups: programmeGroups,
      canConfigure,
      canCreateGroup: can(actor, detail.programme.side === 'partner' ? 'group.managePartnerSide' : 'group.manage'),
      canSeeWaitingList: detail.programme.side === 'perpetrator' && can(actor, 'enrolment.view'),
      moduleItems: selectItems(
        detail.modules.map((m) => ({ value: m.id, text: m.title })),
        null,
        'No module',
      ),
      moduleValues: {},
      templateValues: { delivery: 'group', durationMinutes: '150' },
      requiredItems: yesNo('no'),
      backLink: '/programmes',
      flash: flashFrom(request.query),
      ...extra,
    };
  };

  app.get('/programmes', async (request, reply) => {
    const actor = requireActor(request);
    return reply.view(LIST, {
      title: 'Programmes',
      programmes: await catalogue.list(actor),
      canConfigure: can(actor, 'programme.configure'),
      canSeeVenues: can(actor, 'programme.view'),
    });
  });

  const requireConfigure = (actor: Actor) => can(actor, 'programme.configure');

  app.get('/programmes/new', async (request, reply) => {
    if (!requireConfigure(requireActor(request))) {
      return reply.callNotFound();
    }
    return reply.view(FORM, formContext({ kind: 'group_dapp', absenceReviewAfter: '2', completionMinSessions: '26' }, null));
  });

  app.post('/programmes/new', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), PROGRAMME_FORM_FIELDS, ['kind']);
    return handleForm(
      reply,
      async () => {
        const id = await catalogue.create(actor, parseInput(ZProgrammeInput, values), originOf(request));
        return reply.redirect(`/programmes/${id}?saved=1`, 303);
      },
      async () => ({ template: FORM, context: formContext(values, null) }),
    );
  });

  app.get<IdParams>('/programmes/:id', async (request, reply) => reply.view(PROGRAMME, await programmePage(request)));

  app.get<IdParams>('/programmes/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const { programme } = await catalogue.view(actor, request.params.id);
    if (!requireConfigure(actor)) {
      return reply.callNotFound();
    }
    const values = {
      name: programme.name,
      description: programme.description,
      completionMinSessions: programme.completionMinSessions === null ? '' : String(programme.completionMinSessions),
      completionMinHours: programme.completionMinHours === null ? '' : String(programme.completionMinHours),
      absenceReviewAfter: String(programme.absenceReviewAfter),
      active: programme.active ? 'yes' : 'no',
    };
    return reply.view(FORM, formContext(values, programme));
  });

  app.post<IdParams>('/programmes/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), PROGRAMME_FORM_FIELDS, ['active']);
    return handleForm(
      reply,
      async () => {
        await catalogue.update(actor, request.params.id, parseInput(ZProgrammeUpdate, values), originOf(request));
        return reply.redirect(`/programmes/${request.params.id}?saved=1`, 303);
      },
      async () => {
        const { programme } = await catalogue.view(actor, request.params.id);
        return { template: FORM, context: formContext(values, programme) };
      },
    );
  });

  app.post<IdParams>('/programmes/:id/modules', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), MODULE_FORM_FIELDS);
    return handleForm(
      reply,
      async () => {
        await catalogueItems.addModule(actor, request.params.id, parseInput(ZModuleInput, values), originOf(request));
        return reply.redirect(`/programmes/${request.params.id}?saved=1#modules`, 303);
      },
      async () => ({
        template: PROGRAMME,
        context: await programmePage(request, { moduleValues: values, requiredItems: yesNo(values.required) }),
      }),
    );
  });

  app.post<IdParams>('/programmes/:id/modules/remove', async (request, reply) => {
    const actor = requireActor(request);
    const moduleId = uuidOrNotFound(formOf(request.body).moduleId);
    return handleForm(
      reply,
      async () => {
        await catalogueItems.removeModule(actor, request.params.id, moduleId, originOf(request));
        return reply.redirect(`/programmes/${request.params.id}?saved=1#modules`, 303);
      },
      async () => ({ template: PROGRAMME, context: await programmePage(request) }),
    );
  });

  app.post<IdParams>('/programmes/:id/templates', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), TEMPLATE_FORM_FIELDS, ['delivery']);
    return handleForm(
      reply,
      async () => {
        await catalogueItems.addTemplate(actor, request.params.id, parseInput(ZTemplateInput, values), originOf(request));
        return reply.redirect(`/programmes/${request.params.id}?saved=1#templates`, 303);
      },
      async () => {
        const context = await programmePage(request, { templateValues: values });
        return {
          template: PROGRAMME,
          context: {
            ...context,
            moduleItems: selectItems(
              context.modules.map((m) => ({ value: m.id, text: m.title })),
              typeof values.moduleId === 'string' ? values.moduleId : null,
              'No module',
            ),
          },
        };
      },
      { title: 'templateTitle' },
    );
  });

  app.post<IdParams>('/programmes/:id/templates/remove', async (request, reply) => {
    const actor = requireActor(request);
    const templateId = uuidOrNotFound(formOf(request.body).templateId);
    return handleForm(
      reply,
      async () => {
        await catalogueItems.removeTemplate(actor, request.params.id, templateId, originOf(request));
        return reply.redirect(`/programmes/${request.params.id}?saved=1#templates`, 303);
      },
      async () => ({ template: PROGRAMME, context: await programmePage(request) }),
    );
  });
}
