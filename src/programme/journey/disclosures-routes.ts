import type { FastifyInstance } from 'fastify';
import { dateParts } from '../../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../../web/http.js';
import { todayInLondon } from '../../dates/london.js';
import { rawDate } from '../../participants/routes.js';
import {
  DISCLOSURE_TYPES,
  DISCLOSURE_TYPE_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  ZDisclosureInput,
  disclosureFromForm,
} from './disclosures-schemas.js';
import type { DisclosureForm, DisclosureService } from './disclosures-service.js';

type IdParams = { Params: { id: string } };
const FORM = 'programme/journey/views/disclosures-form.njk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function formContext(
  form: DisclosureForm,
  values: Record<string, unknown>,
  disclosedOn: { day: string; month: string; year: string },
) {
  return {
    title: `Record a disclosure by ${form.participant.name}`,
    form,
    values,
    disclosedOn,
    typeItems: DISCLOSURE_TYPES.map((t) => ({ value: t, text: DISCLOSURE_TYPE_LABELS[t], checked: values.type === t })),
    severityItems: SEVERITIES.map((s) => ({ value: s, text: SEVERITY_LABELS[s], checked: values.severity === s })),
    backLink: form.session ? `/programme/sessions/${form.session.id}/register` : `/participants/${form.participant.id}#programme`,
  };
}

export function disclosureRoutes(app: FastifyInstance, { disclosures }: { disclosures: DisclosureService }): void {
  app.get<IdParams>('/participants/:id/disclosures/new', async (request, reply) => {
    const actor = requireActor(request);
    const requested = (request.query as Record<string, unknown>).session;
    const sessionId = typeof requested === 'string' && UUID.test(requested) ? requested : null;
    const form = await disclosures.form(actor, request.params.id, sessionId);
    return reply.view(FORM, formContext(form, {}, dateParts(form.session?.date ?? todayInLondon())));
  });

  app.post<IdParams>('/participants/:id/disclosures', async (request, reply) => {
    const actor = requireActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = disclosureFromForm(body);
    try {
      await disclosures.record(actor, request.params.id, parseInput(ZDisclosureInput, values), originOf(request));
      return reply.redirect(`/participants/${request.params.id}?saved=1#disclosures`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const sessionId = typeof values.sessionId === 'string' && UUID.test(values.sessionId) ? values.sessionId : null;
        const form = await disclosures.form(actor, request.params.id, sessionId);
        return renderFormErrors(reply, FORM, formContext(form, values, rawDate(body, 'disclosedOn')), error);
      }
      throw error;
    }
  });
}
