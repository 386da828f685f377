import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dateParts } from '../../people/schemas.js';
import { rawDate } from '../../participants/routes.js';
import { todayInLondon } from '../../dates/london.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../../web/http.js';
import { ZJourneyChange, journeyChangeFromForm } from './schemas.js';
import type { JourneyService } from './service.js';

type IdParams = { Params: { id: string } };
const JOURNEY = 'programme/journey/views/journey.njk';
const SUMMARY = 'programme/journey/views/journey-summary.njk';

export function journeyRoutes(app: FastifyInstance, { journeys }: { journeys: JourneyService }): void {
  const journeyPage = async (request: FastifyRequest<IdParams>, extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const detail = await journeys.view(actor, request.params.id);
    const saved = (request.query as Record<string, string | undefined>).saved;
    return {
      title: `${detail.enrolment.participant.name}: ${detail.enrolment.programmeName}`,
      ...detail,
      values: {},
      effectiveOn: dateParts(todayInLondon()),
      flash: saved ? 'The change has been saved' : undefined,
      backLink: `/participants/${detail.enrolment.participant.id}#programme`,
      ...extra,
    };
  };

  app.get<IdParams>('/programme/enrolments/:id/journey', async (request, reply) =>
    reply.view(JOURNEY, await journeyPage(request)),
  );

  app.post<IdParams>('/programme/enrolments/:id/journey', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    const values = journeyChangeFromForm(form);
    try {
      await journeys.change(actor, request.params.id, parseInput(ZJourneyChange, values), originOf(request));
      return reply.redirect(`/programme/enrolments/${request.params.id}/journey?saved=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        return renderFormErrors(
          reply,
          JOURNEY,
          await journeyPage(request, { values, effectiveOn: rawDate(form, 'effectiveOn'), flash: undefined }),
          error,
        );
      }
      throw error;
    }
  });

  app.get<IdParams>('/programme/enrolments/:id/summary', async (request, reply) => {
    const actor = requireActor(request);
    const summary = await journeys.summary(actor, request.params.id);
    return reply.view(SUMMARY, {
      title: `End-of-programme summary: ${summary.enrolment.participant.name}`,
      summary,
      today: todayInLondon(),
      backLink: `/programme/enrolments/${request.params.id}/journey`,
    });
  });
}
