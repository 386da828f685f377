import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { InvalidInputError, NotFoundError, type AppError } from '../errors.js';
import { formText } from '../people/schemas.js';
import { AGENCY_LABELS, AGENCY_TYPES } from '../referrals/schemas.js';
import { selectItems } from '../web/pagination.js';
import { isInvalidInput, parseInput } from '../web/http.js';
import { checkAnswerSections } from './presenters.js';
import {
  FAMILY_RELATIONSHIPS,
  FAMILY_RELATIONSHIP_LABELS,
  HONEYPOT_FIELD,
  PARTNER_RELATIONSHIPS,
  PARTNER_RELATIONSHIP_LABELS,
  ROUTES,
  ROUTE_LABELS,
  ZPublicReferral,
  ZRoute,
  ZSlug,
  answersForSchema,
  missingAnswers,
  postedAnswers,
  type PublicRoute,
  type TPublicReferral,
} from './schemas.js';
import type { PublicOrganisation, PublicReferralService } from './service.js';

type SlugParams = { Params: { slug: string } };
const START = 'public-referrals/views/start.njk';
const QUESTIONS = 'public-referrals/views/questions.njk';
const CHECK = 'public-referrals/views/check.njk';
const CONFIRMATION = 'public-referrals/views/confirmation.njk';
/** Where "Exit this page" goes: a neutral site, the same with or without JavaScript. */
export const EXIT_URL = 'https://www.bbc.co.uk/weather';
/** Nothing identifying in a page title: the same few titles for everyone. */
const TITLE = 'Make a referral';

const radios = <K extends string>(keys: readonly K[], labels: Record<K, string>, selected: unknown) =>
  keys.map((key) => ({ value: key, text: labels[key], checked: selected === key }));

/** The answers as hidden fields, so each step carries all earlier ones (nothing is kept on the server). */
const hidden = (answers: Record<string, string>) => Object.entries(answers).map(([name, value]) => ({ name, value }));

/** The answers checked by the schema, with every missing answer reported at once beside any other error. */
function parseAnswers(route: PublicRoute, answers: Record<string, string>): TPublicReferral {
  const values = answersForSchema(route, answers);
  const missing = missingAnswers(values);
  try {
    const input = parseInput(ZPublicReferral, values);
    if (Object.keys(missing).length > 0) {
      throw new InvalidInputError('Check the highlighted answers', missing);
    }
    return input;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(error.message, { ...missing, ...error.fields });
    }
    throw error;
  }
}

function errorsOf(error: AppError): Record<string, string> {
  return Object.keys(error.fields).length > 0 ? error.fields : { _: error.message };
}

function questionsContext(
  organisation: PublicOrganisation,
  slug: string,
  route: PublicRoute,
  answers: Record<string, string>,
  honeypot: string,
) {
  const yesNo = (field: string) => radios(['yes', 'no'] as const, { yes: 'Yes', no: 'No' }, answers[field]);
  return {
    title: TITLE,
    organisationName: organisation.name,
    slug,
    route,
    routeLabel: ROUTE_LABELS[route],
    values: answers,
    honeypot,
    exitUrl: EXIT_URL,
    showExit: route === 'partner' || route === 'family',
    dateOfBirth: {
      day: answers['dateOfBirth-day'] ?? '',
      month: answers['dateOfBirth-month'] ?? '',
      year: answers['dateOfBirth-year'] ?? '',
    },
    agencyItems: selectItems(
      AGENCY_TYPES.map((a) => ({ value: a, text: AGENCY_LABELS[a] })),
      answers.agencyType ?? null,
      'Select the kind of agency',
    ),
    mandatedItems: yesNo('mandated'),
    messageItems: yesNo('messageMayBeLeft'),
    herRelationshipItems: radios(
      PARTNER_RELATIONSHIPS,
      { current: 'He is my partner', ex: 'He is my ex-partner' },
      answers.herRelationship,
    ),
    familyItems: radios(FAMILY_RELATIONSHIPS, FAMILY_RELATIONSHIP_LABELS, answers.familyRelationship),
    slotItems: [1, 2].map((n) => radios(PARTNER_RELATIONSHIPS, PARTNER_RELATIONSHIP_LABELS, answers[`partner${n}Relationship`])),
  };
}

export function publicReferralRoutes(app: FastifyInstance, service: PublicReferralService, config: Config): void {
  const limited = { config: { rateLimit: { max: config.publicReferralRateLimitPerHour, timeWindow: '1 hour' } } };

  /** The organisation whose address this is, or a plain 404 for an unknown one. */
  async function organisationOf(
    request: FastifyRequest<SlugParams>,
  ): Promise<{ organisation: PublicOrganisation; slug: string }> {
    const parsed = ZSlug.safeParse(request.params.slug);
    if (!parsed.success || parsed.data !== request.params.slug) {
      throw new NotFoundError();
    }
    const organisation = await service.organisationFor(parsed.data);
    if (!organisation) {
      throw new NotFoundError();
    }
    return { organisation, slug: parsed.data };
  }

  function routeOf(form: Record<string, unknown>): PublicRoute | null {
    const parsed = ZRoute.safeParse({ route: formText(form, 'route') });
    return parsed.success ? parsed.data.route : null;
  }

  function startPage(reply: FastifyReply, organisation: PublicOrganisation, slug: string, errors?: Record<string, string>) {
    return reply.status(errors ? 400 : 200).view(START, {
      title: TITLE,
      organisationName: organisation.name,
      slug,
      exitUrl: EXIT_URL,
      routeItems: radios(ROUTES, ROUTE_LABELS, null),
      errors,
    });
  }

  app.get<SlugParams>('/refer/:slug', async (request, reply) => {
    const { organisation, slug } = await organisationOf(request);
    return startPage(reply, organisation, slug);
  });

  // The questions for the route chosen; also where "Change your answers" comes back to, with them.
  app.post<SlugParams>('/refer/:slug/questions', limited, async (request, reply) => {
    const { organisation, slug } = await organisationOf(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const route = routeOf(form);
    if (!route) {
      return startPage(reply, organisation, slug, { route: 'Select who is making this referral' });
    }
    return reply.view(
      QUESTIONS,
      questionsContext(organisation, slug, route, postedAnswers(form, route), formText(form, HONEYPOT_FIELD) ?? ''),
    );
  });

  app.post<SlugParams>('/refer/:slug/check', limited, async (request, reply) => {
    const { organisation, slug } = await organisationOf(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const route = routeOf(form);
    if (!route) {
      return startPage(reply, organisation, slug, { route: 'Select who is making this referral' });
    }
    const answers = postedAnswers(form, route);
    const honeypot = formText(form, HONEYPOT_FIELD) ?? '';
    try {
      const input = parseAnswers(route, answers);
      return reply.view(CHECK, {
        title: `Check your answers – ${TITLE}`,
        slug,
        route,
        exitUrl: EXIT_URL,
        showExit: route === 'partner' || route === 'family',
        sections: checkAnswerSections(input),
        hiddenFields: hidden({ route, ...answers, [HONEYPOT_FIELD]: honeypot }),
      });
    } catch (error) {
      if (isInvalidInput(error)) {
        return reply
          .status(error.status)
          .view(QUESTIONS, { ...questionsContext(organisation, slug, route, answers, honeypot), errors: errorsOf(error) });
      }
      throw error;
    }
  });

  app.post<SlugParams>('/refer/:slug/submit', limited, async (request, reply) => {
    const { organisation, slug } = await organisationOf(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const route = routeOf(form);
    if (!route) {
      return startPage(reply, organisation, slug, { route: 'Select who is making this referral' });
    }
    const answers = postedAnswers(form, route);
    const honeypot = formText(form, HONEYPOT_FIELD) ?? '';
    try {
      const input = parseAnswers(route, answers);
      const receipt = await service.submit(organisation, input, honeypot.trim() !== '');
      return reply.view(CONFIRMATION, {
        title: `Referral sent – ${TITLE}`,
        organisationName: organisation.name,
        route,
        reference: receipt.reference,
        exitUrl: EXIT_URL,
        showExit: route === 'partner' || route === 'family',
      });
    } catch (error) {
      if (isInvalidInput(error)) {
        return reply
          .status(error.status)
          .view(QUESTIONS, { ...questionsContext(organisation, slug, route, answers, honeypot), errors: errorsOf(error) });
      }
      throw error;
    }
  });
}
