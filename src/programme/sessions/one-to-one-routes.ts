import type { FastifyInstance } from 'fastify';
import { todayInLondon } from '../../dates/london.js';
import { parseInput } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { form, page, type FormBody, type RouteCall } from '../../web/route.js';
import { fromForm } from '../catalogue/schemas.js';
import { PLAN_FORM_FIELDS, SESSION_FORM_FIELDS, ZOneToOneSession, ZPlanOneToOne } from './one-to-one-schemas.js';
import { flashFrom } from '../route-helpers.js';
import type { ProgrammeServices } from '../services.js';

const PAGE = 'programme/sessions/views/one-to-one.njk';

type Values = Record<string, unknown>;
type Forms = { plan: Values; add: Values };
type EnrolmentCall = RouteCall<'/programme/enrolments/:id'>;

/** The page's two forms share field names: their errors are shown against ids of their own. */
const prefixed = (prefix: string, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, `${prefix}-${f}`]));

/** The two forms as the page first shows them. */
const blank = (): Forms => ({
  plan: { startDate: todayInLondon(), time: '10:00', count: '12' },
  add: { date: todayInLondon(), time: '10:00' },
});

/** His one-to-one sessions on an enrolment (reached from his journey page): plan weekly ones, add one. */
export function oneToOneRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { oneToOne, venues } = services;

  /** The page, with what was typed into one of its forms when that form was refused. */
  const onePage = async ({ actor, params, query }: EnrolmentCall, typed: Partial<Forms> = {}) => {
    const { plan, add } = { ...blank(), ...typed };
    const detail = await oneToOne.view(actor, params.id);
    const workers = detail.closedReason ? [] : await oneToOne.facilitatorOptions(actor, params.id);
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
      flash: flashFrom(query),
      backLink: `/programme/enrolments/${params.id}/journey`,
    };
  };

  page(app, '/programme/enrolments/:id/one-to-one', PAGE, (call) => onePage(call));

  /** One of the page's forms: a refused one shows the page again with what was typed into it. */
  const oneToOneForm = (
    name: keyof Forms,
    fields: readonly string[],
    save: (call: EnrolmentCall, values: Values) => Promise<string>,
  ) => {
    const valuesOf = (body: FormBody) => fromForm(body, fields, ['userId', 'venueId']);
    form(app, {
      url: `/programme/enrolments/:id/one-to-one/${name}`,
      view: PAGE,
      context: (call, body) => onePage(call, { [name]: valuesOf(body) }),
      save: (call, body) => save(call, valuesOf(body)),
      fieldIds: prefixed(name, fields),
    });
  };

  oneToOneForm('plan', PLAN_FORM_FIELDS, async ({ actor, params, origin }, values) => {
    await oneToOne.plan(actor, params.id, parseInput(ZPlanOneToOne, values), origin);
    return `/programme/enrolments/${params.id}/one-to-one?saved=generated#sessions`;
  });
  oneToOneForm(
    'add',
    SESSION_FORM_FIELDS,
    async ({ actor, params, origin }, values) =>
      `/sessions/${await oneToOne.add(actor, params.id, parseInput(ZOneToOneSession, values), origin)}?saved=1`,
  );
}
