import type { FastifyInstance } from 'fastify';
import { rawDate } from '../../web/forms.js';
import { dateParts } from '../../people/schemas.js';
import { parseInput } from '../../web/http.js';
import { form, page, type FormBody, type RouteCall } from '../../web/route.js';
import { todayInLondon } from '../../dates/london.js';
import {
  DISCLOSURE_TYPES,
  DISCLOSURE_TYPE_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  ZDisclosureInput,
  disclosureFromForm,
} from './disclosures-schemas.js';
import type { DisclosureService } from './disclosures-service.js';

const FORM = 'programme/journey/views/disclosures-form.njk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A session id as sent: one that is not a UUID is left out (the form is then not about a session). */
const sessionIdOf = (value: unknown) => (typeof value === 'string' && UUID.test(value) ? value : null);

export function disclosureRoutes(app: FastifyInstance, { disclosures }: { disclosures: DisclosureService }): void {
  /**
   * The disclosure form, about the session in the address (the register it was opened from) or,
   * when it was refused, the session it was sent with, shown again as typed.
   */
  const formContext = async ({ actor, params, query }: RouteCall<'/participants/:id'>, body?: FormBody) => {
    const values = body ? disclosureFromForm(body) : {};
    const form = await disclosures.form(actor, params.id, sessionIdOf(body ? values.sessionId : query.session));
    return {
      title: `Record a disclosure by ${form.participant.name}`,
      form,
      values,
      disclosedOn: body ? rawDate(body, 'disclosedOn') : dateParts(form.session?.date ?? todayInLondon()),
      typeItems: DISCLOSURE_TYPES.map((t) => ({ value: t, text: DISCLOSURE_TYPE_LABELS[t], checked: values.type === t })),
      severityItems: SEVERITIES.map((s) => ({ value: s, text: SEVERITY_LABELS[s], checked: values.severity === s })),
      backLink: form.session
        ? `/programme/sessions/${form.session.id}/register`
        : `/participants/${form.participant.id}#programme`,
    };
  };

  page(app, '/participants/:id/disclosures/new', FORM, (call) => formContext(call));

  form(app, {
    url: '/participants/:id/disclosures',
    view: FORM,
    context: (call, body) => formContext(call, body),
    save: async ({ actor, params, origin }, body) => {
      await disclosures.record(actor, params.id, parseInput(ZDisclosureInput, disclosureFromForm(body)), origin);
      return `/participants/${params.id}?saved=1#disclosures`;
    },
  });
}
