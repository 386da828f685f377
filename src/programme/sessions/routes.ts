import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Actor } from '../../access/index.js';
import { parseInput } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { form, page, routeCall, type FormBody, type RouteCall } from '../../web/route.js';
import { fromForm } from '../catalogue/schemas.js';
import { GROUP_PAGE, groupPage } from '../groups/group-page.js';
import { ZRemoveFacilitator } from '../groups/schemas.js';
import { flashFrom } from '../route-helpers.js';
import { formOf, handleForm, type IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';
import {
  CATCH_UP_FORM_FIELDS,
  GENERATE_FORM_FIELDS,
  RESCHEDULE_FORM_FIELDS,
  ZCatchUpInput,
  ZGenerateInput,
  ZReasonInput,
  ZRescheduleInput,
  ZSessionFacilitatorInput,
} from './schemas.js';

const SESSION = 'programme/sessions/views/session.njk';
const RESCHEDULE = 'programme/sessions/views/session-reschedule.njk';
const CANCEL = 'programme/sessions/views/session-cancel.njk';
const CATCH_UP = 'programme/sessions/views/catch-up.njk';

type Context = Record<string, unknown>;
type SessionCall = RouteCall<'/sessions/:id'>;

/**
 * A form only those who manage the group or session may use (`context` is null for anyone else):
 * GET shows it, and anyone else is told "not found"; POST saves and redirects (303). A refused
 * form is shown again with its errors to a manager; anyone else gets the refusal itself.
 * (formPage() in src/web/route.ts with a context that may be null, written here.)
 */
function managerFormPage<Url extends string>(
  app: FastifyInstance,
  spec: {
    url: Url;
    view: string;
    context: (call: RouteCall<Url>, form?: FormBody) => Promise<Context | null>;
    save: (call: RouteCall<Url>, form: FormBody) => Promise<string>;
  },
): void {
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };
  page(app, spec.url, spec.view, async (call) => (await spec.context(call)) ?? notFound(call.reply));
  app.post(spec.url, async (request, reply) => {
    const call = routeCall<Url>(request, reply);
    const body = formOf(request.body);
    return handleForm(
      reply,
      async () => reply.redirect(await spec.save(call, body), 303),
      async (error) => {
        const context = await spec.context(call, body);
        if (!context) {
          throw error;
        }
        return { template: spec.view, context };
      },
    );
  });
}

export function sessionRoutes(app: FastifyInstance, services: ProgrammeServices): void {
  const { sessions, sessionChanges, venues, catalogue, groups, enrolments } = services;

  const sessionPage = async ({ actor, params, query, origin }: SessionCall, extra: Context = {}) => {
    const detail = await sessions.view(actor, params.id, origin);
    const options = detail.canManage ? await sessions.facilitatorOptions(actor, params.id) : [];
    const values = (extra.values ?? {}) as Context;
    return {
      title: detail.session.title,
      ...detail,
      facilitatorItems: selectItems(
        options.map((w) => ({ value: w.id, text: w.displayName })),
        typeof values.userId === 'string' ? values.userId : null,
        'Select a facilitator',
      ),
      backLink: detail.session.groupId ? `/groups/${detail.session.groupId}#sessions` : '/calendar',
      // The register is his side's (attendance-routes); a partner support group keeps none here.
      canSeeRegister: detail.session.side === 'perpetrator' && can(actor, 'enrolment.view'),
      flash: flashFrom(query),
      values,
      ...extra,
    };
  };

  const venueItems = async (actor: Actor, selected: string | null) =>
    selectItems(
      (await venues.list(actor, { activeOnly: true })).map((v) => ({ value: v.id, text: v.name })),
      selected,
      'Keep the same venue',
    );

  form(app, {
    url: '/groups/:id/sessions',
    view: GROUP_PAGE,
    context: (call, body) =>
      groupPage(services, call.request as FastifyRequest<IdParams>, { values: fromForm(body, GENERATE_FORM_FIELDS) }),
    save: async ({ actor, params, origin }, body) => {
      await sessions.generate(actor, params.id, parseInput(ZGenerateInput, fromForm(body, GENERATE_FORM_FIELDS)), origin);
      return `/groups/${params.id}?saved=generated#sessions`;
    },
  });

  managerFormPage(app, {
    url: '/groups/:id/catch-up',
    view: CATCH_UP,
    context: async ({ actor, params, origin }, body) => {
      const values = body ? fromForm(body, CATCH_UP_FORM_FIELDS) : { time: '18:30' };
      const detail = await groups.view(actor, params.id, origin);
      if (!detail.canManage) {
        return null;
      }
      const { templates } = await catalogue.view(actor, detail.group.programmeId);
      const members =
        detail.group.side === 'perpetrator' && can(actor, 'enrolment.view')
          ? (await enrolments.groupMembers(actor, params.id)).members
          : [];
      const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : null);
      return {
        title: 'Add a catch-up session',
        group: detail.group,
        values,
        backLink: `/groups/${params.id}#sessions`,
        templateItems: selectItems(
          templates.map((t) => ({ value: t.id, text: `${t.position}. ${t.title}` })),
          text('templateId'),
          'Select the session it catches up',
        ),
        memberItems: selectItems(
          members.map((m) => ({ value: m.id, text: `${m.participantName} (${m.participantReference})` })),
          text('enrolmentId'),
          'The whole group',
        ),
        showMembers: members.length > 0,
        venueItems: await venueItems(actor, text('venueId')),
      };
    },
    save: async ({ actor, params, origin }, body) => {
      const input = parseInput(ZCatchUpInput, fromForm(body, CATCH_UP_FORM_FIELDS));
      return `/sessions/${await sessions.addCatchUp(actor, params.id, input, origin)}?saved=1`;
    },
  });

  page(app, '/sessions/:id', SESSION, (call) => sessionPage(call));

  managerFormPage(app, {
    url: '/sessions/:id/reschedule',
    view: RESCHEDULE,
    context: async ({ actor, params, origin }, body) => {
      const { session, canManage } = await sessions.view(actor, params.id, origin);
      if (!canManage) {
        return null;
      }
      const values = body ? fromForm(body, RESCHEDULE_FORM_FIELDS) : { date: session.date, time: session.time };
      return {
        title: `Reschedule ${session.title}`,
        session,
        values,
        venueItems: await venueItems(actor, typeof values.venueId === 'string' ? values.venueId : null),
        backLink: `/sessions/${session.id}`,
      };
    },
    save: async ({ actor, params, origin }, body) => {
      await sessionChanges.reschedule(
        actor,
        params.id,
        parseInput(ZRescheduleInput, fromForm(body, RESCHEDULE_FORM_FIELDS)),
        origin,
      );
      return `/sessions/${params.id}?saved=1`;
    },
  });

  managerFormPage(app, {
    url: '/sessions/:id/cancel',
    view: CANCEL,
    context: async ({ actor, params, origin }, body) => {
      const { session, canManage } = await sessions.view(actor, params.id, origin);
      const values = body ? fromForm(body, ['reason']) : {};
      return canManage ? { title: `Cancel ${session.title}`, session, values, backLink: `/sessions/${session.id}` } : null;
    },
    save: async ({ actor, params, origin }, body) => {
      await sessionChanges.cancel(actor, params.id, parseInput(ZReasonInput, fromForm(body, ['reason'])), origin);
      return `/sessions/${params.id}?saved=1`;
    },
  });

  /**
   * A form on the session's own page: saves and returns to it; a refused one shows the page again
   * with what was typed (`echo`), or as it was.
   */
  const sessionForm = (
    path: string,
    readForm: (body: FormBody) => FormBody,
    save: (call: SessionCall, values: FormBody) => Promise<unknown>,
    { anchor = '', echo = true }: { anchor?: string; echo?: boolean } = {},
  ) =>
    form(app, {
      url: `/sessions/:id/${path}`,
      view: SESSION,
      context: (call, body) => sessionPage(call, echo ? { values: readForm(body) } : {}),
      save: async (call, body) => {
        await save(call, readForm(body));
        return `/sessions/${call.params.id}?saved=1${anchor}`;
      },
    });

  sessionForm(
    'reinstate',
    (body) => fromForm(body, ['reason']),
    ({ actor, params, origin }, values) => sessionChanges.reinstate(actor, params.id, parseInput(ZReasonInput, values), origin),
  );
  sessionForm(
    'facilitators',
    (body) => fromForm(body, ['userId', 'role'], ['userId', 'role']),
    ({ actor, params, origin }, values) =>
      sessionChanges.addFacilitator(actor, params.id, parseInput(ZSessionFacilitatorInput, values), origin),
    { anchor: '#facilitators' },
  );
  sessionForm(
    'facilitators/remove',
    (body) => fromForm(body, ['userId']),
    ({ actor, params, origin }, values) =>
      sessionChanges.removeFacilitator(actor, params.id, parseInput(ZRemoveFacilitator, values).userId, origin),
    { anchor: '#facilitators', echo: false },
  );
}
