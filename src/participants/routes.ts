import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, hisRiskPictureLinks } from '../access/index.js';
import { readSections, type CaseSection } from '../web/case-sections.js';
import { GENDERS, GENDER_LABELS, dateParts } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { allocationLabel } from '../people/workers.js';
import { countCaption, cursorForPage, keysetPaginationFor, selectItems } from '../web/pagination.js';
import { PERPETRATOR_CASE_STATUSES, STATUS_LABELS, ZNoteInput, ZParticipantInput, participantFromForm } from './schemas.js';
import { PARTICIPANT_CURSOR_IDS, type ParticipantService } from './service.js';

type IdParams = { Params: { id: string } };

const LIST = 'participants/views/list.njk';
const FORM = 'participants/views/form.njk';
const CASE = 'participants/views/case.njk';

export const statusItems = (selected: string | null | undefined) =>
  selectItems(
    PERPETRATOR_CASE_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })),
    selected,
  );
export const genderItems = (selected: string | null | undefined) =>
  selectItems(
    GENDERS.map((g) => ({ value: g, text: GENDER_LABELS[g] })),
    selected,
    'Not recorded',
  );

/** His case page's sections that other capabilities answer (listed in src/app/case-sections.ts). */
export type HisCaseSection = CaseSection<{ participantId: string }>;

/** The services his case file's pages ask, by their names in the composition root (src/app). */
export type ParticipantRouteServices = {
  participants: ParticipantService;
  hisCaseSections: readonly HisCaseSection[];
};

export function participantRoutes(app: FastifyInstance, services: ParticipantRouteServices): void {
  const { participants, hisCaseSections } = services;
  /** His case page; `extra` carries a form's errors and input. */
  const casePage = async (request: FastifyRequest<IdParams>, extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const view = await participants.view(actor, request.params.id, originOf(request));
    // Her cases linked to him (partner side and management only), his contact attempts, his
    // children as both sides see them, and his programme.
    const sections = await readSections(hisCaseSections, actor, { participantId: request.params.id }, originOf(request));
    const query = request.query as Record<string, string | undefined>;
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
      riskPictureLinks: hisRiskPictureLinks(actor, request.params.id),
      backLink: '/participants',
      ...extra,
    };
  };

  const formContext = async (
    actor: ReturnType<typeof requireActor>,
    values: Record<string, unknown>,
    extra: Record<string, unknown>,
  ) => {
    const workers = await participants.allocationOptions(actor);
    return {
      values,
      dateOfBirth: dateParts(typeof values.dateOfBirth === 'string' ? values.dateOfBirth : null),
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

  app.get('/participants', async (request, reply) => {
    const actor = requireActor(request);
    const result = await participants.list(actor, cursorForPage(request.query, PARTICIPANT_CURSOR_IDS));
    return reply.view(LIST, {
      title: 'Participants',
      result,
      caption: countCaption(result, 'participant', 'participants'),
      canCreate: can(actor, 'participant.create'),
      pagination: keysetPaginationFor('/participants', result),
    });
  });

  app.get('/participants/new', async (request, reply) => {
    const actor = requireActor(request);
    return reply.view(
      FORM,
      await formContext(
        actor,
        { status: 'referred' },
        { title: 'Add a participant', action: '/participants/new', backLink: '/participants' },
      ),
    );
  });

  app.post('/participants/new', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = participantFromForm(form);
    try {
      const id = await participants.create(actor, parseInput(ZParticipantInput, values), originOf(request));
      return reply.redirect(`/participants/${id}`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const context = await formContext(actor, values, {
          title: 'Add a participant',
          action: '/participants/new',
          backLink: '/participants',
        });
        return renderFormErrors(reply, FORM, { ...context, dateOfBirth: rawDate(form) }, error);
      }
      throw error;
    }
  });

  app.get<IdParams>('/participants/:id', async (request, reply) => reply.view(CASE, await casePage(request)));

  app.get<IdParams>('/participants/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const participant = await participants.forEdit(actor, request.params.id);
    return reply.view(
      FORM,
      await formContext(
        actor,
        { ...participant, ...participant.contact },
        {
          title: `Edit ${participant.givenName} ${participant.familyName}`,
          action: `/participants/${participant.id}/edit`,
          backLink: `/participants/${participant.id}`,
        },
      ),
    );
  });

  app.post<IdParams>('/participants/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = participantFromForm(form);
    const participant = await participants.forEdit(actor, request.params.id);
    try {
      await participants.update(actor, participant.id, parseInput(ZParticipantInput, values), originOf(request));
      return reply.redirect(`/participants/${participant.id}?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const context = await formContext(actor, values, {
          title: `Edit ${participant.givenName} ${participant.familyName}`,
          action: `/participants/${participant.id}/edit`,
          backLink: `/participants/${participant.id}`,
        });
        return renderFormErrors(reply, FORM, { ...context, dateOfBirth: rawDate(form) }, error);
      }
      throw error;
    }
  });

  app.post<IdParams>('/participants/:id/notes', async (request, reply) => {
    const actor = requireActor(request);
    try {
      const { body } = parseInput(ZNoteInput, request.body);
      await participants.addNote(actor, request.params.id, body, originOf(request));
      return reply.redirect(`/participants/${request.params.id}?saved=1#notes`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const noteValue = (request.body as Record<string, unknown> | undefined)?.body;
        return renderFormErrors(reply, CASE, await casePage(request, { noteValue }), error);
      }
      throw error;
    }
  });
}

/** The date parts as typed, so a form with a wrong date shows what the user entered. */
export function rawDate(form: Record<string, unknown>, name = 'dateOfBirth'): { day: string; month: string; year: string } {
  const part = (key: string) => String(form[`${name}-${key}`] ?? '');
  return { day: part('day'), month: part('month'), year: part('year') };
}
