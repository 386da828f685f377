import type { FastifyInstance } from 'fastify';
import { can, type Actor } from '../../access/index.js';
import { parseInput } from '../../web/http.js';
import { countCaption, cursorForPage, keysetPaginationFor, selectItems } from '../../web/pagination.js';
import { form, page, type FormBody } from '../../web/route.js';
import { fromForm } from '../catalogue/schemas.js';
import { notFound, restrictedFormPage } from '../form-pages.js';
import { ZPlacementInput } from './enrolments-schemas.js';
import { GROUP_PAGE, groupPage, type GroupPageCall } from './group-page.js';
import {
  GROUP_CHOICE_FIELDS,
  GROUP_FORM_FIELDS,
  ZFacilitatorInput,
  ZGroupInput,
  ZGroupUpdate,
  ZRemoveFacilitator,
} from './schemas.js';
import { DAY_LABELS, GROUP_STATUSES, GROUP_STATUS_LABELS, INTAKES, INTAKE_LABELS } from '../labels.js';
import { radios } from '../../web/forms.js';
import { GROUP_CURSOR_IDS } from './service.js';
import type { ProgrammeServices } from '../services.js';

const LIST = 'programme/groups/views/groups.njk';
const FORM = 'programme/groups/views/group-form.njk';

const groupValues = (form: FormBody) => fromForm(form, GROUP_FORM_FIELDS, GROUP_CHOICE_FIELDS);

export function groupRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { groups, catalogue, venues, enrolments } = services;

  /** The programmes whose groups the actor runs: his side's, hers, or both for management. */
  const programmeChoices = async (actor: Actor) =>
    (await catalogue.list(actor, { activeOnly: true })).filter((p) =>
      can(actor, p.side === 'partner' ? 'group.managePartnerSide' : 'group.manage'),
    );

  const formContext = async (actor: Actor, values: Record<string, unknown>, editing: { id: string; name: string } | null) => {
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : null);
    const venueList = await venues.list(actor, { activeOnly: true });
    return {
      title: editing ? `Change ${editing.name}` : 'Create a group',
      backLink: editing ? `/groups/${editing.id}` : '/groups',
      action: editing ? `/groups/${editing.id}/edit` : '/groups/new',
      editing: editing !== null,
      values,
      programmeItems: editing
        ? []
        : selectItems(
            (await programmeChoices(actor)).map((p) => ({ value: p.id, text: p.name })),
            text('programmeId'),
            'Select the programme',
          ),
      intakeItems: radios(INTAKES, INTAKE_LABELS, values.intake),
      dayItems: selectItems(
        Object.entries(DAY_LABELS).map(([value, label]) => ({ value, text: label })),
        text('dayOfWeek'),
        'Select the day',
      ),
      venueItems: selectItems(
        venueList.map((v) => ({ value: v.id, text: v.name })),
        text('venueId'),
        'No venue yet',
      ),
      statusItems: selectItems(
        GROUP_STATUSES.map((s) => ({ value: s, text: GROUP_STATUS_LABELS[s] })),
        text('status'),
      ),
    };
  };

  page(app, '/groups', LIST, async ({ actor, query }) => {
    const found = await groups.page(actor, cursorForPage(query, GROUP_CURSOR_IDS));
    return {
      title: 'Groups',
      groups: found.items,
      caption: countCaption(found, 'group', 'groups'),
      pagination: keysetPaginationFor('/groups', found),
      canCreate: can(actor, 'group.manage') || can(actor, 'group.managePartnerSide'),
    };
  });

  restrictedFormPage(app, (actor) => can(actor, 'group.manage') || can(actor, 'group.managePartnerSide'), {
    url: '/groups/new',
    view: FORM,
    context: ({ actor, query }, form) => {
      const starting = {
        programmeId: typeof query.programmeId === 'string' ? query.programmeId : '',
        intake: 'rolling',
        durationMinutes: '150',
        capacity: '12',
        startTime: '18:30',
      };
      return formContext(actor, form ? groupValues(form) : starting, null);
    },
    save: async ({ actor, origin }, form) => {
      const id = await groups.create(actor, parseInput(ZGroupInput, groupValues(form)), origin);
      return `/groups/${id}?saved=1`;
    },
  });

  page(app, '/groups/:id', GROUP_PAGE, (call) => groupPage(services, call));

  // The group is read (with its access check) before "not found" is answered to anyone who may not change it.
  page(app, '/groups/:id/edit', FORM, async ({ actor, params, origin, reply }) => {
    const { group, canManage } = await groups.view(actor, params.id, origin);
    if (!canManage) {
      return notFound(reply);
    }
    const current = {
      name: group.name,
      intake: group.intake,
      venueId: group.venueId ?? '',
      dayOfWeek: String(group.dayOfWeek),
      startTime: group.startTime,
      durationMinutes: String(group.durationMinutes),
      capacity: String(group.capacity),
      startDate: group.startDate,
      interpreterLanguage: group.interpreterLanguage,
      status: group.status,
    };
    return formContext(actor, current, group);
  });

  form(app, {
    url: '/groups/:id/edit',
    view: FORM,
    context: async ({ actor, params, origin }, form) =>
      formContext(actor, groupValues(form), (await groups.view(actor, params.id, origin)).group),
    save: async ({ actor, params, origin }, form) => {
      await groups.update(actor, params.id, parseInput(ZGroupUpdate, groupValues(form)), origin);
      return `/groups/${params.id}?saved=1`;
    },
  });

  /**
   * A form on the group's page: `fields` (and `choices`, left out when none is chosen) are what it
   * sends; saved, back to `section`; refused, the page again with what was typed when `keepTyped`.
   */
  const groupForm = (spec: {
    path: string;
    fields: string[];
    choices?: string[];
    keepTyped: boolean;
    save: (call: GroupPageCall, values: FormBody) => Promise<unknown>;
    next: string;
  }) =>
    form(app, {
      url: `/groups/:id/${spec.path}`,
      view: GROUP_PAGE,
      context: (call, form) =>
        groupPage(services, call, spec.keepTyped ? { values: fromForm(form, spec.fields, spec.choices) } : {}),
      save: async (call, form) => {
        await spec.save(call, fromForm(form, spec.fields, spec.choices));
        return `/groups/${call.params.id}${spec.next}`;
      },
    });

  groupForm({
    path: 'facilitators',
    fields: ['userId', 'role'],
    choices: ['userId', 'role'],
    keepTyped: true,
    save: ({ actor, params, origin }, values) =>
      groups.addFacilitator(actor, params.id, parseInput(ZFacilitatorInput, values), origin),
    next: '?saved=1#facilitators',
  });
  groupForm({
    path: 'facilitators/remove',
    fields: ['userId'],
    keepTyped: false,
    save: ({ actor, params, origin }, values) =>
      groups.removeFacilitator(actor, params.id, parseInput(ZRemoveFacilitator, values).userId, origin),
    next: '?saved=1#facilitators',
  });
  /** Placing a man from the waiting list; refused with the reason beside the field (full, non-association). */
  groupForm({
    path: 'members',
    fields: ['enrolmentId'],
    choices: ['enrolmentId'],
    keepTyped: true,
    save: ({ actor, params, origin }, values) =>
      enrolments.placeInGroup(actor, params.id, parseInput(ZPlacementInput, values), origin),
    next: '?saved=placed#members',
  });
}
