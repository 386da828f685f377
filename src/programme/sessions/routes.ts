import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Actor } from '../../access/index.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { fromForm } from '../catalogue/schemas.js';
import { GROUP_PAGE, groupPage } from '../groups/group-page.js';
import { ZRemoveFacilitator } from '../groups/schemas.js';
import { flashFrom } from '../route-helpers.js';
import { formOf, handleForm, type IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';
import {
  CATCH_UP_FORM_FIELDS,
  GENERATE_FORM_FIELDS,
  RESCHEDULE_FORM_FIELDS,
  ZCatchUpInput,
  ZGenerateInput,
  ZReasonInput,
  ZRescheduleInput,
  ZSessionFacilitatorInput,
} from './schemas.js';

const SESSION = 'programme/sessions/views/session.njk';
const RESCHEDULE = 'programme/sessions/views/session-reschedule.njk';
const CANCEL = 'programme/sessions/views/session-cancel.njk';
const CATCH_UP = 'programme/sessions/views/catch-up.njk';

export function sessionRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { sessions, sessionChanges, venues, catalogue, groups, enrolments } = services;

  const sessionPage = async (request: FastifyRequest<IdParams>, extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const detail = await sessions.view(actor, request.params.id, originOf(request));
    const options = detail.canManage ? await sessions.facilitatorOptions(actor, request.params.id) : [];
    const values = (extra.values ?? {}) as Record<string, unknown>;
    return {
      title: detail.session.title,
      ...detail,
      facilitatorItems: selectItems(
        options.map((w) => ({ value: w.id, text: w.displayName })),
        typeof values.userId === 'string' ? values.userId : null,
        'Select a facilitator',
      ),
      backLink: detail.session.groupId ? `/groups/${detail.session.groupId}#sessions` : '/calendar',
      // The register is his side's (attendance-routes); a partner support group keeps none here.
      canSeeRegister: detail.session.side === 'perpetrator' && can(actor, 'enrolment.view'),
      flash: flashFrom(request.query),
      values,
      ...extra,
    };
  };

  const venueItems = async (actor: Actor, selected: string | null) =>
    selectItems(
      (await venues.list(actor, { activeOnly: true })).map((v) => ({ value: v.id, text: v.name })),
      selected,
      'Keep the same venue',
    );

  app.post<IdParams>('/groups/:id/sessions', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), GENERATE_FORM_FIELDS);
    return handleForm(
      reply,
      async () => {
        await sessions.generate(actor, request.params.id, parseInput(ZGenerateInput, values), originOf(request));
        return reply.redirect(`/groups/${request.params.id}?saved=generated#sessions`, 303);
      },
      async () => ({ template: GROUP_PAGE, context: await groupPage(services, request, { values }) }),
    );
  });

  const catchUpContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => {
    const actor = requireActor(request);
    const detail = await groups.view(actor, request.params.id, originOf(request));
    if (!detail.canManage) {
      return null;
    }
    const { templates } = await catalogue.view(actor, detail.group.programmeId);
    const members =
      detail.group.side === 'perpetrator' && can(actor, 'enrolment.view')
        ? (await enrolments.groupMembers(actor, request.params.id)).members
        : [];
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : null);
    return {
      title: 'Add a catch-up session',
      group: detail.group,
      values,
      backLink: `/groups/${request.params.id}#sessions`,
      templateItems: selectItems(
        templates.map((t) => ({ value: t.id, text: `${t.position}. ${t.title}` })),
        text('templateId'),
        'Select the session it catches up',
      ),
      memberItems: selectItems(
        members.map((m) => ({ value: m.id, text: `${m.participantName} (${m.participantReference})` })),
        text('enrolmentId'),
        'The whole group',
      ),
      showMembers: members.length > 0,
      venueItems: await venueItems(actor, text('venueId')),
    };
  };

  app.get<IdParams>('/groups/:id/catch-up', async (request, reply) => {
    const context = await catchUpContext(request, { time: '18:30' });
    return context ? reply.view(CATCH_UP, context) : reply.callNotFound();
  });

  app.post<IdParams>('/groups/:id/catch-up', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), CATCH_UP_FORM_FIELDS);
    return handleForm(
      reply,
      async () => {
        const id = await sessions.addCatchUp(actor, request.params.id, parseInput(ZCatchUpInput, values), originOf(request));
        return reply.redirect(`/sessions/${id}?saved=1`, 303);
      },
      async (error) => {
        const context = await catchUpContext(request, values);
        if (!context) {
          throw error;
        }
        return { template: CATCH_UP, context };
      },
    );
  });

  app.get<IdParams>('/sessions/:id', async (request, reply) => reply.view(SESSION, await sessionPage(request)));

  const rescheduleContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown> | null) => {
    const actor = requireActor(request);
    const { session, canManage } = await sessions.view(actor, request.params.id, originOf(request));
    if (!canManage) {
      return null;
    }
    const filled = values ?? { date: session.date, time: session.time };
    return {
      title: `Reschedule ${session.title}`,
      session,
      values: filled,
      venueItems: await venueItems(actor, typeof filled.venueId === 'string' ? filled.venueId : null),
      backLink: `/sessions/${session.id}`,
    };
  };

  app.get<IdParams>('/sessions/:id/reschedule', async (request, reply) => {
    const context = await rescheduleContext(request, null);
    return context ? reply.view(RESCHEDULE, context) : reply.callNotFound();
  });

  app.post<IdParams>('/sessions/:id/reschedule', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), RESCHEDULE_FORM_FIELDS);
    return handleForm(
      reply,
      async () => {
        await sessionChanges.reschedule(actor, request.params.id, parseInput(ZRescheduleInput, values), originOf(request));
        return reply.redirect(`/sessions/${request.params.id}?saved=1`, 303);
      },
      async (error) => {
        const context = await rescheduleContext(request, values);
        if (!context) {
          throw error;
        }
        return { template: RESCHEDULE, context };
      },
    );
  });

  const cancelContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => {
    const actor = requireActor(request);
    const { session, canManage } = await sessions.view(actor, request.params.id, originOf(request));
    return canManage ? { title: `Cancel ${session.title}`, session, values, backLink: `/sessions/${session.id}` } : null;
  };

  app.get<IdParams>('/sessions/:id/cancel', async (request, reply) => {
    const context = await cancelContext(request, {});
    return context ? reply.view(CANCEL, context) : reply.callNotFound();
  });

  app.post<IdParams>('/sessions/:id/cancel', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), ['reason']);
    return handleForm(
      reply,
      async () => {
        await sessionChanges.cancel(actor, request.params.id, parseInput(ZReasonInput, values), originOf(request));
        return reply.redirect(`/sessions/${request.params.id}?saved=1`, 303);
      },
      async (error) => {
        const context = await cancelContext(request, values);
        if (!context) {
          throw error;
        }
        return { template: CANCEL, context };
      },
    );
  });

  app.post<IdParams>('/sessions/:id/reinstate', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), ['reason']);
    return handleForm(
      reply,
      async () => {
        await sessionChanges.reinstate(actor, request.params.id, parseInput(ZReasonInput, values), originOf(request));
        return reply.redirect(`/sessions/${request.params.id}?saved=1`, 303);
      },
      async () => ({ template: SESSION, context: await sessionPage(request, { values }) }),
    );
  });

  app.post<IdParams>('/sessions/:id/facilitators', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), ['userId', 'role'], ['userId', 'role']);
    return handleForm(
      reply,
      async () => {
        await sessionChanges.addFacilitator(
          actor,
          request.params.id,
          parseInput(ZSessionFacilitatorInput, values),
          originOf(request),
        );
        return reply.redirect(`/sessions/${request.params.id}?saved=1#facilitators`, 303);
      },
      async () => ({ template: SESSION, context: await sessionPage(request, { values }) }),
    );
  });

  app.post<IdParams>('/sessions/:id/facilitators/remove', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), ['userId']);
    return handleForm(
      reply,
      async () => {
        const { userId } = parseInput(ZRemoveFacilitator, values);
        await sessionChanges.removeFacilitator(actor, request.params.id, userId, originOf(request));
        return reply.redirect(`/sessions/${request.params.id}?saved=1#facilitators`, 303);
      },
      async () => ({ template: SESSION, context: await sessionPage(request) }),
    );
  });
}
