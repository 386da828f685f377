import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayInLondon } from '../../dates/london.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { fromForm } from '../catalogue/schemas.js';
import { PLAN_FORM_FIELDS, SESSION_FORM_FIELDS, ZOneToOneSession, ZPlanOneToOne } from './one-to-one-schemas.js';
import { flashFrom } from '../route-helpers.js';
import { formOf, handleForm, type IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';

const PAGE = 'programme/sessions/views/one-to-one.njk';

type Values = Record<string, unknown>;

/** The page's two forms share field names: their errors are shown against ids of their own. */
const prefixed = (prefix: string, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, `${prefix}-${f}`]));

/** His one-to-one sessions on an enrolment (reached from his journey page): plan weekly ones, add one. */
export function oneToOneRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { oneToOne, venues } = services;

  const page = async (request: FastifyRequest<IdParams>, plan: Values, add: Values) => {
    const actor = requireActor(request);
    const detail = await oneToOne.view(actor, request.params.id);
    const workers = detail.closedReason ? [] : await oneToOne.facilitatorOptions(actor, request.params.id);
    const venueList = detail.closedReason ? [] : await venues.list(actor, { activeOnly: true });
    const text = (values: Values, key: string) => (typeof values[key] === 'string' ? (values[key] as string) : null);
    const workerItems = (values: Values) =>
      selectItems(
        workers.map((w) => ({ value: w.id, text: w.displayName })),
        text(values, 'userId'),
        'Select the facilitator',
      );
    const venueItems = (values: Values) =>
      selectItems(
        venueList.map((v) => ({ value: v.id, text: v.name })),
        text(values, 'venueId'),
        'No venue',
      );
    return {
      title: `One-to-one sessions: ${detail.participantName}`,
      ...detail,
      plan,
      add,
      planWorkerItems: workerItems(plan),
      addWorkerItems: workerItems(add),
      planVenueItems: venueItems(plan),
      addVenueItems: venueItems(add),
      flash: flashFrom(request.query),
      backLink: `/programme/enrolments/${request.params.id}/journey`,
    };
  };

  const blank = () => ({ startDate: todayInLondon(), time: '10:00', count: '12' });

  app.get<IdParams>('/programme/enrolments/:id/one-to-one', async (request, reply) =>
    reply.view(PAGE, await page(request, blank(), { date: todayInLondon(), time: '10:00' })),
  );

  app.post<IdParams>('/programme/enrolments/:id/one-to-one/plan', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), PLAN_FORM_FIELDS, ['userId', 'venueId']);
    return handleForm(
      reply,
      async () => {
        await oneToOne.plan(actor, request.params.id, parseInput(ZPlanOneToOne, values), originOf(request));
        return reply.redirect(`/programme/enrolments/${request.params.id}/one-to-one?saved=generated#sessions`, 303);
      },
      async () => ({ template: PAGE, context: await page(request, values, { date: todayInLondon(), time: '10:00' }) }),
      prefixed('plan', PLAN_FORM_FIELDS),
    );
  });

  app.post<IdParams>('/programme/enrolments/:id/one-to-one/add', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), SESSION_FORM_FIELDS, ['userId', 'venueId']);
    return handleForm(
      reply,
      async () => {
        const id = await oneToOne.add(actor, request.params.id, parseInput(ZOneToOneSession, values), originOf(request));
        return reply.redirect(`/sessions/${id}?saved=1`, 303);
      },
      async () => ({ template: PAGE, context: await page(request, blank(), values) }),
      prefixed('add', SESSION_FORM_FIELDS),
    );
  });
}
