import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/index.js';
import { NotFoundError } from '../../errors.js';
import { todayInLondon } from '../../dates/london.js';
import { dateParts } from '../../people/schemas.js';
import { rawDate } from '../../participants/routes.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../../web/http.js';
import type { SuggestionView } from './presenters.js';
import {
  ACKNOWLEDGEMENTS,
  ACKNOWLEDGEMENT_LABELS,
  EXCLUSION_FACTORS,
  EXCLUSION_FACTOR_LABELS,
  MOTIVATIONS,
  MOTIVATION_LABELS,
  OUTCOMES,
  OUTCOME_LABELS,
  RESPONSIBILITIES,
  RESPONSIBILITY_LABELS,
  RESPONSIVITY_NEEDS,
  RESPONSIVITY_NEED_LABELS,
  ZSuggestionAnswers,
  ZSuitabilityInput,
  suitabilityFromForm,
} from './schemas.js';
import type { SuitabilityForm, SuitabilityService } from './service.js';

type IdParams = { Params: { id: string } };
type AssessmentParams = { Params: { id: string; assessmentId: string } };

const OVERVIEW = 'assessment/views/assessment.njk';
const FORM = 'assessment/suitability/views/form.njk';
const RECORD = 'assessment/suitability/views/record.njk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const radioItems = <T extends string>(values: readonly T[], labels: Record<T, string>, chosen: unknown) =>
  values.map((value) => ({ value, text: labels[value], checked: chosen === value }));

const checkboxItems = <T extends string>(values: readonly T[], labels: Record<T, string>, chosen: unknown) =>
  values.map((value) => ({ value, text: labels[value], checked: Array.isArray(chosen) && chosen.includes(value) }));

function formContext(
  form: SuitabilityForm,
  values: Record<string, unknown>,
  assessedOn: { day: string; month: string; year: string },
  suggestion: SuggestionView | null,
) {
  return {
    title: `Suitability assessment of ${form.participant.name}`,
    form,
    values,
    assessedOn,
    suggestion,
    acknowledgementItems: radioItems(ACKNOWLEDGEMENTS, ACKNOWLEDGEMENT_LABELS, values.acknowledgement),
    responsibilityItems: radioItems(RESPONSIBILITIES, RESPONSIBILITY_LABELS, values.responsibility),
    motivationItems: radioItems(MOTIVATIONS, MOTIVATION_LABELS, values.motivation),
    exclusionItems: checkboxItems(EXCLUSION_FACTORS, EXCLUSION_FACTOR_LABELS, values.exclusionFactors),
    responsivityItems: checkboxItems(RESPONSIVITY_NEEDS, RESPONSIVITY_NEED_LABELS, values.responsivityNeeds),
    outcomeItems: OUTCOMES.map((value) => ({
      value,
      text: OUTCOME_LABELS[value],
      checked: values.outcome === value,
      ...(suggestion?.outcome === value && { hint: { text: 'Suggested by the matching rules' } }),
    })),
    backLink: `/participants/${form.participant.id}/assessment`,
  };
}

/**
 * His assessment pages: the overview (/participants/:id/assessment, which the risk assessment may
 * join with its own section), a new suitability assessment, and one assessment. His side and
 * management only; the partner side is refused.
 */
export function suitabilityRoutes(app: FastifyInstance, { suitability }: { suitability: SuitabilityService }): void {
  /** The suggestion for what was typed so far, or null while the answers it needs are missing. */
  const suggestionFor = async (actor: ReturnType<typeof requireActor>, id: string, values: Record<string, unknown>) => {
    const answers = ZSuggestionAnswers.safeParse(values);
    return answers.success ? suitability.suggest(actor, id, answers.data) : null;
  };

  app.get<IdParams>('/participants/:id/assessment', async (request, reply) => {
    const actor = requireActor(request);
    const overview = await suitability.overview(actor, request.params.id);
    const query = request.query as Record<string, string | undefined>;
    return reply.view(OVERVIEW, {
      title: `Assessment of ${overview.participant.name}`,
      participant: overview.participant,
      suitability: overview,
      flash: query.saved ? 'Suitability assessment saved' : undefined,
      backLink: `/participants/${request.params.id}`,
    });
  });

  app.get<IdParams>('/participants/:id/suitability/new', async (request, reply) => {
    const actor = requireActor(request);
    const form = await suitability.form(actor, request.params.id);
    // His interpreter need, when recorded on his record, is ticked to start with.
    const values = form.participant.interpreterLanguage ? { responsivityNeeds: ['interpreter'] } : {};
    return reply.view(FORM, formContext(form, values, dateParts(todayInLondon()), null));
  });

  app.post<IdParams>('/participants/:id/suitability', async (request, reply) => {
    const actor = requireActor(request);
    // Refused before the answers are looked at.
    authorize(actor, 'assessment.record');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = suitabilityFromForm(body);
    if (body.intent === 'suggest') {
      // "Show the suggested outcome": the same form again with the suggestion; nothing is written.
      const form = await suitability.form(actor, request.params.id);
      const suggestion = await suggestionFor(actor, request.params.id, values);
      return reply.view(FORM, {
        ...formContext(form, values, rawDate(body, 'assessedOn'), suggestion),
        suggestionNeedsAnswers: suggestion === null,
      });
    }
    try {
      await suitability.record(actor, request.params.id, parseInput(ZSuitabilityInput, values), originOf(request));
      return reply.redirect(`/participants/${request.params.id}/assessment?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const form = await suitability.form(actor, request.params.id);
        const suggestion = await suggestionFor(actor, request.params.id, values);
        return renderFormErrors(reply, FORM, formContext(form, values, rawDate(body, 'assessedOn'), suggestion), error);
      }
      throw error;
    }
  });

  app.get<AssessmentParams>('/participants/:id/suitability/:assessmentId', async (request, reply) => {
    const actor = requireActor(request);
    if (!UUID.test(request.params.assessmentId)) {
      throw new NotFoundError();
    }
    const { participant, assessment } = await suitability.view(actor, request.params.assessmentId);
    if (assessment.participantId !== request.params.id) {
      throw new NotFoundError();
    }
    return reply.view(RECORD, {
      title: `Suitability assessment of ${participant.name}`,
      participant,
      assessment,
      backLink: `/participants/${participant.id}/assessment`,
    });
  });
}
