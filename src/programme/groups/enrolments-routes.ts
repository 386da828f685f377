import type { FastifyInstance } from 'fastify';
import { can } from '../../access/index.js';
import { todayInLondon } from '../../dates/london.js';
import { parseInput } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { page, routeCall, type FormBody } from '../../web/route.js';
import { fromForm } from '../catalogue/schemas.js';
import {
  NON_ASSOCIATION_FORM_FIELDS,
  WAITING_LIST_FORM_FIELDS,
  ZNonAssociationInput,
  ZWaitingListByReference,
  ZWaitingListInput,
} from './enrolments-schemas.js';
import { NON_ASSOCIATION_REASONS, NON_ASSOCIATION_REASON_LABELS, WAITING_REASONS, WAITING_REASON_LABELS } from '../labels.js';
import { restrictedFormPage } from '../form-pages.js';
import { flashFrom } from '../route-helpers.js';
import { formOf, radios } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';

/** A waiting-list form's starting values: ready today, assessed as suitable. */
const readyToday = () => ({ readyOn: todayInLondon(), reasonCode: 'assessed_suitable' });

const waitingValues = (form: FormBody) => ({
  ...fromForm(form, WAITING_LIST_FORM_FIELDS, ['programmeId', 'reasonCode']),
  readyOn: fromForm(form, ['readyOn']).readyOn,
});

const byReferenceValues = (form: FormBody, programmeId: string) => ({
  ...fromForm(form, ['participantReference', 'readyOn', 'reasonCode', 'note'], ['reasonCode']),
  programmeId,
});

const nonAssociationValues = (form: FormBody) => fromForm(form, NON_ASSOCIATION_FORM_FIELDS, ['reasonCode']);

/**
 * His programme section (reached from his case page): his enrolments and non-associations, joining
 * a waiting list, recording and ending non-associations; and a programme's waiting list.
 */
export function enrolmentRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { enrolments, nonAssociations } = services;

  page(
    app,
    '/participants/:id/programme',
    'programme/groups/views/participant-programme.njk',
    async ({ actor, params, query }) => {
      const view = await enrolments.participantProgramme(actor, params.id);
      return {
        title: `Programme: ${view.participant.name}`,
        ...view,
        canManageNonAssociations: can(actor, 'nonAssociation.manage'),
        backLink: `/participants/${params.id}`,
        flash: flashFrom(query),
      };
    },
  );

  restrictedFormPage(app, (actor) => can(actor, 'enrolment.manage'), {
    url: '/participants/:id/programme/waiting-list',
    view: 'programme/groups/views/waiting-list-form.njk',
    context: async ({ actor, params }, form) => {
      const values: Record<string, unknown> = form ? waitingValues(form) : readyToday();
      const view = await enrolments.participantProgramme(actor, params.id);
      const programmes = await enrolments.programmeOptions(actor);
      return {
        title: 'Add to a waiting list',
        participant: view.participant,
        values,
        programmeItems: selectItems(
          programmes.map((p) => ({ value: p.id, text: p.name })),
          typeof values.programmeId === 'string' ? values.programmeId : null,
          'Select the programme',
        ),
        reasonItems: radios(WAITING_REASONS, WAITING_REASON_LABELS, values.reasonCode),
        backLink: `/participants/${params.id}/programme`,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      await enrolments.addToWaitingList(actor, params.id, parseInput(ZWaitingListInput, waitingValues(form)), origin);
      return `/participants/${params.id}/programme?saved=waiting`;
    },
  });

  page(app, '/programmes/:id/waiting-list', 'programme/groups/views/waiting-list.njk', async ({ actor, params, query }) => {
    const list = await enrolments.waitingList(actor, params.id);
    return {
      title: `Waiting list: ${list.programme.name}`,
      ...list,
      canAdd: can(actor, 'enrolment.manage'),
      backLink: `/programmes/${params.id}`,
      flash: flashFrom(query),
    };
  });

  restrictedFormPage(app, (actor) => can(actor, 'enrolment.manage'), {
    url: '/programmes/:id/waiting-list/new',
    view: 'programme/groups/views/waiting-list-add.njk',
    context: async ({ actor, params }, form) => {
      const values: Record<string, unknown> = form ? byReferenceValues(form, params.id) : readyToday();
      const { programme } = await enrolments.waitingList(actor, params.id);
      return {
        title: `Add to the waiting list: ${programme.name}`,
        programme,
        values,
        reasonItems: radios(WAITING_REASONS, WAITING_REASON_LABELS, values.reasonCode),
        backLink: `/programmes/${params.id}/waiting-list`,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      await enrolments.addByReference(actor, parseInput(ZWaitingListByReference, byReferenceValues(form, params.id)), origin);
      return `/programmes/${params.id}/waiting-list?saved=waiting`;
    },
  });

  restrictedFormPage(app, (actor) => can(actor, 'nonAssociation.manage'), {
    url: '/participants/:id/non-associations/new',
    view: 'programme/groups/views/non-association-form.njk',
    context: async ({ actor, params }, form) => {
      const values: Record<string, unknown> = form ? nonAssociationValues(form) : {};
      const { participant } = await enrolments.participantProgramme(actor, params.id);
      return {
        title: 'Record a non-association',
        participant,
        values,
        reasonItems: radios(NON_ASSOCIATION_REASONS, NON_ASSOCIATION_REASON_LABELS, values.reasonCode),
        backLink: `/participants/${params.id}/programme`,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      await nonAssociations.record(actor, params.id, parseInput(ZNonAssociationInput, nonAssociationValues(form)), origin);
      return `/participants/${params.id}/programme?saved=1#non-associations`;
    },
  });

  /** Ends a non-association; back to the case the user came from (one of the two men). */
  app.post('/non-associations/:id/end', async (request, reply) => {
    const { actor, params, origin } = routeCall<'/non-associations/:id'>(request, reply);
    const returnTo = formOf(request.body).participantId;
    const { participantIds } = await nonAssociations.end(actor, params.id, origin);
    const back = typeof returnTo === 'string' && (participantIds as string[]).includes(returnTo) ? returnTo : participantIds[0];
    return reply.redirect(`/participants/${back}/programme?saved=ended#non-associations`, 303);
  });
}
