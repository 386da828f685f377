import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Actor, herRiskPictureLinks } from '../access/index.js';
import { readSections, type CaseSection } from '../web/case-sections.js';
import { genderItems, rawDate } from '../participants/routes.js';
import { ZNoteInput } from '../participants/schemas.js';
import { dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { allocationLabel } from '../people/workers.js';
import { countCaption, cursorForPage, keysetPaginationFor, selectItems } from '../web/pagination.js';
import {
  PARTNER_CASE_STATUSES,
  PARTNER_CASE_STATUS_LABELS,
  RELATIONSHIPS,
  RELATIONSHIP_LABELS,
  ZPartnerCaseInput,
  partnerCaseFromForm,
} from './schemas.js';
import type { PartnerCaseDetail } from './presenters.js';
import { PARTNER_CASE_CURSOR_IDS, type PartnerCaseService } from './service.js';

type IdParams = { Params: { id: string } };

const LIST = 'partner-support/views/list.njk';
const FORM = 'partner-support/views/form.njk';
const CASE = 'partner-support/views/case.njk';

const addPartnerPage = (participant: { id: string; reference: string; name: string }) => ({
  title: 'Add a partner',
  participant,
  action: `/participants/${participant.id}/partners/new`,
  backLink: `/participants/${participant.id}`,
});

const editPartnerPage = (partnerCase: PartnerCaseDetail) => ({
  title: `Edit ${partnerCase.partnerName}`,
  participant: partnerCase.participant,
  action: `/partner-cases/${partnerCase.id}/edit`,
  backLink: `/partner-cases/${partnerCase.id}`,
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
  /** Her case page: details, safe-contact rules, contact attempts, notes; `extra` carries a form's errors and input. */
  const casePage = async (request: FastifyRequest<IdParams>, extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const { partnerCase, notes } = await partnerCases.view(actor, request.params.id, originOf(request));
    // Her contact attempts and safe-contact rules, the glass broken to her sealed address, the
    // children, his programme, the duties to inform her, her safety plan, DASH and MARAC referrals.
    const sections = await readSections(herCaseSections, actor, partnerCase, originOf(request));
    const query = request.query as Record<string, string | undefined>;
    return {
      title: partnerCase.partnerName,
      ...sections,
      partnerCase,
      notes,
      canRecordDuty: can(actor, 'partnerDuty.record'),
      canClose: can(actor, 'partnerCase.close'),
      canChangeChildren: can(actor, 'partnerCase.updateChildDetails'),
      canEdit: can(actor, 'partnerCase.update'),
      canAddNote: can(actor, 'partnerCase.addNote'),
      canLogContact: can(actor, 'partnerCase.logContact'),
      flash: query.saved ? 'Saved' : undefined,
      riskPictureLinks: herRiskPictureLinks(actor, partnerCase.id, partnerCase.participant.id),
      backLink: '/partner-cases',
      ...extra,
    };
  };

  const formContext = async (
    actor: Actor,
    forCase: { participantId: string; caseId: string | null },
    values: Record<string, unknown>,
    extra: Record<string, unknown>,
  ) => {
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
      ...extra,
    };
  };

  app.get('/partner-cases', async (request, reply) => {
    const actor = requireActor(request);
    const result = await partnerCases.list(actor, cursorForPage(request.query, PARTNER_CASE_CURSOR_IDS), originOf(request));
    return reply.view(LIST, {
      title: 'Partner cases',
      result,
      caption: countCaption(result, 'partner case', 'partner cases'),
      pagination: keysetPaginationFor('/partner-cases', result),
    });
  });

  app.get<IdParams>('/participants/:id/partners/new', async (request, reply) => {
    const actor = requireActor(request);
    const participant = await partnerCases.participantFor(actor, request.params.id);
    return reply.view(
      FORM,
      await formContext(actor, { participantId: participant.id, caseId: null }, { status: 'open' }, addPartnerPage(participant)),
    );
  });

  app.post<IdParams>('/participants/:id/partners/new', async (request, reply) => {
    const actor = requireActor(request);
    const participant = await partnerCases.participantFor(actor, request.params.id);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = partnerCaseFromForm(form);
    try {
      const caseId = await partnerCases.create(actor, participant.id, parseInput(ZPartnerCaseInput, values), originOf(request));
      return reply.redirect(`/partner-cases/${caseId}`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const context = await formContext(
          actor,
          { participantId: participant.id, caseId: null },
          values,
          addPartnerPage(participant),
        );
        return renderFormErrors(reply, FORM, { ...context, ...datesAsTyped(form) }, error);
      }
      throw error;
    }
  });

  app.get<IdParams>('/partner-cases/:id', async (request, reply) => reply.view(CASE, await casePage(request)));

  // Her contact attempts are posted to src/first-contact/partner-contact-routes.ts (her safe-contact rules are checked there).

  app.get<IdParams>('/partner-cases/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const partnerCase = await partnerCases.forEdit(actor, request.params.id, originOf(request));
    const values = { ...partnerCase, ...partnerCase.contact, ...partnerCase.safeContact };
    return reply.view(
      FORM,
      await formContext(
        actor,
        { participantId: partnerCase.participant.id, caseId: partnerCase.id },
        values,
        editPartnerPage(partnerCase),
      ),
    );
  });

  app.post<IdParams>('/partner-cases/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const partnerCase = await partnerCases.forEdit(actor, request.params.id, originOf(request));
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = partnerCaseFromForm(form);
    try {
      await partnerCases.update(actor, partnerCase.id, parseInput(ZPartnerCaseInput, values), originOf(request));
      return reply.redirect(`/partner-cases/${partnerCase.id}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const context = await formContext(
          actor,
          { participantId: partnerCase.participant.id, caseId: partnerCase.id },
          values,
          editPartnerPage(partnerCase),
        );
        return renderFormErrors(reply, FORM, { ...context, ...datesAsTyped(form) }, error);
      }
      throw error;
    }
  });

  app.post<IdParams>('/partner-cases/:id/notes', async (request, reply) => {
    const actor = requireActor(request);
    try {
      const { body } = parseInput(ZNoteInput, request.body);
      await partnerCases.addNote(actor, request.params.id, body, originOf(request));
      return reply.redirect(`/partner-cases/${request.params.id}?saved=1#notes`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const noteValue = (request.body as Record<string, unknown> | undefined)?.body;
        return renderFormErrors(reply, CASE, await casePage(request, { noteValue }), error);
      }
      throw error;
    }
  });
}

/** Each date field as typed, so a form with a wrong date shows what the user entered. */
function datesAsTyped(form: Record<string, unknown>) {
  return {
    dateOfBirth: rawDate(form),
    startedOn: rawDate(form, 'relationshipStartedOn'),
    endedOn: rawDate(form, 'relationshipEndedOn'),
  };
}
