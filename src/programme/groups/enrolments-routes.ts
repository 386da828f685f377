import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../access/index.js';
import { todayInLondon } from '../../dates/london.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { fromForm } from '../catalogue/schemas.js';
import {
  NON_ASSOCIATION_FORM_FIELDS,
  WAITING_LIST_FORM_FIELDS,
  ZNonAssociationInput,
  ZWaitingListByReference,
  ZWaitingListInput,
} from './enrolments-schemas.js';
import { NON_ASSOCIATION_REASONS, NON_ASSOCIATION_REASON_LABELS, WAITING_REASONS, WAITING_REASON_LABELS } from '../labels.js';
import { flashFrom } from '../route-helpers.js';
import { formOf, handleForm, radios, type IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';

const PARTICIPANT = 'programme/groups/views/participant-programme.njk';
const WAITING_FORM = 'programme/groups/views/waiting-list-form.njk';
const WAITING_LIST = 'programme/groups/views/waiting-list.njk';
const NON_ASSOCIATION_FORM = 'programme/groups/views/non-association-form.njk';
const WAITING_BY_REFERENCE = 'programme/groups/views/waiting-list-add.njk';

/**
 * His programme section (reached from his case page): his enrolments and non-associations, joining
 * a waiting list, recording and ending non-associations; and a programme's waiting list.
 */
export function enrolmentRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { enrolments, nonAssociations } = services;

  app.get<IdParams>('/participants/:id/programme', async (request, reply) => {
    const actor = requireActor(request);
    const view = await enrolments.participantProgramme(actor, request.params.id);
    return reply.view(PARTICIPANT, {
      title: `Programme: ${view.participant.name}`,
      ...view,
      canManageNonAssociations: can(actor, 'nonAssociation.manage'),
      backLink: `/participants/${request.params.id}`,
      flash: flashFrom(request.query),
    });
  });

  const waitingContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => {
    const actor = requireActor(request);
    const view = await enrolments.participantProgramme(actor, request.params.id);
    const programmes = await enrolments.programmeOptions(actor);
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : null);
    return {
      title: 'Add to a waiting list',
      participant: view.participant,
      values,
      programmeItems: selectItems(
        programmes.map((p) => ({ value: p.id, text: p.name })),
        text('programmeId'),
        'Select the programme',
      ),
      reasonItems: radios(WAITING_REASONS, WAITING_REASON_LABELS, values.reasonCode),
      backLink: `/participants/${request.params.id}/programme`,
    };
  };

  app.get<IdParams>('/participants/:id/programme/waiting-list', async (request, reply) => {
    if (!can(requireActor(request), 'enrolment.manage')) {
      return reply.callNotFound();
    }
    return reply.view(WAITING_FORM, await waitingContext(request, { readyOn: todayInLondon(), reasonCode: 'assessed_suitable' }));
  });

  app.post<IdParams>('/participants/:id/programme/waiting-list', async (request, reply) => {
    const actor = requireActor(request);
    const form = formOf(request.body);
    const values = {
      ...fromForm(form, WAITING_LIST_FORM_FIELDS, ['programmeId', 'reasonCode']),
      readyOn: fromForm(form, ['readyOn']).readyOn,
    };
    return handleForm(
      reply,
      async () => {
        await enrolments.addToWaitingList(actor, request.params.id, parseInput(ZWaitingListInput, values), originOf(request));
        return reply.redirect(`/participants/${request.params.id}/programme?saved=waiting`, 303);
      },
      async () => ({ template: WAITING_FORM, context: await waitingContext(request, values) }),
    );
  });

  app.get<IdParams>('/programmes/:id/waiting-list', async (request, reply) => {
    const actor = requireActor(request);
    const list = await enrolments.waitingList(actor, request.params.id);
    return reply.view(WAITING_LIST, {
      title: `Waiting list: ${list.programme.name}`,
      ...list,
      canAdd: can(actor, 'enrolment.manage'),
      backLink: `/programmes/${request.params.id}`,
      flash: flashFrom(request.query),
    });
  });

  const byReferenceContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => {
    const actor = requireActor(request);
    const list = await enrolments.waitingList(actor, request.params.id);
    return {
      title: `Add to the waiting list: ${list.programme.name}`,
      programme: list.programme,
      values,
      reasonItems: radios(WAITING_REASONS, WAITING_REASON_LABELS, values.reasonCode),
      backLink: `/programmes/${request.params.id}/waiting-list`,
    };
  };

  app.get<IdParams>('/programmes/:id/waiting-list/new', async (request, reply) => {
    if (!can(requireActor(request), 'enrolment.manage')) {
      return reply.callNotFound();
    }
    return reply.view(
      WAITING_BY_REFERENCE,
      await byReferenceContext(request, { readyOn: todayInLondon(), reasonCode: 'assessed_suitable' }),
    );
  });

  app.post<IdParams>('/programmes/:id/waiting-list/new', async (request, reply) => {
    const actor = requireActor(request);
    const form = formOf(request.body);
    const values = {
      ...fromForm(form, ['participantReference', 'readyOn', 'reasonCode', 'note'], ['reasonCode']),
      programmeId: request.params.id,
    };
    return handleForm(
      reply,
      async () => {
        await enrolments.addByReference(actor, parseInput(ZWaitingListByReference, values), originOf(request));
        return reply.redirect(`/programmes/${request.params.id}/waiting-list?saved=waiting`, 303);
      },
      async () => ({ template: WAITING_BY_REFERENCE, context: await byReferenceContext(request, values) }),
    );
  });

  const nonAssociationContext = async (request: FastifyRequest<IdParams>, values: Record<string, unknown>) => {
    const actor = requireActor(request);
    const view = await enrolments.participantProgramme(actor, request.params.id);
    return {
      title: 'Record a non-association',
      participant: view.participant,
      values,
      reasonItems: radios(NON_ASSOCIATION_REASONS, NON_ASSOCIATION_REASON_LABELS, values.reasonCode),
      backLink: `/participants/${request.params.id}/programme`,
    };
  };

  app.get<IdParams>('/participants/:id/non-associations/new', async (request, reply) => {
    if (!can(requireActor(request), 'nonAssociation.manage')) {
      return reply.callNotFound();
    }
    return reply.view(NON_ASSOCIATION_FORM, await nonAssociationContext(request, {}));
  });

  app.post<IdParams>('/participants/:id/non-associations/new', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), NON_ASSOCIATION_FORM_FIELDS, ['reasonCode']);
    return handleForm(
      reply,
      async () => {
        await nonAssociations.record(actor, request.params.id, parseInput(ZNonAssociationInput, values), originOf(request));
        return reply.redirect(`/participants/${request.params.id}/programme?saved=1#non-associations`, 303);
      },
      async () => ({ template: NON_ASSOCIATION_FORM, context: await nonAssociationContext(request, values) }),
    );
  });

  /** Ends a non-association; back to the case the user came from (one of the two men). */
  app.post<IdParams>('/non-associations/:id/end', async (request, reply) => {
    const actor = requireActor(request);
    const returnTo = formOf(request.body).participantId;
    const { participantIds } = await nonAssociations.end(actor, request.params.id, originOf(request));
    const back = typeof returnTo === 'string' && (participantIds as string[]).includes(returnTo) ? returnTo : participantIds[0];
    return reply.redirect(`/participants/${back}/programme?saved=ended#non-associations`, 303);
  });
}
