import type { FastifyInstance } from 'fastify';
import { can, type Actor } from '../access/index.js';
import { rawDate } from '../participants/routes.js';
import { dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import type { ChildView } from './presenters.js';
import {
  CHILD_RELATIONSHIPS,
  CHILD_RELATIONSHIP_LABELS,
  LIVES_WITH,
  LIVES_WITH_LABELS,
  PROTECTION_STATUSES,
  PROTECTION_STATUS_LABELS,
  ZChildInput,
  childFromForm,
} from './schemas.js';
import type { ChildrenOf, ChildrenService } from './service.js';

type ParticipantParams = { Params: { id: string } };
type ChildParams = { Params: { id: string; childId: string } };

const LIST = 'children/views/list.njk';
const FORM = 'children/views/form.njk';

const radios = <K extends string>(keys: readonly K[], labels: Record<K, string>, selected: unknown) =>
  keys.map((key) => ({ value: key, text: labels[key], checked: selected === key }));

function formContext(
  participant: ChildrenOf,
  values: Record<string, unknown>,
  dateOfBirth: { day: string; month: string; year: string },
  page: { title: string; action: string },
) {
  return {
    ...page,
    participant,
    values,
    dateOfBirth,
    relationshipItems: radios(CHILD_RELATIONSHIPS, CHILD_RELATIONSHIP_LABELS, values.relationshipToParticipant),
    livesWithItems: radios(LIVES_WITH, LIVES_WITH_LABELS, values.livesWith),
    protectionItems: radios(PROTECTION_STATUSES, PROTECTION_STATUS_LABELS, values.protectionStatus),
    backLink: `/participants/${participant.id}#children`,
  };
}

const addPage = (participant: ChildrenOf) => ({
  title: 'Add a child',
  action: `/participants/${participant.id}/children/new`,
});
const editPage = (participant: ChildrenOf, child: ChildView) => ({
  title: child.givenName ? `Change ${child.givenName}’s details` : 'Change the child’s details',
  action: `/participants/${participant.id}/children/${child.id}/edit`,
});

/** A child's answers for the form again: an age given shows in the age box, a date of birth in its boxes. */
function valuesOf(child: ChildView): Record<string, unknown> {
  return {
    givenName: child.givenName,
    ageYears: child.ageYears === null ? '' : String(child.ageYears),
    relationshipToParticipant: child.relationshipToParticipant,
    livesWith: child.livesWith,
    protectionStatus: child.protectionStatus,
  };
}

/** Pages for the children a referral names, reached from the participant's case page. */
export function childrenRoutes(app: FastifyInstance, { children }: { children: ChildrenService }): void {
  const mayAdd = (actor: Actor) => can(actor, 'child.create');

  app.get<ParticipantParams>('/participants/:id/children', async (request, reply) => {
    const actor = requireActor(request);
    const { participant, children: list } = await children.list(actor, request.params.id);
    return reply.view(LIST, {
      title: `Children of ${participant.name}`,
      participant,
      children: list,
      canAdd: mayAdd(actor),
      canEdit: can(actor, 'child.update'),
      flash: (request.query as Record<string, string | undefined>).saved ? 'Saved' : undefined,
      backLink: `/participants/${participant.id}`,
    });
  });

  app.get<ParticipantParams>('/participants/:id/children/new', async (request, reply) => {
    const actor = requireActor(request);
    const participant = await children.participantFor(actor, request.params.id);
    return reply.view(FORM, formContext(participant, {}, dateParts(null), addPage(participant)));
  });

  app.post<ParticipantParams>('/participants/:id/children/new', async (request, reply) => {
    const actor = requireActor(request);
    const participant = await children.participantFor(actor, request.params.id);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = childFromForm(form);
    try {
      await children.create(actor, participant.id, parseInput(ZChildInput, values), originOf(request));
      return reply.redirect(`/participants/${participant.id}/children?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(reply, FORM, formContext(participant, values, rawDate(form), addPage(participant)), error);
      }
      throw error;
    }
  });

  app.get<ChildParams>('/participants/:id/children/:childId/edit', async (request, reply) => {
    const actor = requireActor(request);
    const { participant, child } = await children.forEdit(actor, request.params.id, request.params.childId);
    return reply.view(
      FORM,
      formContext(participant, valuesOf(child), dateParts(child.dateOfBirth), editPage(participant, child)),
    );
  });

  app.post<ChildParams>('/participants/:id/children/:childId/edit', async (request, reply) => {
    const actor = requireActor(request);
    const { participant, child } = await children.forEdit(actor, request.params.id, request.params.childId);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = childFromForm(form);
    try {
      await children.update(actor, participant.id, child.id, parseInput(ZChildInput, values), originOf(request));
      return reply.redirect(`/participants/${participant.id}/children?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const page = editPage(participant, child);
        return renderFormErrors(reply, FORM, formContext(participant, values, rawDate(form), page), error);
      }
      throw error;
    }
  });
}
