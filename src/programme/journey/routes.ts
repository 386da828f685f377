import type { FastifyInstance } from 'fastify';
import { rawDate } from '../../web/forms.js';
import { dateParts } from '../../people/schemas.js';
import { todayInLondon } from '../../dates/london.js';
import { parseInput } from '../../web/http.js';
import { formPage, page } from '../../web/route.js';
import { ZJourneyChange, journeyChangeFromForm } from './schemas.js';
import type { JourneyService } from './service.js';

const JOURNEY = 'programme/journey/views/journey.njk';
const SUMMARY = 'programme/journey/views/journey-summary.njk';

export function journeyRoutes(app: FastifyInstance, { journeys }: { journeys: JourneyService }): void {
  /** His journey on the programme with the change form: empty, or refused and shown again as typed. */
  formPage(app, {
    url: '/programme/enrolments/:id/journey',
    view: JOURNEY,
    context: async ({ actor, params, query }, form) => {
      const detail = await journeys.view(actor, params.id);
      return {
        title: `${detail.enrolment.participant.name}: ${detail.enrolment.programmeName}`,
        ...detail,
        values: form ? journeyChangeFromForm(form) : {},
        effectiveOn: form ? rawDate(form, 'effectiveOn') : dateParts(todayInLondon()),
        flash: !form && query.saved ? 'The change has been saved' : undefined,
        backLink: `/participants/${detail.enrolment.participant.id}#programme`,
      };
    },
    save: async ({ actor, params, origin }, form) => {
      await journeys.change(actor, params.id, parseInput(ZJourneyChange, journeyChangeFromForm(form)), origin);
      return `/programme/enrolments/${params.id}/journey?saved=1`;
    },
  });

  page(app, '/programme/enrolments/:id/summary', SUMMARY, async ({ actor, params }) => {
    const summary = await journeys.summary(actor, params.id);
    return {
      title: `End-of-programme summary: ${summary.enrolment.participant.name}`,
      summary,
      today: todayInLondon(),
      backLink: `/programme/enrolments/${params.id}/journey`,
    };
  });
}
