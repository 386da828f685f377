import type { FastifyInstance } from 'fastify';
import { genderItems } from '../people/form-items.js';
import { rawDate } from '../web/forms.js';
import { can, hisRiskPictureLinks, type Actor } from '../access/index.js';
import { readSections, type CaseSection } from '../web/case-sections.js';
import { dateParts } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { form, formPage, page, type FormBody, type RouteCall } from '../web/route.js';
import { allocationLabel } from '../people/workers.js';
import { cursorForPage, selectItems } from '../web/pagination.js';
import { caseloadPageContext, pageParams } from '../people/caseload-page.js';
import {
  participantCaseloadRights,
  participantRiskChoices,
  participantSearchHint,
  participantStatusChoices,
} from './caseload.js';
import { PERPETRATOR_CASE_STATUSES, STATUS_LABELS, ZNoteInput, ZParticipantInput, participantFromForm } from './schemas.js';
import type { ParticipantService } from './service.js';

const LIST = 'participants/views/list.njk';
const FORM = 'participants/views/form.njk';
const CASE = 'participants/views/case.njk';

export const statusItems = (selected: string | null | undefined) =>
  selectItems(
    PERPETRATOR_CASE_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
    selected,
  );
/** His case page's sections that other capabilities answer (listed in src/app/case-sections.ts). */
export type HisCaseSection = CaseSection<{ participantId: string }>;

/** The services his case file's pages ask, by their names in the composition root (src/app). */
export type ParticipantRouteServices = {
  participants: ParticipantService;
  hisCaseSections: readonly HisCaseSection[];
};

/** A caseload list page: one page of records, how many there are, and the links to the pages either side. */
export function participantRoutes(app: FastifyInstance, services: ParticipantRouteServices): void {
  const { participants, hisCaseSections } = services;
  /** His case page; `extra` carries the note form's errors and input. */
  const casePage = async (
    { actor, params, query, origin }: RouteCall<'/participants/:id'>,
    extra: Record<string, unknown> = {},
  ) => {
    const view = await participants.view(actor, params.id, origin);
    // Her cases linked to him (partner side and management only), his contact attempts, his
    // children as both sides see them, and his programme.
    const sections = await readSections(hisCaseSections, actor, { participantId: params.id }, origin);
    return {
      title: `${view.participant.givenName} ${view.participant.familyName}`,
      view,
      ...sections,
      canAddChild: can(actor, 'child.create'),
      canEditChild: can(actor, 'child.update'),
      canEdit: can(actor, 'participant.update'),
      canAddNote: can(actor, 'participant.addNote'),
      canAddPartner: can(actor, 'partnerCase.create'),
      canShare: can(actor, 'share.listForParticipant'),
      canViewAssessment: can(actor, 'assessment.view'),
      canViewAssessmentReports: can(actor, 'assessmentReport.view'),
      flash: query.saved ? 'Saved' : undefined,
      riskPictureLinks: hisRiskPictureLinks(actor, params.id),
      backLink: '/participants',
      ...extra,
    };
  };

  /** His details form: the record's values (or the form as sent, with the date as typed) and the choices. */
  const formContext = async (actor: Actor, values: FormBody, form: FormBody | undefined, extra: Record<string, unknown>) => {
    const workers = await participants.allocationOptions(actor);
    return {
      values,
      dateOfBirth: form ? rawDate(form) : dateParts(typeof values.dateOfBirth === 'string' ? values.dateOfBirth : null),
      statusItems: statusItems(typeof values.status === 'string' ? values.status : 'referred'),
      genderItems: genderItems(typeof values.gender === 'string' ? values.gender : null),
      workerItems: selectItems(
        workers.map((w) => ({ value: w.id, text: allocationLabel(w) })),
        typeof values.allocatedWorkerId === 'string' ? values.allocatedWorkerId : null,
        'Not allocated yet',
      ),
      ...extra,
    };
  };

  // His caseload: opens on "My cases" when the viewer has cases allocated; search and filters in
  // the address (the dashboard links to them); a refused value is shown beside its field.
  page(app, '/participants', LIST, async ({ actor, query }) => {
    const { params, errors } = pageParams(query, participantCaseloadRights(actor));
    // The filter choices and whether the viewer has cases allocated first, in one statement:
    // the list opens on "My cases" when they have.
    const choices = await participants.caseloadChoices(actor);
    const result = await participants.search(actor, {
      params,
      cursorOf: (idCount) => cursorForPage(query, idCount),
      defaultScope: choices.allocatedToViewer ? 'mine' : 'all',
      staleCursor: 'first-page',
    });
    return {
      title: 'Participants',
      result,
      canCreate: can(actor, 'participant.create'),
      errors: errors ?? undefined,
      ...caseloadPageContext(
        '/participants',
        params,
        result,
        {
          statuses: participantStatusChoices,
          risks: can(actor, 'assessment.view') ? participantRiskChoices : null,
          workers: choices.workers.map((w) => ({ value: w.id, text: w.displayName })),
          teams: choices.teams.map((t) => ({ value: t.id, text: t.name })),
          groups: choices.groups && choices.groups.map((g) => ({ value: g.id, text: g.name })),
          overdue: can(actor, 'participant.logContact'),
          searchHint: participantSearchHint(actor),
        },
        ['participant', 'participants'],
        { name: 'Name', reference: 'Reference', status: 'Status', updated: 'Last changed' },
      ),
    };
  });

  formPage(app, {
    url: '/participants/new',
    view: FORM,
    context: ({ actor }, form) =>
      formContext(actor, form ? participantFromForm(form) : { status: 'referred' }, form, {
        title: 'Add a participant',
        action: '/participants/new',
        backLink: '/participants',
      }),
    save: async ({ actor, origin }, form) => {
      const id = await participants.create(actor, parseInput(ZParticipantInput, participantFromForm(form)), origin);
      return `/participants/${id}`;
    },
  });

  page(app, '/participants/:id', CASE, (call) => casePage(call));

  // A refused edit reads his record again for the page's title (the same read and access check).
  formPage(app, {
    url: '/participants/:id/edit',
    view: FORM,
    context: async ({ actor, params }, form) => {
      const participant = await participants.forEdit(actor, params.id);
      return formContext(actor, form ? participantFromForm(form) : { ...participant, ...participant.contact }, form, {
        title: `Edit ${participant.givenName} ${participant.familyName}`,
        action: `/participants/${participant.id}/edit`,
        backLink: `/participants/${participant.id}`,
      });
    },
    save: async ({ actor, params, origin }, form) => {
      const participant = await participants.forEdit(actor, params.id);
      await participants.update(actor, participant.id, parseInput(ZParticipantInput, participantFromForm(form)), origin);
      return `/participants/${participant.id}?saved=1`;
    },
  });

  form(app, {
    url: '/participants/:id/notes',
    view: CASE,
    context: (call, form) => casePage(call, { noteValue: form.body }),
    save: async ({ actor, params, origin }, form) => {
      const { body } = parseInput(ZNoteInput, form);
      await participants.addNote(actor, params.id, body, origin);
      return `/participants/${params.id}?saved=1#notes`;
    },
  });
}

/** The date parts as typed, so a form with a wrong date shows what the user entered. */
