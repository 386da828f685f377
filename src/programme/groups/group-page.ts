import type { FastifyRequest } from 'fastify';
import { can } from '../../access/index.js';
import { formatDate } from '../../web/filters.js';
import { originOf, requireActor } from '../../web/http.js';
import { selectItems } from '../../web/pagination.js';
import { flashFrom } from '../route-helpers.js';
import type { IdParams } from '../../web/forms.js';
import type { RouteCall } from '../../web/route.js';
import type { ProgrammeServices } from '../services.js';

export const GROUP_PAGE = 'programme/groups/views/group.njk';

/**
 * What the group's page is read for: the call of a page or form at /groups/:id…, or a request
 * (the session routes still pass theirs).
 */
export type GroupPageCall = Pick<RouteCall<'/groups/:id'>, 'actor' | 'params' | 'query' | 'origin'>;

/**
 * Everything the group's page shows: its schedule and facilitators (with the co-facilitation
 * warning), its members and the waiting list it can take from (his side's staff only), its
 * sessions, and the attendance grid (whoever may mark its registers). `extra` carries a form's errors and what was typed.
 */
export async function groupPage(
  services: ProgrammeServices,
  from: GroupPageCall | FastifyRequest<IdParams>,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const { actor, params, query, origin } = 'origin' in from ? from : callOf(from);
  const groupId = params.id;
  const detail = await services.groups.view(actor, groupId, origin);
  const sessions = await services.sessions.listForGroup(actor, groupId);
  const seesMembers = detail.group.side === 'perpetrator' && can(actor, 'enrolment.view');
  const roster = seesMembers ? await services.enrolments.groupMembers(actor, groupId) : null;
  // The group's registers side by side: for whoever may mark them, as the register itself is.
  const attendanceGrid =
    detail.group.side === 'perpetrator' && can(actor, 'attendance.record')
      ? await services.attendanceGrid.forGroup(actor, groupId)
      : null;
  const facilitatorOptions = detail.canManage ? await services.groups.facilitatorOptions(actor, groupId) : [];
  const values = (extra.values ?? {}) as Record<string, unknown>;
  return {
    title: detail.group.name,
    ...detail,
    sessions,
    sessionsNeedingCover: sessions.filter((s) => s.needsCover).length,
    members: roster?.members ?? null,
    attendanceGrid,
    candidates: roster?.candidates ?? [],
    canPlace: seesMembers && can(actor, 'enrolment.manage') && detail.canManage,
    candidateItems: selectItems(
      (roster?.candidates ?? []).map((c) => ({
        value: c.id,
        text: `${c.participantName} (${c.participantReference}), ready since ${formatDate(c.readyOn)}${c.interpreterLanguage ? `, needs a ${c.interpreterLanguage} interpreter` : ''}`,
      })),
      typeof values.enrolmentId === 'string' ? values.enrolmentId : null,
      'Select a participant from the waiting list',
    ),
    facilitatorItems: selectItems(
      facilitatorOptions.map((w) => ({ value: w.id, text: w.displayName })),
      typeof values.userId === 'string' ? values.userId : null,
      'Select a facilitator',
    ),
    generateValues: { count: '26', skipBankHolidays: 'yes' },
    backLink: '/groups',
    flash: flashFrom(query),
    values,
    ...extra,
  };
}

const callOf = (request: FastifyRequest<IdParams>): GroupPageCall => ({
  actor: requireActor(request),
  params: request.params,
  query: request.query as GroupPageCall['query'],
  origin: originOf(request),
});
