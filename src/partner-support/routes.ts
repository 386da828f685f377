import type { FastifyInstance } from 'fastify';
import { rawDate } from '../web/forms.js';
import { genderItems } from '../people/form-items.js';
import { can, herRiskPictureLinks, type Action, type Actor } from '../access/index.js';
import { readSections, type CaseSection, type CaseTab } from '../web/case-sections.js';
import { NotFoundError } from '../errors.js';
import { londonParts } from '../dates/london.js';
import { clock } from '../dates/clock.js';
import { caseTabLinks } from '../people/case-band.js';
import { ZNoteInput } from '../participants/schemas.js';
import { dateParts } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { allocationLabel } from '../people/workers.js';
import { cursorForPage, selectItems } from '../web/pagination.js';
import { form, formPage, page, type FormBody, type RouteCall } from '../web/route.js';
import {
  PARTNER_CASE_STATUSES,
  PARTNER_CASE_STATUS_LABELS,
  RELATIONSHIPS,
  RELATIONSHIP_LABELS,
  ZPartnerCaseInput,
  partnerCaseFromForm,
  type TPartnerCaseInput,
} from './schemas.js';
import { herCaseBand, type HerBandSections, type PartnerCaseDetail } from './presenters.js';
import type { PartnerCaseService } from './service.js';
import { caseloadPageContext, pageParams } from '../people/caseload-page.js';
import { PARTNER_SEARCH_HINT, partnerCaseloadRights, partnerRiskChoices, partnerStatusChoices } from './caseload.js';

const LIST = 'partner-support/views/list.njk';
const FORM = 'partner-support/views/form.njk';
const CASE = 'partner-support/views/case.njk';

/**
 * Her case file's tabs in order, each at its address under /partner-cases/:id and shown to whoever
 * holds its right. Support, Children and Shares sit under tab/: their plain addresses are the pages
 * of their own that those capabilities already have (support work, the children, the share ledger's form).
 */
const HER_TABS: ReadonlyArray<{ tab: CaseTab; text: string; path: string; right: Action | null }> = [
  { tab: 'overview', text: 'Overview', path: '', right: null },
  { tab: 'contact', text: 'Contact', path: 'contact', right: 'partnerCase.view' },
  { tab: 'risk', text: 'Risk', path: 'risk', right: 'dash.view' },
  { tab: 'support', text: 'Support', path: 'tab/support', right: 'partnerCase.view' },
  { tab: 'children', text: 'Children', path: 'tab/children', right: 'partnerCase.view' },
  { tab: 'documents', text: 'Documents', path: 'documents', right: 'partnerCase.view' },
  { tab: 'shares', text: 'Shares', path: 'tab/shares', right: 'share.listForPartnerCase' },
  { tab: 'history', text: 'History', path: 'history', right: 'partnerCase.view' },
];

/** What the add and edit forms show: for which participant and case, the first values, the heading. */
type PartnerFormPage = {
  forCase: { participantId: string; caseId: string | null };
  values: FormBody;
  heading: Record<string, unknown>;
};

const addPartnerPage = (participant: { id: string; reference: string; name: string }): PartnerFormPage => ({
  forCase: { participantId: participant.id, caseId: null },
  values: { status: 'open' },
  heading: {
    title: 'Add a partner',
    participant,
    action: `/participants/${participant.id}/partners/new`,
    backLink: `/participants/${participant.id}`,
  },
});

const editPartnerPage = (partnerCase: PartnerCaseDetail): PartnerFormPage => ({
  forCase: { participantId: partnerCase.participant.id, caseId: partnerCase.id },
  values: { ...partnerCase, ...partnerCase.contact, ...partnerCase.safeContact },
  heading: {
    title: `Edit ${partnerCase.partnerName}`,
    participant: partnerCase.participant,
    action: `/partner-cases/${partnerCase.id}/edit`,
    backLink: `/partner-cases/${partnerCase.id}`,
  },
});

/** Her case page's sections that other capabilities answer (listed in src/app/case-sections.ts). */
export type HerCaseSection = CaseSection<PartnerCaseDetail>;

/** The services her case file's pages ask, by their names in the composition root (src/app). */
export type PartnerSupportRouteServices = {
  partnerCases: PartnerCaseService;
  herCaseSections: readonly HerCaseSection[];
};

export function partnerSupportRoutes(app: FastifyInstance, services: PartnerSupportRouteServices): void {
  const { partnerCases, herCaseSections } = services;
  /**
   * One tab of her case file, with the header band; `extra` carries a form's errors and input. A
   * tab the viewer may not use answers "not found", as her case does to anyone who may not see it
   * (refused before anything is read); each tab reads only its own sections and the band's.
   */
  const casePage = async (
    { actor, params, query, origin }: RouteCall<'/partner-cases/:id'>,
    tab: CaseTab,
    extra: FormBody = {},
  ) => {
    const tabs = caseTabLinks(
      `/partner-cases/${params.id}`,
      HER_TABS.map((t) => ({ ...t, shown: t.right === null || can(actor, t.right) })),
    );
    if (!tabs.some((t) => t.tab === tab)) {
      throw new NotFoundError();
    }
    const { partnerCase, notes } = await partnerCases.view(actor, params.id, origin);
    const sections = await readSections(herCaseSections, actor, partnerCase, origin, tab);
    const shown = tabs.find((t) => t.tab === tab);
    return {
      title: tab === 'overview' || !shown ? partnerCase.partnerName : `${shown.text}: ${partnerCase.partnerName}`,
      tab,
      band: herCaseBand(partnerCase, sections as HerBandSections, can(actor, 'dash.view'), tabs, tab),
      ...sections,
      partnerCase,
      notes,
      canRecordDuty: can(actor, 'partnerDuty.record'),
      canClose: can(actor, 'partnerCase.close'),
      canChangeChildren: can(actor, 'partnerCase.updateChildDetails'),
      canEdit: can(actor, 'partnerCase.update'),
      canAddNote: can(actor, 'partnerCase.addNote'),
      canLogContact: can(actor, 'partnerCase.logContact'),
      canRecordShare: can(actor, 'share.recordForPartnerCase'),
      canViewAudit: can(actor, 'audit.view'),
      flash: query.saved ? 'Saved' : undefined,
      riskPictureLinks: herRiskPictureLinks(actor, partnerCase.id, partnerCase.participant.id),
      nowInLondon: nowInLondon(),
      backLink: '/partner-cases',
      ...extra,
    };
  };

  const formContext = async (actor: Actor, { forCase, values, heading }: PartnerFormPage) => {
    const workers = await partnerCases.allocationOptions(actor, forCase);
    const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : null);
    return {
      values,
      dateOfBirth: dateParts(text('dateOfBirth')),
      startedOn: dateParts(text('relationshipStartedOn')),
      endedOn: dateParts(text('relationshipEndedOn')),
      genderItems: genderItems(text('gender')),
      relationshipItems: RELATIONSHIPS.map((r) => ({
        value: r,
        text: RELATIONSHIP_LABELS[r],
        checked: text('relationship') === r,
      })),
      statusItems: selectItems(
        PARTNER_CASE_STATUSES.map((s) => ({ value: s, text: PARTNER_CASE_STATUS_LABELS[s] })),
        text('status') ?? 'open',
      ),
      messageItems: [
        { value: 'yes', text: 'Yes', checked: values.messageMayBeLeft === true || values.messageMayBeLeft === 'yes' },
        { value: 'no', text: 'No', checked: values.messageMayBeLeft === false || values.messageMayBeLeft === 'no' },
      ],
      workerItems: selectItems(
        workers.map((w) => ({ value: w.id, text: allocationLabel(w) })),
        text('allocatedWorkerId'),
        'Not allocated yet',
      ),
      ...heading,
    };
  };

  /**
   * The add and edit forms (one view). `load` reads his record or her case with its access check
   * (and, for an edit, its audit entry) once a request: the save and a refused form's page share it.
   */
  const partnerForm = <Url extends string, Loaded>(
    url: Url,
    load: (call: RouteCall<Url>) => Promise<Loaded>,
    pageFor: (loaded: Loaded) => PartnerFormPage,
    save: (call: RouteCall<Url>, loaded: Loaded, input: TPartnerCaseInput) => Promise<string>,
  ) => {
    const loadOnce = oncePerCall(load);
    formPage(app, {
      url,
      view: FORM,
      context: async (call, form) => {
        const shown = pageFor(await loadOnce(call));
        if (!form) {
          return formContext(call.actor, shown);
        }
        return { ...(await formContext(call.actor, { ...shown, values: partnerCaseFromForm(form) })), ...datesAsTyped(form) };
      },
      save: async (call, form) => {
        const loaded = await loadOnce(call);
        return save(call, loaded, parseInput(ZPartnerCaseInput, partnerCaseFromForm(form)));
      },
    });
  };

  // Her caseload: opens on "My cases" when the viewer has cases allocated; search and filters in
  // the address (the dashboard links to them); a refused value is shown beside its field.
  page(app, '/partner-cases', LIST, async ({ actor, query, origin }) => {
    const { params, errors } = pageParams(query, partnerCaseloadRights(actor));
    // The filter choices and whether the viewer has cases allocated first, in one statement:
    // the list opens on "My cases" when they have.
    const choices = await partnerCases.caseloadChoices(actor);
    const result = await partnerCases.search(
      actor,
      {
        params,
        cursorOf: (idCount) => cursorForPage(query, idCount),
        defaultScope: choices.allocatedToViewer ? 'mine' : 'all',
        staleCursor: 'first-page',
      },
      origin,
    );
    return {
      title: 'Partner cases',
      result,
      errors: errors ?? undefined,
      ...caseloadPageContext(
        '/partner-cases',
        params,
        result,
        {
          statuses: partnerStatusChoices,
          risks: can(actor, 'dash.view') ? partnerRiskChoices : null,
          workers: choices.workers.map((w) => ({ value: w.id, text: w.displayName })),
          teams: choices.teams.map((t) => ({ value: t.id, text: t.name })),
          groups: null,
          overdue: can(actor, 'partnerCase.logContact'),
          searchHint: PARTNER_SEARCH_HINT,
        },
        ['partner case', 'partner cases'],
        { name: 'Partner', reference: 'Reference', status: 'Status', updated: 'Last changed' },
      ),
    };
  });

  partnerForm(
    '/participants/:id/partners/new',
    ({ actor, params }) => partnerCases.participantFor(actor, params.id),
    addPartnerPage,
    async ({ actor, origin }, participant, input) =>
      `/partner-cases/${await partnerCases.create(actor, participant.id, input, origin)}`,
  );

  page(app, '/partner-cases/:id', CASE, (call) => casePage(call, 'overview'));
  for (const { tab, path } of HER_TABS.filter((t) => t.path)) {
    page(app, `/partner-cases/:id/${path}`, CASE, (call) => casePage(call, tab));
  }

  // Her contact attempts are posted to src/first-contact/partner-contact-routes.ts (her safe-contact rules are checked there).

  partnerForm(
    '/partner-cases/:id/edit',
    ({ actor, params, origin }) => partnerCases.forEdit(actor, params.id, origin),
    editPartnerPage,
    async ({ actor, origin }, partnerCase, input) => {
      await partnerCases.update(actor, partnerCase.id, input, origin);
      return `/partner-cases/${partnerCase.id}?saved=1`;
    },
  );

  form(app, {
    url: '/partner-cases/:id/notes',
    view: CASE,
    context: (call, form) => casePage(call, 'support', { noteValue: form.body }),
    save: async ({ actor, params, origin }, form) => {
      const { body } = parseInput(ZNoteInput, form);
      await partnerCases.addNote(actor, params.id, body, origin);
      return `/partner-cases/${params.id}?saved=1#notes`;
    },
  });
}

/** Now as London's wall clock, "YYYY-MM-DDTHH:MM", to compare with an appointment's date and time. */
function nowInLondon(): string {
  const { date, time } = londonParts(clock());
  return `${date}T${time}`;
}

/** Each date field as typed, so a form with a wrong date shows what the user entered. */
function datesAsTyped(form: FormBody) {
  return {
    dateOfBirth: rawDate(form),
    startedOn: rawDate(form, 'relationshipStartedOn'),
    endedOn: rawDate(form, 'relationshipEndedOn'),
  };
}

/** `load` run once a request however often it is asked (form() hands its save and its refused page the same call). */
function oncePerCall<Call extends object, T>(load: (call: Call) => Promise<T>): (call: Call) => Promise<T> {
  const loaded = new WeakMap<Call, Promise<T>>();
  return (call) => {
    const known = loaded.get(call);
    if (known) {
      return known;
    }
    const loading = load(call);
    loaded.set(call, loading);
    return loading;
  };
}
