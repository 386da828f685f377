import type { FastifyInstance } from 'fastify';
import { formText } from '../people/schemas.js';
import { parseInput } from '../web/http.js';
import { form, formPage, page, type RouteCall } from '../web/route.js';
import { countCaption, cursorForPage } from '../web/pagination.js';
import { MEETING_CURSOR_IDS, type MaracMeetingService } from './meetings-service.js';
import { ACTION_DUE_SOON_DAYS, DEFAULT_ACTION_SORT, type MaracActionService } from './actions-service.js';
import { WORK_SCOPES, WORK_SCOPE_LABELS } from '../access/work-scope.js';
import { filterParams, filteredPagination, pageFilters } from '../web/list-filter.js';
import { typedDate } from './routes.js';
import {
  ZActionListQuery,
  ZMeetingInput,
  ZMeetingSortQuery,
  ZRiskSettings,
  meetingFromForm,
  type MaracActionSort,
  type MaracMeetingSort,
} from './schemas.js';
import { DEFAULT_MEETING_SORT } from './meetings-repository.js';
import { sameSort, sortHeading, type ListSort } from '../web/sort-heading.js';
import { orderOf } from './keyset-order.js';
import { ZMeetingDateQuery } from './referrals-list.js';
import { headingCell } from './referrals-page.js';

const MEETINGS = 'marac/views/meetings.njk';
const MEETING = 'marac/views/meeting.njk';
const MEETING_PRINT = 'marac/views/meeting-print.njk';
const SETTINGS = 'marac/views/settings.njk';
const ACTIONS = 'marac/views/actions.njk';

const DUE_LABELS = { overdue: 'Overdue', soon: `Due in the next ${ACTION_DUE_SOON_DAYS} days` } as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The area filter from the address: trimmed, at most an area's length, blank is every area. */
export function areaFilter(query: unknown): string | null {
  const raw = (query as Record<string, unknown> | undefined)?.area;
  // Characters no area can hold (NUL, half a surrogate pair) are dropped rather than sent to the database.
  const area = typeof raw === 'string' ? raw.replaceAll('\u0000', '').replace(LONE_SURROGATE, '').trim().slice(0, 200) : '';
  return area === '' ? null : area;
}

/**
 * The MARAC page (meetings by area and date, adding one), each meeting's list of cases, printable,
 * and the escalation setting for management. Partner side and management only.
 */
export function maracMeetingRoutes(
  app: FastifyInstance,
  { maracMeetings: meetings, maracActions: actions }: { maracMeetings: MaracMeetingService; maracActions: MaracActionService },
): void {
  // The actions agreed at meetings and not yet done, by due date: the dashboard's MARAC counts link here with
  // the same scope and due; a value it does not know is refused beside its field (status 400).
  page(app, '/marac/actions', ACTIONS, async ({ actor, query, origin, reply }) => {
    const { filters, errors } = pageFilters(ZActionListQuery, query);
    const scope = filters?.scope ?? 'mine';
    const due = filters?.due ?? null;
    const sort = orderOf(filters ?? {}, DEFAULT_ACTION_SORT);
    const sorted = (asked: ListSort<MaracActionSort>) =>
      sameSort(asked, DEFAULT_ACTION_SORT) ? {} : { sort: asked.by, dir: asked.dir };
    const href = (values: { scope: string; due?: string | undefined; sort?: string; dir?: string }) =>
      `/marac/actions?${filterParams(values)}`;
    const kept = { scope, due: due ?? undefined, ...sorted(sort) };
    const scopeLinks = WORK_SCOPES.map((value) => ({
      text: WORK_SCOPE_LABELS[value],
      href: href({ ...kept, scope: value }),
      active: value === scope,
      qa: `scope-${value}`,
    }));
    const dueLinks = [
      { text: 'Any due date', href: href({ ...kept, due: undefined }), active: due === null, qa: 'due-any' },
      ...(['overdue', 'soon'] as const).map((value) => ({
        text: DUE_LABELS[value],
        href: href({ ...kept, due: value }),
        active: due === value,
        qa: `due-${value}`,
      })),
    ];
    const heading = (column: MaracActionSort, text: string) =>
      headingCell(sortHeading(column, text, sort, (asked) => href({ ...kept, ...sorted(asked) })));
    if (errors) {
      // Checked before anything is read: his side is still told "not found" by the list below.
      reply.status(400);
    }
    const result = await actions.list(actor, { scope, due, sort }, origin, errors ? null : cursorForPage(query, 1));
    return {
      title: 'MARAC actions',
      errors: errors ?? undefined,
      result,
      scopeLinks,
      dueLinks,
      head: [
        { text: 'Action' },
        heading('agency', 'Agency'),
        heading('due', 'Due'),
        heading('reference', 'Case'),
        { text: 'Worker' },
      ],
      heading: due ? `MARAC actions, ${DUE_LABELS[due].toLowerCase()}` : 'MARAC actions not yet done',
      caption: countCaption(result, 'action', 'actions'),
      pagination: filteredPagination('/marac/actions', filterParams(kept), result),
      backLink: '/dashboard',
    };
  });

  /** The meetings of the area asked for, with the "add a meeting" form empty (or, in `typed`, as it was sent). */
  const listContext = async ({ actor, query, origin }: RouteCall<'/marac'>, typed: Record<string, unknown> = {}) => {
    const area = areaFilter(query);
    // The meeting dates: a date it cannot read is shown beside its field, and the list shows every date;
    // a sort or dir it does not know is shown above the table, and the list is in its own order.
    const { filters: dated, errors: dateErrors } = pageFilters(ZMeetingDateQuery, query);
    const { filters: sorted, errors: sortErrors } = pageFilters(ZMeetingSortQuery, query);
    const dates = { from: dated?.from ?? null, to: dated?.to ?? null };
    const sort = orderOf(sorted ?? {}, DEFAULT_MEETING_SORT);
    const errors = dateErrors || sortErrors ? { ...dateErrors, ...sortErrors } : null;
    const page = await meetings.list(
      actor,
      area,
      origin,
      errors ? null : cursorForPage(query, MEETING_CURSOR_IDS),
      undefined,
      dates,
      sort,
    );
    const values = { area: area ?? undefined, from: dates.from ?? undefined, to: dates.to ?? undefined };
    const sortValues = (asked: ListSort<MaracMeetingSort>) =>
      sameSort(asked, DEFAULT_MEETING_SORT) ? {} : { sort: asked.by, dir: asked.dir };
    const kept = filterParams({ ...values, ...sortValues(sort) });
    const heading = (column: MaracMeetingSort, text: string) =>
      headingCell(sortHeading(column, text, sort, (asked) => `/marac?${filterParams({ ...values, ...sortValues(asked) })}`));
    return {
      title: 'MARAC',
      ...page,
      dateErrors: errors,
      typedDates: {
        from: typeof query.from === 'string' ? query.from : '',
        to: typeof query.to === 'string' ? query.to : '',
      },
      sort: sortValues(sort),
      meetingHead: [heading('area', 'Area'), heading('date', 'Date'), { text: 'Cases', format: 'numeric' }],
      caption: countCaption(page, 'meeting', 'meetings'),
      pagination: filteredPagination('/marac', kept, page),
      flash: query.added ? 'Meeting added' : undefined,
      values: {},
      meetsOn: { day: '', month: '', year: '' },
      ...typed,
    };
  };

  page(app, '/marac', MEETINGS, async (call) => {
    const context = await listContext(call);
    if (context.dateErrors) {
      call.reply.status(400);
    }
    return { ...context, errors: context.dateErrors ?? undefined };
  });

  form(app, {
    url: '/marac/meetings',
    view: MEETINGS,
    context: (call, form) =>
      listContext(call, { values: { area: formText(form, 'area') ?? '' }, meetsOn: typedDate(form, 'meetsOn') }),
    save: async ({ actor, origin }, form) => {
      const id = await meetings.add(actor, parseInput(ZMeetingInput, meetingFromForm(form)), origin);
      return `/marac/meetings/${id}?added=1`;
    },
  });

  page(app, '/marac/meetings/:id', MEETING, async ({ actor, params, query, origin }) => {
    const page = await meetings.meeting(actor, params.id, origin);
    return {
      title: `${page.meeting.area} MARAC`,
      ...page,
      flash: query.added ? 'Meeting added' : undefined,
      backLink: `/marac?area=${encodeURIComponent(page.meeting.area)}`,
    };
  });

  page(app, '/marac/meetings/:id/print', MEETING_PRINT, async ({ actor, params, origin }) => {
    const page = await meetings.meeting(actor, params.id, origin, 'print');
    return { title: `${page.meeting.area} MARAC`, ...page };
  });

  formPage(app, {
    url: '/settings/risk',
    view: SETTINGS,
    // Loaded first, sent or not: anyone but management is told "not found", whatever they sent.
    context: async ({ actor, query }, form) => {
      const current = await meetings.settings(actor);
      return {
        title: 'MARAC escalation',
        values: form ?? current,
        flash: !form && query.saved ? 'The setting has been saved' : undefined,
        backLink: '/marac',
      };
    },
    save: async ({ actor, origin }, form) => {
      await meetings.saveSettings(actor, parseInput(ZRiskSettings, form), origin);
      return '/settings/risk?saved=1';
    },
  });
}
