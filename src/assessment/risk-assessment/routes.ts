import type { FastifyInstance } from 'fastify';
import { AppError, NotFoundError } from '../../errors.js';
import { dateParts, formText } from '../../people/schemas.js';
import { parseInput } from '../../web/http.js';
import { form, page, type FormBody, type RouteCall } from '../../web/route.js';
import {
  DOMAIN_RATINGS,
  DOMAIN_RATING_LABELS,
  RISK_DOMAINS,
  RISK_DOMAIN_LABELS,
  RISK_LEVELS,
  RISK_LEVEL_LABELS,
} from '../domains.js';
import { pageOf, type RiskAssessmentView } from './presenters.js';
import { ZRiskAssessmentInput, evidenceField, ratingField, riskAssessmentFromForm, todayIso } from './schemas.js';
import type { ForParticipant, RiskAssessmentService } from './service.js';

const PAGE = 'assessment/risk-assessment/views/page.njk';
const FORM = 'assessment/risk-assessment/views/form.njk';
const VERSION = 'assessment/risk-assessment/views/version.njk';
const PRINT = 'assessment/risk-assessment/views/print.njk';
/** The address of his assessment page, which carries this assessment's section. */
const ASSESSMENT_PAGE = '/participants/:id/assessment';

/** A version number from the address: anything but a whole number is "not found". */
export function riskAssessmentVersionNumber(raw: string): number {
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) {
    throw new NotFoundError();
  }
  return Number(raw);
}

/** The form's fields, domain by domain, with their names (the same keys as the field errors). */
const FORM_DOMAINS = RISK_DOMAINS.map((domain) => ({
  domain,
  label: RISK_DOMAIN_LABELS[domain],
  ratingField: ratingField(domain),
  evidenceField: evidenceField(domain),
}));
const RATING_OPTIONS = DOMAIN_RATINGS.map((value) => ({ value, text: DOMAIN_RATING_LABELS[value] }));
const LEVEL_OPTIONS = RISK_LEVELS.map((value) => ({ value, text: RISK_LEVEL_LABELS[value] }));

/** The previous version's answers as the form's fields: a new version starts from it, never typed twice. */
function valuesFrom(previous: RiskAssessmentView | null): Record<string, string> {
  if (!previous) {
    return {};
  }
  const values: Record<string, string> = {
    overallLevel: previous.overallLevel,
    summary: previous.summary,
    managementPlan: previous.managementPlan,
  };
  for (const domain of RISK_DOMAINS) {
    const d = previous.domains[domain];
    if (d) {
      values[ratingField(domain)] = d.rating;
      values[evidenceField(domain)] = d.evidence ?? '';
    }
  }
  return values;
}

/** The fields as typed, shown again beside their errors. */
const typedValues = (form: FormBody): Record<string, string> =>
  Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

const typedDate = (form: FormBody, name: string) => ({
  day: formText(form, `${name}-day`) ?? '',
  month: formText(form, `${name}-month`) ?? '',
  year: formText(form, `${name}-year`) ?? '',
});

function formContext(participant: ForParticipant, previous: RiskAssessmentView | null) {
  return {
    title: previous ? 'Record a new version of the risk assessment' : 'Record a risk assessment',
    participant,
    previousVersion: previous?.version ?? null,
    domains: FORM_DOMAINS,
    ratingOptions: RATING_OPTIONS,
    levelOptions: LEVEL_OPTIONS,
    action: `/participants/${participant.id}/risk-assessment`,
    backLink: `/participants/${participant.id}/risk-assessment`,
  };
}

/**
 * His risk assessment: the current version, earlier versions, a new version (pre-filled from the
 * one before) and a print view with no navigation. His side and management only.
 */
export function riskAssessmentRoutes(
  app: FastifyInstance,
  { riskAssessments: assessments }: { riskAssessments: RiskAssessmentService },
): void {
  // His assessment page (src/assessment/views/assessment.njk, served by the suitability routes)
  // shows this section with one include line; the section reads `riskAssessment` from here, so the
  // page's own route needs to know nothing of the risk assessment. Left out for anyone who may not
  // see it, and when his record is not found (the page's own route answers that).
  app.addHook('preHandler', async (request, reply) => {
    const params = request.params as { id?: unknown } | undefined;
    if (request.routeOptions.url !== ASSESSMENT_PAGE || !request.actor || !reply.locals || typeof params?.id !== 'string') {
      return;
    }
    try {
      reply.locals.riskAssessment = await assessments.section(request.actor, params.id);
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
    }
  });

  page(app, '/participants/:id/risk-assessment', PAGE, async ({ actor, params, query }) => {
    const risk = await assessments.view(actor, params.id);
    return {
      title: 'Risk assessment',
      participant: risk.participant,
      assessment: risk.current ? pageOf(risk.current) : null,
      versions: risk.versions.map((v) => ({ ...v, levelLabel: RISK_LEVEL_LABELS[v.overallLevel] })),
      flash: query.saved ? 'Risk assessment saved as a new version' : undefined,
      backLink: `/participants/${params.id}`,
    };
  });

  /**
   * The form for a new version: empty, it starts from the previous version's answers; posted back
   * with errors, it shows what was typed. Loading it checks access first: the partner side is
   * refused before anything is shown.
   */
  const newVersionForm = async ({ actor, params }: RouteCall<'/participants/:id'>, posted?: FormBody) => {
    const { participant, previous } = await assessments.forNewVersion(actor, params.id);
    if (posted) {
      return {
        ...formContext(participant, previous),
        values: typedValues(posted),
        assessedOn: typedDate(posted, 'assessedOn'),
        reviewOn: typedDate(posted, 'reviewOn'),
      };
    }
    return {
      ...formContext(participant, previous),
      values: valuesFrom(previous),
      assessedOn: dateParts(todayIso()),
      // The previous review date carries over while it is still ahead; otherwise a new one is agreed.
      reviewOn: dateParts(previous && previous.reviewOn >= todayIso() ? previous.reviewOn : null),
    };
  };

  page(app, '/participants/:id/risk-assessment/new', FORM, (call) => newVersionForm(call));

  form<'/participants/:id/risk-assessment'>(app, {
    url: '/participants/:id/risk-assessment',
    view: FORM,
    context: newVersionForm,
    save: async ({ actor, params, origin }, posted) => {
      const input = parseInput(ZRiskAssessmentInput, riskAssessmentFromForm(posted));
      await assessments.record(actor, params.id, input, origin);
      return `/participants/${params.id}/risk-assessment?saved=1`;
    },
  });

  // Signed in first: someone signed out is sent to sign in whatever the address holds.
  page(app, '/participants/:id/risk-assessment/versions/:version', VERSION, async ({ actor, params }) => {
    const number = riskAssessmentVersionNumber(params.version);
    const risk = await assessments.version(actor, params.id, number);
    return {
      title: `Risk assessment, version ${number}`,
      participant: risk.participant,
      assessment: pageOf(risk.assessment),
      currentVersion: risk.currentVersion,
      changedFromPrevious: risk.changedFromPrevious,
      backLink: `/participants/${params.id}/risk-assessment`,
    };
  });

  page(app, '/participants/:id/risk-assessment/print', PRINT, async ({ actor, params, reply }) => {
    const risk = await assessments.view(actor, params.id);
    if (!risk.current) {
      return reply.redirect(`/participants/${params.id}/risk-assessment`, 303);
    }
    return { title: 'Risk assessment', participant: risk.participant, assessment: pageOf(risk.current) };
  });
}
