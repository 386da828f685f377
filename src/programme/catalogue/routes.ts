import type { FastifyInstance } from 'fastify';
import { can, type Actor } from '../../access/index.js';
import { parseInput } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { form, page, type FormBody, type RouteCall } from '../../web/route.js';
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
import { notFound, restrictedFormPage } from '../form-pages.js';
import { flashFrom } from '../route-helpers.js';
import { radios, uuidOrNotFound } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';

const LIST = 'programme/catalogue/views/programmes.njk';
const FORM = 'programme/catalogue/views/programme-form.njk';
const PROGRAMME = 'programme/catalogue/views/programme.njk';

type ProgrammeCall = RouteCall<'/programmes/:id'>;
type Module = { id: string; title: string };

/** A programme's form as sent; `choice` is the radio group that is left out when none is chosen. */
const programmeValues = (form: FormBody, choice: 'kind' | 'active') => fromForm(form, PROGRAMME_FORM_FIELDS, [choice]);
const moduleValues = (form: FormBody) => fromForm(form, MODULE_FORM_FIELDS);
const templateValues = (form: FormBody) => fromForm(form, TEMPLATE_FORM_FIELDS, ['delivery']);

const yesNo = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: value === 'yes' || value === true },
  { value: 'no', text: 'No', checked: value === 'no' || value === false },
];

const moduleItems = (modules: Module[], selected: unknown) =>
  selectItems(
    modules.map((m) => ({ value: m.id, text: m.title })),
    typeof selected === 'string' ? selected : null,
    'No module',
  );

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
  const mayConfigure = (actor: Actor) => can(actor, 'programme.configure');

  /** The programme's page: its rules, modules, templates and groups; `typed` carries what a refused form sent. */
  const programmePage = async ({ actor, params, query }: ProgrammeCall, typed: Record<string, unknown> = {}) => {
    const detail = await catalogue.view(actor, params.id);
    const programmeGroups = await groups.list(actor, { programmeId: params.id });
    return {
      title: detail.programme.name,
      ...detail,
      groups: programmeGroups,
      canConfigure: mayConfigure(actor),
      canCreateGroup: can(actor, detail.programme.side === 'partner' ? 'group.managePartnerSide' : 'group.manage'),
      canSeeWaitingList: detail.programme.side === 'perpetrator' && can(actor, 'enrolment.view'),
      moduleItems: moduleItems(detail.modules, null),
      moduleValues: {},
      templateValues: { delivery: 'group', durationMinutes: '150' },
      requiredItems: yesNo('no'),
      backLink: '/programmes',
      flash: flashFrom(query),
      ...typed,
    };
  };

  page(app, '/programmes', LIST, async ({ actor }) => ({
    title: 'Programmes',
    programmes: await catalogue.list(actor),
    canConfigure: mayConfigure(actor),
    canSeeVenues: can(actor, 'programme.view'),
  }));

  restrictedFormPage(app, mayConfigure, {
    url: '/programmes/new',
    view: FORM,
    context: (_call, form) =>
      formContext(
        form ? programmeValues(form, 'kind') : { kind: 'group_dapp', absenceReviewAfter: '2', completionMinSessions: '26' },
        null,
      ),
    save: async ({ actor, origin }, form) => {
      const id = await catalogue.create(actor, parseInput(ZProgrammeInput, programmeValues(form, 'kind')), origin);
      return `/programmes/${id}?saved=1`;
    },
  });

  page(app, '/programmes/:id', PROGRAMME, (call) => programmePage(call));

  // The programme is read (with its access check) before "not found" is answered to anyone who may not change it.
  page(app, '/programmes/:id/edit', FORM, async ({ actor, params, reply }) => {
    const { programme } = await catalogue.view(actor, params.id);
    if (!mayConfigure(actor)) {
      return notFound(reply);
    }
    const current = {
      name: programme.name,
      description: programme.description,
      completionMinSessions: programme.completionMinSessions === null ? '' : String(programme.completionMinSessions),
      completionMinHours: programme.completionMinHours === null ? '' : String(programme.completionMinHours),
      absenceReviewAfter: String(programme.absenceReviewAfter),
      active: programme.active ? 'yes' : 'no',
    };
    return formContext(current, programme);
  });

  form(app, {
    url: '/programmes/:id/edit',
    view: FORM,
    context: async ({ actor, params }, form) =>
      formContext(programmeValues(form, 'active'), (await catalogue.view(actor, params.id)).programme),
    save: async ({ actor, params, origin }, form) => {
      await catalogue.update(actor, params.id, parseInput(ZProgrammeUpdate, programmeValues(form, 'active')), origin);
      return `/programmes/${params.id}?saved=1`;
    },
  });

  /**
   * A form on the programme's page: saved, back to its `section`; refused, the page again with
   * `typed(form, page)` over it (what was sent, in the fields of that form).
   */
  const programmeForm = (
    path: string,
    section: 'modules' | 'templates',
    save: (call: ProgrammeCall, form: FormBody) => Promise<unknown>,
    typed: (form: FormBody, page: { modules: Module[] }) => FormBody = () => ({}),
    fieldIds?: Record<string, string>,
  ) =>
    form(app, {
      url: `/programmes/:id/${path}`,
      view: PROGRAMME,
      context: async (call, form) => {
        const page = await programmePage(call);
        return { ...page, ...typed(form, page) };
      },
      save: async (call, form) => {
        await save(call, form);
        return `/programmes/${call.params.id}?saved=1#${section}`;
      },
      fieldIds,
    });

  programmeForm(
    'modules',
    'modules',
    ({ actor, params, origin }, form) =>
      catalogueItems.addModule(actor, params.id, parseInput(ZModuleInput, moduleValues(form)), origin),
    (form) => {
      const values = moduleValues(form);
      return { moduleValues: values, requiredItems: yesNo(values.required) };
    },
  );
  programmeForm('modules/remove', 'modules', ({ actor, params, origin }, form) =>
    catalogueItems.removeModule(actor, params.id, uuidOrNotFound(form.moduleId), origin),
  );
  programmeForm(
    'templates',
    'templates',
    ({ actor, params, origin }, form) =>
      catalogueItems.addTemplate(actor, params.id, parseInput(ZTemplateInput, templateValues(form)), origin),
    (form, { modules }) => {
      const values = templateValues(form);
      return { templateValues: values, moduleItems: moduleItems(modules, values.moduleId) };
    },
    { title: 'templateTitle' },
  );
  programmeForm('templates/remove', 'templates', ({ actor, params, origin }, form) =>
    catalogueItems.removeTemplate(actor, params.id, uuidOrNotFound(form.templateId), origin),
  );
}
