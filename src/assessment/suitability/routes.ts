import type { FastifyInstance } from 'fastify';
import { authorize, type Actor } from '../../access/index.js';
import { NotFoundError } from '../../errors.js';
import { todayInLondon } from '../../dates/london.js';
import { dateParts } from '../../people/schemas.js';
import { radios, rawDate, uuidOrNotFound } from '../../web/forms.js';
import { parseInput } from '../../web/http.js';
import { form, page, type FormBody, type RouteCall } from '../../web/route.js';
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

const OVERVIEW = 'assessment/views/assessment.njk';
const FORM = 'assessment/suitability/views/form.njk';
const RECORD = 'assessment/suitability/views/record.njk';

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
    acknowledgementItems: radios(ACKNOWLEDGEMENTS, ACKNOWLEDGEMENT_LABELS, values.acknowledgement),
    responsibilityItems: radios(RESPONSIBILITIES, RESPONSIBILITY_LABELS, values.responsibility),
    motivationItems: radios(MOTIVATIONS, MOTIVATION_LABELS, values.motivation),
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
  const suggestionFor = async (actor: Actor, id: string, values: Record<string, unknown>) => {
    const answers = ZSuggestionAnswers.safeParse(values);
    return answers.success ? suitability.suggest(actor, id, answers.data) : null;
  };

  /**
   * The form: new, with the date of today (and his interpreter need, when recorded on his record,
   * ticked to start with); posted back, with what was typed and the suggestion for it.
   */
  const assessmentForm = async ({ actor, params }: RouteCall<'/participants/:id'>, posted?: FormBody) => {
    const form = await suitability.form(actor, params.id);
    if (!posted) {
      const values = form.participant.interpreterLanguage ? { responsivityNeeds: ['interpreter'] } : {};
      return formContext(form, values, dateParts(todayInLondon()), null);
    }
    const values = suitabilityFromForm(posted);
    return formContext(form, values, rawDate(posted, 'assessedOn'), await suggestionFor(actor, params.id, values));
  };

  page(app, '/participants/:id/assessment', OVERVIEW, async ({ actor, params, query }) => {
    const overview = await suitability.overview(actor, params.id);
    return {
      title: `Assessment of ${overview.participant.name}`,
      participant: overview.participant,
      suitability: overview,
      flash: query.saved ? 'Suitability assessment saved' : undefined,
      backLink: `/participants/${params.id}`,
    };
  });

  page(app, '/participants/:id/suitability/new', FORM, (call) => assessmentForm(call));

  form<'/participants/:id/suitability'>(app, {
    url: '/participants/:id/suitability',
    view: FORM,
    context: assessmentForm,
    save: async (call, posted) => {
      const { actor, params, origin, reply } = call;
      // Refused before the answers are looked at.
      authorize(actor, 'assessment.record');
      const values = suitabilityFromForm(posted);
      if (posted.intent === 'suggest') {
        // "Show the suggested outcome": the same form again with the suggestion; nothing is written.
        const context = await assessmentForm(call, posted);
        return reply.view(FORM, { ...context, suggestionNeedsAnswers: context.suggestion === null });
      }
      await suitability.record(actor, params.id, parseInput(ZSuitabilityInput, values), origin);
      return `/participants/${params.id}/assessment?saved=1`;
    },
  });

  page(app, '/participants/:id/suitability/:assessmentId', RECORD, async ({ actor, params }) => {
    const { participant, assessment } = await suitability.view(actor, uuidOrNotFound(params.assessmentId));
    if (assessment.participantId !== params.id) {
      throw new NotFoundError();
    }
    return {
      title: `Suitability assessment of ${participant.name}`,
      participant,
      assessment,
      backLink: `/participants/${participant.id}/assessment`,
    };
  });
}
