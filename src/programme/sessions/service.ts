import { authorize, can, type Actor } from '../../access/index.js';
import { refusePartnerGroupClash } from '../../appointments/separation.js';
import { recordActorEvent } from '../../audit/service.js';
import { type Region } from '../../dates/working-days.js';
import { londonTimeToInstant } from '../../dates/london.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { workersOnSides, type WorkerOption } from '../../people/workers.js';
import { listTemplates } from '../catalogue/repository.js';
import { findEnrolment } from '../groups/enrolments-repository.js';
import { facilitatorWarning, type FacilitatorView } from '../groups/presenters.js';
import { findGroup, listGroupFacilitators, type GroupRow } from '../groups/repository.js';
import { londonParts } from '../../dates/london.js';
import { addDays, weeklySessionDates } from '../schedule.js';
import {
  presentChange,
  presentSession,
  presentSessionFacilitator,
  type SessionChangeView,
  type SessionView,
} from './presenters.js';
import * as repo from './repository.js';
import type { TCatchUpInput, TGenerateInput } from './schemas.js';
import { authorizeSideManage, authorizeSideView, canManageSide } from '../sides.js';
import { findVenue } from '../venues/repository.js';

type Origin = { ip: string | null };

export type SessionDetail = {
  session: SessionView;
  facilitators: FacilitatorView[];
  facilitatorWarning: string | null;
  history: SessionChangeView[];
  canManage: boolean;
};

/** The most sessions one group may have (the schema's bound on a session's sequence). */
const MAX_SESSIONS = 500;

/**
 * A group's sessions: planned from its weekly schedule and its programme's session templates, each
 * with the group's regular facilitators; viewed with their history of changes.
 */
export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly region: Region = 'ENG',
  ) {}

  async loadGroup(trx: Trx, actor: Actor, groupId: string): Promise<GroupRow> {
    const group = await findGroup(trx, groupId);
    if (!group) {
      throw new NotFoundError();
    }
    authorizeSideView(actor, group);
    return group;
  }

  async loadSession(trx: Trx, actor: Actor, sessionId: string, origin?: Origin): Promise<repo.SessionRow> {
    const row = await repo.findSession(trx, sessionId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizeSideView(actor, row);
    if (row.side === 'partner' && origin) {
      await recordActorEvent(trx, actor, origin, 'group.viewed_partner_side', { type: 'programme_session', id: sessionId });
    }
    return row;
  }

  async listForGroup(actor: Actor, groupId: string): Promise<SessionView[]> {
    return withActor(this.db, actor, async (trx) => {
      await this.loadGroup(trx, actor, groupId);
      const showParticipant = can(actor, 'enrolment.view');
      return (await repo.listGroupSessions(trx, groupId)).map((row) => presentSession(row, { showParticipant }));
    });
  }

  async view(actor: Actor, sessionId: string, origin: Origin): Promise<SessionDetail> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.loadSession(trx, actor, sessionId, origin);
      const facilitators = (await repo.listSessionFacilitators(trx, sessionId)).map(presentSessionFacilitator);
      const history = await repo.listChanges(trx, sessionId);
      return {
        session: presentSession(row, { showParticipant: can(actor, 'enrolment.view') }),
        facilitators,
        facilitatorWarning: row.status === 'scheduled' ? facilitatorWarning(facilitators.length, 'session') : null,
        history: history.map((change) => presentChange(change, row.durationMinutes)),
        canManage: canManageSide(actor, row),
      };
    });
  }

  /**
   * Plans the next `count` sessions, weekly on the group's day and London time, continuing after its
   * last planned session (or from its start date), cycling through the programme's group templates.
   */
  async generate(actor: Actor, groupId: string, input: TGenerateInput, origin: Origin): Promise<string[]> {
    return withActor(this.db, actor, async (trx) => {
      const group = await this.loadGroup(trx, actor, groupId);
      authorizeSideManage(actor, group);
      if (group.status === 'finished' || group.status === 'cancelled') {
        throw new ConflictError('This group has ended: no more sessions can be planned', { count: 'This group has ended' });
      }
      const existing = await repo.countGroupSessions(trx, groupId);
      if (existing + input.count > MAX_SESSIONS) {
        throw new InvalidInputError('Check the highlighted answers', {
          count: `A group has at most ${MAX_SESSIONS} sessions: it has ${existing} already`,
        });
      }
      const last = await repo.lastScheduled(trx, groupId);
      const from = last ? addDays(londonParts(last.startsAt).date, 1) : group.startDate;
      const templates = (await listTemplates(trx, group.programmeId)).filter((t) => t.delivery === 'group');
      const facilitators = (await listGroupFacilitators(trx, groupId)).filter((f) => f.role === 'regular');
      const dates = weeklySessionDates({ startDate: from, dayOfWeek: group.dayOfWeek, startTime: group.startTime }, input.count, {
        skipBankHolidays: input.skipBankHolidays,
        region: this.region,
        // The group's weekly time is not on the form: a date the clock change makes it miss is the page's
        // error; one the autumn change gives twice asks which (the form's `offset`).
        timeField: '_',
        offset: input.offset,
      });
      const ids: string[] = [];
      let sequence = last?.sequence ?? 0;
      for (const { startsAt } of dates) {
        sequence += 1;
        const template = templates.length ? templates[(sequence - 1) % templates.length] : undefined;
        const id = await repo.insertSession(trx, {
          organisation_id: actor.organisationId,
          side: group.side,
          group_id: groupId,
          session_template_id: template?.id ?? null,
          kind: 'scheduled',
          sequence,
          title: template?.title ?? `Session ${sequence}`,
          starts_at: startsAt,
          duration_minutes: group.durationMinutes,
          venue_id: group.venueId,
          created_by: actor.userId,
        });
        for (const f of facilitators) {
          await repo.insertSessionFacilitator(trx, {
            sessionId: id,
            userId: f.userId,
            organisationId: actor.organisationId,
            side: group.side,
            role: 'regular',
          });
        }
        ids.push(id);
      }
      if (group.side === 'partner') {
        // Her support group: never at his venue near his session (seed 001; src/appointments/separation.ts).
        await refusePartnerGroupClash(trx, groupId, ids, 'count');
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'session.generated',
        { type: 'group', id: groupId },
        {
          count: ids.length,
          skipBankHolidays: input.skipBankHolidays,
        },
      );
      return ids;
    });
  }

  /** A catch-up: the session it makes up for (a template of the programme), for the group or one man in it. */
  async addCatchUp(actor: Actor, groupId: string, input: TCatchUpInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const group = await this.loadGroup(trx, actor, groupId);
      authorizeSideManage(actor, group);
      const templates = await listTemplates(trx, group.programmeId);
      const template = input.templateId ? templates.find((t) => t.id === input.templateId) : undefined;
      if (input.templateId && !template) {
        throw new InvalidInputError('Check the highlighted answers', { templateId: 'Select a session of this programme' });
      }
      const title = input.title ?? (template ? `Catch-up: ${template.title}` : null);
      if (!title) {
        throw new InvalidInputError('Check the highlighted answers', {
          templateId: 'Select the session it catches up, or enter a title',
        });
      }
      if (input.enrolmentId) {
        const enrolment = group.side === 'perpetrator' ? await findEnrolment(trx, input.enrolmentId) : undefined;
        if (!enrolment || enrolment.groupId !== groupId || !can(actor, 'enrolment.view')) {
          throw new InvalidInputError('Check the highlighted answers', { enrolmentId: 'Select a participant in this group' });
        }
      }
      if (input.venueId) {
        const venue = await findVenue(trx, input.venueId);
        if (!venue || venue.organisationId !== actor.organisationId || !venue.active) {
          throw new InvalidInputError('Check the highlighted answers', { venueId: 'Select a venue from the list' });
        }
      }
      const id = await repo.insertSession(trx, {
        organisation_id: actor.organisationId,
        side: group.side,
        group_id: groupId,
        enrolment_id: input.enrolmentId,
        session_template_id: template?.id ?? null,
        kind: 'catch_up',
        title: title.slice(0, 200),
        starts_at: londonTimeToInstant(input.date, input.time, { offset: input.offset }),
        duration_minutes: input.durationMinutes ?? template?.durationMinutes ?? group.durationMinutes,
        venue_id: input.venueId ?? group.venueId,
        created_by: actor.userId,
      });
      if (group.side === 'partner') {
        await refusePartnerGroupClash(trx, groupId, [id], 'date');
      }
      for (const f of (await listGroupFacilitators(trx, groupId)).filter((x) => x.role === 'regular')) {
        await repo.insertSessionFacilitator(trx, {
          sessionId: id,
          userId: f.userId,
          organisationId: actor.organisationId,
          side: group.side,
          role: 'regular',
        });
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'session.catch_up_added',
        { type: 'programme_session', id },
        {
          groupId,
          enrolmentId: input.enrolmentId,
        },
      );
      return id;
    });
  }

  /** Staff who may cover a session: those of its side not already on it. */
  async facilitatorOptions(actor: Actor, sessionId: string): Promise<WorkerOption[]> {
    authorize(actor, 'programme.view');
    return withActor(this.db, actor, async (trx) => {
      const row = await this.loadSession(trx, actor, sessionId);
      authorizeSideManage(actor, row);
      const current = new Set((await repo.listSessionFacilitators(trx, sessionId)).map((f) => f.userId));
      return (await workersOnSides(trx, actor.organisationId, [row.side])).filter((w) => !current.has(w.id));
    });
  }
}
