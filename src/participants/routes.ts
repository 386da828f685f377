import type { FastifyInstance } from 'fastify';
import { genderItems } from '../people/form-items.js';
import { rawDate } from '../web/forms.js';
import { can, hisRiskPictureLinks, type Action, type Actor } from '../access/index.js';
import { readSections, type CaseSection, type CaseTab } from '../web/case-sections.js';
import { ForbiddenError } from '../errors.js';
import { caseTabLinks } from '../people/case-band.js';
import { hisCaseBand, type BandRiskAssessment } from './presenters.js';
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

/**
 * His case file's tabs in order, each at its address under /participants/:id and shown to whoever
 * holds its right. Programme, Children and Shares sit under tab/: their plain addresses are the
 * pages of their own that those capabilities already have (waiting lists and groups, the children
 * list, the share ledger's form).
 */
const HIS_TABS: ReadonlyArray<{ tab: CaseTab; text: string; path: string; right: Action | null }> = [
  { tab: 'overview', text: 'Overview', path: '', right: null },
  { tab: 'contact', text: 'Contact', path: 'contact', right: 'participant.viewNotes' },
  { tab: 'risk', text: 'Risk', path: 'risk', right: 'assessment.view' },
  { tab: 'programme', text: 'Programme', path: 'tab/programme', right: 'attendance.viewSummary' },
  { tab: 'children', text: 'Children', path: 'tab/children', right: 'child.list' },
  { tab: 'documents', text: 'Documents', path: 'documents', right: 'assessmentReport.view' },
  { tab: 'shares', text: 'Shares', path: 'tab/shares', right: 'share.listForParticipant' },
  { tab: 'history', text: 'History', path: 'history', right: 'participant.viewNotes' },
];

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
  /** His case file's tabs the viewer may use. */
  const tabsFor = (actor: Actor, id: string) =>
    caseTabLinks(
      `/participants/${id}`,
      HIS_TABS.map((t) => ({ ...t, shown: t.right === null || can(actor, t.right) })),
    );

  /**
   * One tab of his case file, with the header band; `extra` carries the note form's errors and
   * input. A tab the viewer may not use answers as his record does to someone who may not see it
   * (refused before anything is read), and each tab reads only its own sections and the band's.
   */
  const casePage = async (
    { actor, params, query, origin }: RouteCall<'/participants/:id'>,
    tab: CaseTab,
    extra: Record<string, unknown> = {},
  ) => {
    const tabs = tabsFor(actor, params.id);
    if (!tabs.some((t) => t.tab === tab)) {
      throw new ForbiddenError();
    }
    const view = await participants.view(actor, params.id, origin);
    const sections = await readSections(hisCaseSections, actor, { participantId: params.id }, origin, tab);
    const p = view.participant;
    return {
      title:
        tab === 'overview'
          ? `${p.givenName} ${p.familyName}`
          : `${tabs.find((t) => t.tab === tab)?.text}: ${p.givenName} ${p.familyName}`,
      view,
      tab,
      band: hisCaseBand(view, (sections.riskAssessment ?? null) as BandRiskAssessment | null, tabs, tab),
      ...sections,
      canAddChild: can(actor, 'child.create'),
      canEditChild: can(actor, 'child.update'),
      canEdit: can(actor, 'participant.update'),
      canAddNote: can(actor, 'participant.addNote'),
      canAddPartner: can(actor, 'partnerCase.create'),
      canShare: can(actor, 'share.listForParticipant'),
      canRecordShare: can(actor, 'share.recordForParticipant'),
      canViewAssessment: can(actor, 'assessment.view'),
      canViewAssessmentReports: can(actor, 'assessmentReport.view'),
      canViewAudit: can(actor, 'audit.view'),
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

  page(app, '/participants/:id', CASE, (call) => casePage(call, 'overview'));
  for (const { tab, path } of HIS_TABS.filter((t) => t.path)) {
    page(app, `/participants/:id/${path}`, CASE, (call) => casePage(call, tab));
  }

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
    context: (call, form) => casePage(call, 'programme', { noteValue: form.body }),
    save: async ({ actor, params, origin }, form) => {
      const { body } = parseInput(ZNoteInput, form);
      await participants.addNote(actor, params.id, body, origin);
      return `/participants/${params.id}?saved=1#notes`;
    },
  });
}

/** The date parts as typed, so a form with a wrong date shows what the user entered. */
