import type { FastifyInstance } from 'fastify';
import { formText } from '../people/schemas.js';
import { isInvalidInput, originOf, parseInput, renderFormErrors, requireActor } from '../web/http.js';
import { countCaption, cursorForPage, keysetPaginationFor } from '../web/pagination.js';
import { MEETING_CURSOR_IDS, type MaracMeetingService } from './meetings-service.js';
import { ZMeetingInput, ZRiskSettings, meetingFromForm } from './schemas.js';

type IdParams = { Params: { id: string } };

const MEETINGS = 'marac/views/meetings.njk';
const MEETING = 'marac/views/meeting.njk';
const MEETING_PRINT = 'marac/views/meeting-print.njk';
const SETTINGS = 'marac/views/settings.njk';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The area filter from the address: trimmed, at most an area's length, blank is every area. */
export function areaFilter(query: unknown): string | null {
  const raw = (query as Record<string, unknown> | undefined)?.area;
  // Characters no area can hold (NUL, half a surrogate pair) are dropped rather than sent to the database.
  const area = typeof raw === 'string' ? raw.replaceAll('\u0000', '').replace(LONE_SURROGATE, '').trim().slice(0, 200) : '';
  return area === '' ? null : area;
}

/** Previous and Next links of the meetings list, keeping the area shown. */
function meetingsPagination(area: string | null, page: { next: string | null; previous: string | null }): object | null {
  const links = keysetPaginationFor('/marac', page) as { previous?: { href: string }; next?: { href: string } } | null;
  if (links === null || area === null) {
    return links;
  }
  const withArea = (link?: { href: string }) =>
    link ? { href: link.href.replace('/marac?', `/marac?area=${encodeURIComponent(area)}&`) } : undefined;
  return { previous: withArea(links.previous), next: withArea(links.next) };
}

/**
 * The MARAC page (meetings by area and date, adding one), each meeting's list of cases, printable,
 * and the escalation setting for management. Partner side and management only.
 */
export function maracMeetingRoutes(
  app: FastifyInstance,
  { maracMeetings: meetings }: { maracMeetings: MaracMeetingService },
): void {
  const listPage = async (request: Parameters<typeof requireActor>[0], extra: Record<string, unknown> = {}) => {
    const actor = requireActor(request);
    const area = areaFilter(request.query);
    const page = await meetings.list(actor, area, originOf(request), cursorForPage(request.query, MEETING_CURSOR_IDS));
    const query = request.query as Record<string, string | undefined>;
    return {
      title: 'MARAC',
      ...page,
      caption: countCaption(page, 'meeting', 'meetings'),
      pagination: meetingsPagination(area, page),
      flash: query.added ? 'Meeting added' : undefined,
      values: {},
      meetsOn: { day: '', month: '', year: '' },
      ...extra,
    };
  };

  app.get('/marac', async (request, reply) => reply.view(MEETINGS, await listPage(request)));

  app.post('/marac/meetings', async (request, reply) => {
    const actor = requireActor(request);
    const form = (request.body ?? {}) as Record<string, unknown>;
    try {
      const id = await meetings.add(actor, parseInput(ZMeetingInput, meetingFromForm(form)), originOf(request));
      return reply.redirect(`/marac/meetings/${id}?added=1`, 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        const typed = {
          day: formText(form, 'meetsOn-day') ?? '',
          month: formText(form, 'meetsOn-month') ?? '',
          year: formText(form, 'meetsOn-year') ?? '',
        };
        const context = await listPage(request, { values: { area: formText(form, 'area') ?? '' }, meetsOn: typed });
        return renderFormErrors(reply, MEETINGS, context, error);
      }
      throw error;
    }
  });

  app.get<IdParams>('/marac/meetings/:id', async (request, reply) => {
    const page = await meetings.meeting(requireActor(request), request.params.id, originOf(request));
    const query = request.query as Record<string, string | undefined>;
    return reply.view(MEETING, {
      title: `${page.meeting.area} MARAC`,
      ...page,
      flash: query.added ? 'Meeting added' : undefined,
      backLink: `/marac?area=${encodeURIComponent(page.meeting.area)}`,
    });
  });

  app.get<IdParams>('/marac/meetings/:id/print', async (request, reply) => {
    const page = await meetings.meeting(requireActor(request), request.params.id, originOf(request), 'print');
    return reply.view(MEETING_PRINT, { title: `${page.meeting.area} MARAC`, ...page });
  });

  app.get('/settings/risk', async (request, reply) => {
    const values = await meetings.settings(requireActor(request));
    const saved = (request.query as Record<string, string | undefined>).saved;
    return reply.view(SETTINGS, {
      title: 'MARAC escalation',
      values,
      flash: saved ? 'The setting has been saved' : undefined,
      backLink: '/marac',
    });
  });

  app.post('/settings/risk', async (request, reply) => {
    const actor = requireActor(request);
    const values = (request.body ?? {}) as Record<string, unknown>;
    try {
      await meetings.saveSettings(actor, parseInput(ZRiskSettings, values), originOf(request));
      return reply.redirect('/settings/risk?saved=1', 303);
    } catch (error) {
      if (isInvalidInput(error)) {
        // Checked first: anyone but management is told "not found", whatever they sent.
        await meetings.settings(actor);
        return renderFormErrors(reply, SETTINGS, { title: 'MARAC escalation', values, backLink: '/marac' }, error);
      }
      throw error;
    }
  });
}
