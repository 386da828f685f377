import type { FastifyInstance } from 'fastify';
import { can, type Actor } from '../../access/index.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { countCaption, cursorForPage, keysetPaginationFor, selectItems } from '../../web/pagination.js';
import { fromForm } from '../catalogue/schemas.js';
import { ZPlacementInput } from './enrolments-schemas.js';
import { GROUP_PAGE, groupPage } from './group-page.js';
import {
  GROUP_CHOICE_FIELDS,
  GROUP_FORM_FIELDS,
  ZFacilitatorInput,
  ZGroupInput,
  ZGroupUpdate,
  ZRemoveFacilitator,
} from './schemas.js';
import { DAY_LABELS, GROUP_STATUSES, GROUP_STATUS_LABELS, INTAKES, INTAKE_LABELS } from '../labels.js';
import { formOf, handleForm, radios, type IdParams } from '../../web/forms.js';
import { GROUP_CURSOR_IDS } from './service.js';
import type { ProgrammeServices } from '../services.js';

const LIST = 'programme/groups/views/groups.njk';
const FORM = 'programme/groups/views/group-form.njk';

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

  app.get('/groups', async (request, reply) => {
    const actor = requireActor(request);
    const page = await groups.page(actor, cursorForPage(request.query, GROUP_CURSOR_IDS));
    return reply.view(LIST, {
      title: 'Groups',
      groups: page.items,
      caption: countCaption(page, 'group', 'groups'),
      pagination: keysetPaginationFor('/groups', page),
      canCreate: can(actor, 'group.manage') || can(actor, 'group.managePartnerSide'),
    });
  });

  app.get('/groups/new', async (request, reply) => {
    const actor = requireActor(request);
    if (!can(actor, 'group.manage') && !can(actor, 'group.managePartnerSide')) {
      return reply.callNotFound();
    }
    const programmeId = (request.query as Record<string, unknown>).programmeId;
    const values = {
      programmeId: typeof programmeId === 'string' ? programmeId : '',
      intake: 'rolling',
      durationMinutes: '150',
      capacity: '12',
      startTime: '18:30',
    };
    return reply.view(FORM, await formContext(actor, values, null));
  });

  app.post('/groups/new', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), GROUP_FORM_FIELDS, GROUP_CHOICE_FIELDS);
    return handleForm(
      reply,
      async () => {
        const id = await groups.create(actor, parseInput(ZGroupInput, values), originOf(request));
        return reply.redirect(`/groups/${id}?saved=1`, 303);
      },
      async () => ({ template: FORM, context: await formContext(actor, values, null) }),
    );
  });

  app.get<IdParams>('/groups/:id', async (request, reply) => reply.view(GROUP_PAGE, await groupPage(services, request)));

  app.get<IdParams>('/groups/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const { group, canManage } = await groups.view(actor, request.params.id, originOf(request));
    if (!canManage) {
      return reply.callNotFound();
    }
    const values = {
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
    return reply.view(FORM, await formContext(actor, values, group));
  });

  app.post<IdParams>('/groups/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), GROUP_FORM_FIELDS, GROUP_CHOICE_FIELDS);
    return handleForm(
      reply,
      async () => {
        await groups.update(actor, request.params.id, parseInput(ZGroupUpdate, values), originOf(request));
        return reply.redirect(`/groups/${request.params.id}?saved=1`, 303);
      },
      async () => {
        const { group } = await groups.view(actor, request.params.id, originOf(request));
        return { template: FORM, context: await formContext(actor, values, group) };
      },
    );
  });

  app.post<IdParams>('/groups/:id/facilitators', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), ['userId', 'role'], ['userId', 'role']);
    return handleForm(
      reply,
      async () => {
        await groups.addFacilitator(actor, request.params.id, parseInput(ZFacilitatorInput, values), originOf(request));
        return reply.redirect(`/groups/${request.params.id}?saved=1#facilitators`, 303);
      },
      async () => ({ template: GROUP_PAGE, context: await groupPage(services, request, { values }) }),
    );
  });

  app.post<IdParams>('/groups/:id/facilitators/remove', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), ['userId']);
    return handleForm(
      reply,
      async () => {
        const { userId } = parseInput(ZRemoveFacilitator, values);
        await groups.removeFacilitator(actor, request.params.id, userId, originOf(request));
        return reply.redirect(`/groups/${request.params.id}?saved=1#facilitators`, 303);
      },
      async () => ({ template: GROUP_PAGE, context: await groupPage(services, request) }),
    );
  });

  /** Placing a man from the waiting list; refused with the reason beside the field (full, non-association). */
  app.post<IdParams>('/groups/:id/members', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), ['enrolmentId'], ['enrolmentId']);
    return handleForm(
      reply,
      async () => {
        await enrolments.placeInGroup(actor, request.params.id, parseInput(ZPlacementInput, values), originOf(request));
        return reply.redirect(`/groups/${request.params.id}?saved=placed#members`, 303);
      },
      async () => ({ template: GROUP_PAGE, context: await groupPage(services, request, { values }) }),
    );
  });
}
