import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { NotFoundError } from '../errors.js';
import { formText } from '../people/schemas.js';
import { assemble, postedStep, stepErrors, type Answers } from './answers.js';
import { DRAFT_LIFETIME_MINUTES, DraftSealer, boundedText, newDraft, type Draft } from './draft.js';
import { nextPage, previousPage, withRoute, withStepSaved, withoutSlot } from './flow.js';
import { ROUTES, ROUTE_LABELS } from './labels.js';
import { SentReferrals, SubmissionLimiter } from './limits.js';
import { checkAnswerSections } from './presenters.js';
import { ZRoute, ZSlug } from './schemas.js';
import type { PublicOrganisation, PublicReferralService } from './service.js';
import { STEP_TEMPLATES, stepContext } from './step-views.js';
import { MAX_CHILDREN, STEPS, fieldsOf, maxOtherPartners, stepsFor, type PageId } from './steps.js';

type SlugParams = { Params: { slug: string } };
type Form = Record<string, unknown>;
type Errors = Record<string, string>;
type Context = { organisation: PublicOrganisation; slug: string; sealer: DraftSealer };

const START = 'public-referrals/views/start.njk';
const CHECK = 'public-referrals/views/check.njk';
const CONFIRMATION = 'public-referrals/views/confirmation.njk';
/** Where "Exit this page" goes: a neutral site, the same with or without JavaScript. */
export const EXIT_URL = 'https://www.bbc.co.uk/weather';
/** Nothing identifying in a page title: the same few titles for everyone, whoever is referring. */
const TITLE = 'Make a referral';
/** The honeypot: a field people never see; a filled one means a robot posted the form. */
export const HONEYPOT_FIELD = 'website';
const ACTION = /^(continue|back|add-partner|add-child|change-([a-z]+)|remove-(partner|child)-(\d{1,2}))$/;

/** Errors in the order of the fields on the page, so the error summary reads top to bottom. */
function ordered(errors: Errors, fields: string[]): Errors {
  const rank = (name: string) => {
    // A date's error is keyed by its name; its boxes are name-day, name-month and name-year.
    const at = fields.indexOf(fields.includes(name) ? name : `${name}-day`);
    // A list's own error (too many named) comes where the list begins.
    return at >= 0 ? at : name === 'partners' ? 0.5 : name === 'children' ? -0.5 : -1;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * The public referral form at /refer/<address>: no sign-in, one thing per page, every answer in
 * the body of a POST (sealed between pages, see draft.ts), nothing stored until it is sent, and
 * the same three addresses and titles whoever is referring.
 */
export function publicReferralRoutes(
  app: FastifyInstance,
  { publicReferrals: service }: { publicReferrals: PublicReferralService },
  config: Config,
): void {
  // A generous ceiling on every post, against a robot hammering the pages; the referrals sent are counted apart.
  const ceiling = { config: { rateLimit: { max: config.publicReferralStepRateLimitPerHour, timeWindow: '1 hour' } } };
  const submissions = new SubmissionLimiter(config.publicReferralRateLimitPerHour);
  const sent = new SentReferrals(DRAFT_LIFETIME_MINUTES * 60_000);
  let sealer: Promise<DraftSealer> | undefined;
  const sealerFor = () =>
    (sealer ??= service.answersSecret().then(
      (secret) => new DraftSealer(secret),
      (error: unknown) => {
        sealer = undefined;
        throw error;
      },
    ));

  /** The organisation whose address this is (a plain 404 for an unknown one), and the sealer. */
  async function contextOf(request: FastifyRequest<SlugParams>): Promise<Context> {
    const parsed = ZSlug.safeParse(request.params.slug);
    if (!parsed.success || parsed.data !== request.params.slug) {
      throw new NotFoundError();
    }
    const organisation = await service.organisationFor(parsed.data);
    if (!organisation) {
      throw new NotFoundError();
    }
    return { organisation, slug: parsed.data, sealer: await sealerFor() };
  }

  function startPage(reply: FastifyReply, ctx: Context, draft: Draft, options: { errors?: Errors; expired?: boolean } = {}) {
    return reply.status(options.errors ? 400 : 200).view(START, {
      title: TITLE,
      organisationName: ctx.organisation.name,
      slug: ctx.slug,
      exitUrl: EXIT_URL,
      showExit: true,
      state: ctx.sealer.seal({ ...draft, at: 'who' }, ctx.organisation.id),
      routeItems: ROUTES.map((route) => ({ value: route, text: ROUTE_LABELS[route], checked: draft.route === route })),
      errors: options.errors,
      expired: options.expired,
      lifetimeHours: DRAFT_LIFETIME_MINUTES / 60,
    });
  }

  /** Shows a page of the form, sealing the draft with it as the page the next post continues from. */
  function show(
    reply: FastifyReply,
    ctx: Context,
    draft: Draft,
    page: PageId,
    options: { values?: Answers; errors?: Errors; status?: number } = {},
  ): FastifyReply {
    const route = draft.route;
    if (page === 'who' || !route) {
      return startPage(reply, ctx, draft, { errors: options.errors });
    }
    const common = {
      organisationName: ctx.organisation.name,
      slug: ctx.slug,
      route,
      exitUrl: EXIT_URL,
      showExit: route !== 'agency',
    };
    if (page === 'check') {
      const assembled = assemble(route, draft.answers, draft.slots, draft.done);
      if (!assembled.referral) {
        const { step, errors } = assembled.incomplete;
        const hasErrors = Object.keys(errors).length > 0;
        return show(reply, ctx, draft, step, { errors: hasErrors ? errors : undefined, status: hasErrors ? 400 : 200 });
      }
      const atCheck = { ...draft, at: 'check' as const, returnToCheck: false };
      return reply.status(options.status ?? 200).view(CHECK, {
        ...common,
        title: `Check your answers – ${TITLE}`,
        showBack: true,
        state: ctx.sealer.seal(atCheck, ctx.organisation.id),
        sections: checkAnswerSections(assembled.referral),
        errors: options.errors,
      });
    }
    const values = options.values ?? draft.answers;
    const errors = options.errors ? ordered(options.errors, fieldsOf(page, route, draft.slots)) : undefined;
    return reply.status(options.status ?? (errors ? 400 : 200)).view(STEP_TEMPLATES[page], {
      ...common,
      ...stepContext(route, page, values, draft.slots),
      title: TITLE,
      step: page,
      showBack: true,
      state: ctx.sealer.seal({ ...draft, at: page }, ctx.organisation.id),
      values,
      errors,
    });
  }

  /** The draft the form carries, or null when it was altered or has expired (start again). */
  function draftOf(ctx: Context, form: Form): Draft | null {
    const draft = form.state === undefined ? newDraft() : ctx.sealer.open(form.state, ctx.organisation.id);
    if (draft && (formText(form, HONEYPOT_FIELD) ?? '').trim() !== '') {
      draft.honeypot = true;
    }
    return draft;
  }

  app.get<SlugParams>('/refer/:slug', async (request, reply) => {
    const ctx = await contextOf(request);
    return startPage(reply, ctx, newDraft());
  });

  // Every move between pages: Continue, Back, Change (from check your answers), and adding or removing a partner or child.
  app.post<SlugParams>('/refer/:slug/questions', ceiling, async (request, reply) => {
    const ctx = await contextOf(request);
    const form = (request.body ?? {}) as Form;
    const draft = draftOf(ctx, form);
    if (!draft) {
      return startPage(reply, ctx, newDraft(), { expired: true });
    }
    const action = ACTION.exec(formText(form, 'action') ?? 'continue');
    const route = draft.route;
    const step = STEPS.find((s) => s === draft.at);
    const posted = () => (route && step ? postedStep(route, step, draft.slots, (name) => boundedText(form[name])) : {});

    if (!action) {
      return show(reply, ctx, draft, draft.at);
    }
    if (action[1] === 'back') {
      const to = previousPage(draft);
      return show(reply, ctx, { ...draft, returnToCheck: to === 'check' ? false : draft.returnToCheck }, to);
    }
    if (action[2] !== undefined) {
      // Only a page of this route: anything else shows the page the person is on.
      const pages: PageId[] = ['who', ...(route ? stepsFor(route) : [])];
      const to = pages.find((p) => p === action[2]);
      return to ? show(reply, ctx, { ...draft, returnToCheck: true }, to) : show(reply, ctx, draft, draft.at);
    }
    const list =
      action[1] === 'add-partner' || action[3] === 'partner'
        ? 'partners'
        : action[1] === 'add-child' || action[3] === 'child'
          ? 'children'
          : null;
    if (route && list && step === list) {
      // Another box, or one taken out, keeping what was typed (nothing is checked until Continue).
      const count = draft.slots[list];
      const removing = action[4] === undefined ? null : Number(action[4]);
      const max = list === 'partners' ? maxOtherPartners(route) : MAX_CHILDREN;
      const valid = removing === null || (removing >= 1 && removing <= count);
      const values = removing !== null && valid ? withoutSlot(posted(), list, removing, count) : posted();
      const slots = !valid ? count : removing !== null ? count - 1 : Math.max(count, Math.min(count + 1, max));
      return show(reply, ctx, { ...draft, slots: { ...draft.slots, [list]: slots } }, list, { values, status: 200 });
    }
    if (draft.at === 'who') {
      const parsed = ZRoute.safeParse({ route: formText(form, 'route') });
      if (!parsed.success) {
        return startPage(reply, ctx, draft, { errors: { route: 'Select who you are' } });
      }
      const chosen = withRoute(draft, parsed.data.route);
      return show(reply, ctx, chosen, nextPage(chosen, 'who'));
    }
    if (!route || !step) {
      return show(reply, ctx, draft, draft.at);
    }
    const answers = posted();
    const errors = stepErrors(route, step, answers, draft.slots);
    if (errors) {
      return show(reply, ctx, draft, step, { values: answers, errors });
    }
    const saved = withStepSaved(draft, step, answers);
    return show(reply, ctx, saved, nextPage(saved, step));
  });

  app.post<SlugParams>('/refer/:slug/submit', ceiling, async (request, reply) => {
    const ctx = await contextOf(request);
    const form = (request.body ?? {}) as Form;
    const draft = form.state === undefined ? null : draftOf(ctx, form);
    if (!draft) {
      return startPage(reply, ctx, newDraft(), { expired: form.state !== undefined });
    }
    const route = draft.route;
    if (!route) {
      return startPage(reply, ctx, draft);
    }
    const assembled = assemble(route, draft.answers, draft.slots, draft.done);
    if (!assembled.referral) {
      return show(reply, ctx, draft, 'check');
    }
    const input = assembled.referral;
    if (!sent.earlier(draft.id) && !submissions.allows(request.ip)) {
      return show(reply, ctx, draft, 'check', {
        status: 429,
        errors: {
          _: 'Too many referrals have been sent from this connection in the last hour. Your answers are still here: try again later.',
        },
      });
    }
    const reference = await sent.send(draft.id, async () => {
      const receipt = await service.submit(ctx.organisation, input, draft.honeypot);
      submissions.record(request.ip);
      return receipt.reference;
    });
    return reply.view(CONFIRMATION, {
      title: `Referral sent – ${TITLE}`,
      organisationName: ctx.organisation.name,
      slug: ctx.slug,
      route,
      reference,
      exitUrl: EXIT_URL,
      showExit: route !== 'agency',
    });
  });
}
