import type { FastifyInstance } from 'fastify';
import { AppError, NotFoundError } from '../../errors.js';
import { dateParts, formText } from '../../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../../web/http.js';
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

type IdParams = { Params: { id: string } };
type VersionParams = { Params: { id: string; version: string } };

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

const typedDate = (form: Record<string, unknown>, name: string) => ({
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

  app.get<IdParams>('/participants/:id/risk-assessment', async (request, reply) => {
    const page = await assessments.view(requireActor(request), request.params.id);
    const query = request.query as Record<string, string | undefined>;
    return reply.view(PAGE, {
      title: 'Risk assessment',
      participant: page.participant,
      assessment: page.current ? pageOf(page.current) : null,
      versions: page.versions.map((v) => ({ ...v, levelLabel: RISK_LEVEL_LABELS[v.overallLevel] })),
      flash: query.saved ? 'Risk assessment saved as a new version' : undefined,
      backLink: `/participants/${request.params.id}`,
    });
  });

  app.get<IdParams>('/participants/:id/risk-assessment/new', async (request, reply) => {
    const { participant, previous } = await assessments.forNewVersion(requireActor(request), request.params.id);
    return reply.view(FORM, {
      ...formContext(participant, previous),
      values: valuesFrom(previous),
      assessedOn: dateParts(todayIso()),
      // The previous review date carries over while it is still ahead; otherwise a new one is agreed.
      reviewOn: dateParts(previous && previous.reviewOn >= todayIso() ? previous.reviewOn : null),
    });
  });

  app.post<IdParams>('/participants/:id/risk-assessment', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    try {
      const input = parseInput(ZRiskAssessmentInput, riskAssessmentFromForm(form));
      await assessments.record(actor, request.params.id, input, originOf(request));
      return reply.redirect(`/participants/${request.params.id}/risk-assessment?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        // Loading the form checks access first: the partner side is refused before anything is shown.
        const { participant, previous } = await assessments.forNewVersion(actor, request.params.id);
        const values: Record<string, string> = {};
        for (const [key, value] of Object.entries(form)) {
          if (typeof value === 'string') {
            values[key] = value;
          }
        }
        return renderFormErrors(
          reply,
          FORM,
          {
            ...formContext(participant, previous),
            values,
            assessedOn: typedDate(form, 'assessedOn'),
            reviewOn: typedDate(form, 'reviewOn'),
          },
          error,
        );
      }
      throw error;
    }
  });

  app.get<VersionParams>('/participants/:id/risk-assessment/versions/:version', async (request, reply) => {
    // Signed in first: someone signed out is sent to sign in whatever the address holds.
    const actor = requireActor(request);
    const number = riskAssessmentVersionNumber(request.params.version);
    const page = await assessments.version(actor, request.params.id, number);
    return reply.view(VERSION, {
      title: `Risk assessment, version ${number}`,
      participant: page.participant,
      assessment: pageOf(page.assessment),
      currentVersion: page.currentVersion,
      changedFromPrevious: page.changedFromPrevious,
      backLink: `/participants/${request.params.id}/risk-assessment`,
    });
  });

  app.get<IdParams>('/participants/:id/risk-assessment/print', async (request, reply) => {
    const page = await assessments.view(requireActor(request), request.params.id);
    if (!page.current) {
      return reply.redirect(`/participants/${request.params.id}/risk-assessment`, 303);
    }
    return reply.view(PRINT, { title: 'Risk assessment', participant: page.participant, assessment: pageOf(page.current) });
  });
}
