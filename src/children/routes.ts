import type { FastifyInstance } from 'fastify';
import { can } from '../access/index.js';
import { dateParts } from '../people/schemas.js';
import { radios, rawDate } from '../web/forms.js';
import { parseInput } from '../web/http.js';
import { formPage, page, type FormBody, type RouteCall } from '../web/route.js';
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

const LIST = 'children/views/list.njk';
const FORM = 'children/views/form.njk';

/** What the form is about: his record, and the child being changed (none when adding one). */
type Subject = { participant: ChildrenOf; child?: ChildView };

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

/** The child form: the child's saved answers (empty for a new child), or what was typed when it is refused. */
function formContext({ participant, child }: Subject, form?: FormBody) {
  const values = form ? childFromForm(form) : child ? valuesOf(child) : {};
  return {
    title: !child ? 'Add a child' : child.givenName ? `Change ${child.givenName}’s details` : 'Change the child’s details',
    action: `/participants/${participant.id}/children/${child ? `${child.id}/edit` : 'new'}`,
    participant,
    values,
    dateOfBirth: form ? rawDate(form) : dateParts(child?.dateOfBirth),
    relationshipItems: radios(CHILD_RELATIONSHIPS, CHILD_RELATIONSHIP_LABELS, values.relationshipToParticipant),
    livesWithItems: radios(LIVES_WITH, LIVES_WITH_LABELS, values.livesWith),
    protectionItems: radios(PROTECTION_STATUSES, PROTECTION_STATUS_LABELS, values.protectionStatus),
    backLink: `/participants/${participant.id}#children`,
  };
}

/**
 * Loads a form's subject once a request: a POST reads it (with its access check) before saving,
 * and a refused form is shown again with what that read, as before, without reading it twice.
 */
function oncePerCall<Call extends object, Loaded extends Subject>(
  load: (call: Call) => Promise<Loaded>,
): (call: Call) => Promise<Loaded> {
  const loaded = new WeakMap<Call, Promise<Loaded>>();
  return (call) => {
    const subject = loaded.get(call) ?? load(call);
    loaded.set(call, subject);
    return subject;
  };
}

/** Pages for the children a referral names, reached from the participant's case page. */
export function childrenRoutes(app: FastifyInstance, { children }: { children: ChildrenService }): void {
  const listOf = (participant: ChildrenOf) => `/participants/${participant.id}/children?saved=1`;

  page(app, '/participants/:id/children', LIST, async ({ actor, params, query }) => {
    const { participant, children: list } = await children.list(actor, params.id);
    return {
      title: `Children of ${participant.name}`,
      participant,
      children: list,
      canAdd: can(actor, 'child.create'),
      canEdit: can(actor, 'child.update'),
      flash: query.saved ? 'Saved' : undefined,
      backLink: `/participants/${participant.id}`,
    };
  });

  const newChild = oncePerCall(async ({ actor, params }: RouteCall<'/participants/:id'>) => ({
    participant: await children.participantFor(actor, params.id),
  }));
  formPage(app, {
    url: '/participants/:id/children/new',
    view: FORM,
    context: async (call, form) => formContext(await newChild(call), form),
    save: async (call, form) => {
      const { participant } = await newChild(call);
      await children.create(call.actor, participant.id, parseInput(ZChildInput, childFromForm(form)), call.origin);
      return listOf(participant);
    },
  });

  const childToChange = oncePerCall(({ actor, params }: RouteCall<'/participants/:id/:childId'>) =>
    children.forEdit(actor, params.id, params.childId),
  );
  formPage(app, {
    url: '/participants/:id/children/:childId/edit',
    view: FORM,
    context: async (call, form) => formContext(await childToChange(call), form),
    save: async (call, form) => {
      const { participant, child } = await childToChange(call);
      await children.update(call.actor, participant.id, child.id, parseInput(ZChildInput, childFromForm(form)), call.origin);
      return listOf(participant);
    },
  });
}
