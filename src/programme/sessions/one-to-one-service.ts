import { authorize, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { londonTimeToInstant } from '../../dates/london.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { workersOnSides, type WorkerOption } from '../../people/workers.js';
import { listTemplates, type TemplateRow } from '../catalogue/repository.js';
import { findEnrolment, type EnrolmentRow } from '../journey/repository.js';
import { ENDED_STATUSES } from '../journey/transitions.js';
import * as repo from './one-to-one-repository.js';
import type { TOneToOneSession, TPlanOneToOne } from './one-to-one-schemas.js';
import { isoDayOfWeek, weeklySessionDates } from '../schedule.js';
import { presentSession, type SessionView } from './presenters.js';
import { insertSession, insertSessionFacilitator } from './repository.js';
import { findVenue } from '../venues/repository.js';

type Origin = { ip: string | null };

/** The bound on a session's sequence in the schema. */
const MAX_SEQUENCE = 500;

export type OneToOneDetail = {
  enrolmentId: string;
  participantId: string;
  participantName: string;
  participantReference: string;
  programmeName: string;
  sessions: SessionView[];
  /** Why no sessions can be added (not a one-to-one programme, or ended), or null. */
  closedReason: string | null;
};

const CHECK = 'Check the highlighted answers';

/**
 * One-to-one delivery (seed 004): for a man who cannot join a group, needs an interpreter, or is in
 * a same-sex relationship. His sessions belong to his enrolment, not a group, and are run by one
 * facilitator of his side, whose calendar they join.
 */
export class OneToOneService {
  constructor(private readonly db: Db) {}

  /** His enrolment, for those who run his side's sessions; never a partner-side record. */
  private async load(trx: Trx, actor: Actor, enrolmentId: string): Promise<EnrolmentRow> {
    const row = await findEnrolment(trx, enrolmentId);
    if (!row || row.programmeSide !== 'perpetrator') {
      throw new NotFoundError();
    }
    authorize(actor, 'enrolment.view', row);
    authorize(actor, 'group.manage', row);
    return row;
  }

  private closedReason(row: EnrolmentRow): string | null {
    if (row.programmeKind !== 'one_to_one') {
      return 'This programme is delivered in groups: one-to-one sessions are planned only on a one-to-one programme';
    }
    if (row.endedOn !== null || ENDED_STATUSES.includes(row.status)) {
      return 'The participant’s enrolment on this programme has ended: no more sessions can be planned';
    }
    return null;
  }

  private refuseIfClosed(row: EnrolmentRow): void {
    const reason = this.closedReason(row);
    if (reason) {
      throw new ConflictError(reason);
    }
  }

  async view(actor: Actor, enrolmentId: string): Promise<OneToOneDetail> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, enrolmentId);
      return {
        enrolmentId: row.id,
        participantId: row.participantId,
        participantName: `${row.givenName} ${row.familyName}`,
        participantReference: row.participantReference,
        programmeName: row.programmeName,
        sessions: (await repo.listOneToOneSessions(trx, enrolmentId)).map((s) => presentSession(s, { showParticipant: true })),
        closedReason: this.closedReason(row),
      };
    });
  }

  /** Facilitators a one-to-one session may have: staff of his side. */
  async facilitatorOptions(actor: Actor, enrolmentId: string): Promise<WorkerOption[]> {
    return withActor(this.db, actor, async (trx) => {
      await this.load(trx, actor, enrolmentId);
      return workersOnSides(trx, actor.organisationId, ['perpetrator']);
    });
  }

  private async checkChoices(trx: Trx, actor: Actor, input: { userId: string; venueId: string | null }): Promise<void> {
    const fields: Record<string, string> = {};
    const eligible = await workersOnSides(trx, actor.organisationId, ['perpetrator']);
    if (!eligible.some((w) => w.id === input.userId)) {
      fields.userId =
        'Select a facilitator from the list: only staff of the participant’s side of the service can run these sessions';
    }
    if (input.venueId) {
      const venue = await findVenue(trx, input.venueId);
      if (!venue || venue.organisationId !== actor.organisationId || !venue.active) {
        fields.venueId = 'Select a venue from the list';
      }
    }
    if (Object.keys(fields).length > 0) {
      throw new InvalidInputError(CHECK, fields);
    }
  }

  private async insert(
    trx: Trx,
    actor: Actor,
    row: EnrolmentRow,
    values: {
      userId: string;
      venueId: string | null;
      template: TemplateRow | undefined;
      sequence: number | null;
      title: string;
      startsAt: Date;
      durationMinutes: number;
    },
  ): Promise<string> {
    const id = await insertSession(trx, {
      organisation_id: actor.organisationId,
      side: 'perpetrator',
      group_id: null,
      enrolment_id: row.id,
      session_template_id: values.template?.id ?? null,
      kind: 'one_to_one',
      sequence: values.sequence,
      title: values.title.slice(0, 200),
      starts_at: values.startsAt,
      duration_minutes: values.durationMinutes,
      venue_id: values.venueId,
      created_by: actor.userId,
    });
    await insertSessionFacilitator(trx, {
      sessionId: id,
      userId: values.userId,
      organisationId: actor.organisationId,
      side: 'perpetrator',
      role: 'regular',
    });
    return id;
  }

  /**
   * Plans `count` weekly sessions from the first date (on its day of the week, at its London time),
   * continuing after his last planned one and following the programme's one-to-one templates in order.
   */
  async plan(actor: Actor, enrolmentId: string, input: TPlanOneToOne, origin: Origin): Promise<string[]> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, enrolmentId);
      this.refuseIfClosed(row);
      await this.checkChoices(trx, actor, input);
      const last = await repo.lastOneToOneSequence(trx, enrolmentId);
      if (last + input.count > MAX_SEQUENCE) {
        throw new InvalidInputError(CHECK, { count: `${last} sessions are planned already: at most ${MAX_SEQUENCE} in all` });
      }
      const all = await listTemplates(trx, row.programmeId);
      const own = all.filter((t) => t.delivery === 'one_to_one');
      const templates = own.length > 0 ? own : all;
      const dates = weeklySessionDates(
        { startDate: input.startDate, dayOfWeek: isoDayOfWeek(input.startDate), startTime: input.time },
        input.count,
        { offset: input.offset },
      );
      const ids: string[] = [];
      let sequence = last;
      for (const { startsAt } of dates) {
        sequence += 1;
        const template = templates.length ? templates[(sequence - 1) % templates.length] : undefined;
        ids.push(
          await this.insert(trx, actor, row, {
            userId: input.userId,
            venueId: input.venueId,
            template,
            sequence,
            title: template?.title ?? `One-to-one session ${sequence}`,
            startsAt,
            durationMinutes: template?.durationMinutes ?? 60,
          }),
        );
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'session.one_to_one_planned',
        { type: 'enrolment', id: enrolmentId },
        { count: ids.length, facilitatorId: input.userId },
      );
      return ids;
    });
  }

  /** One ad hoc session, outside the weekly plan. */
  async add(actor: Actor, enrolmentId: string, input: TOneToOneSession, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, enrolmentId);
      this.refuseIfClosed(row);
      await this.checkChoices(trx, actor, input);
      const id = await this.insert(trx, actor, row, {
        userId: input.userId,
        venueId: input.venueId,
        template: undefined,
        sequence: null,
        title: input.title ?? 'One-to-one session',
        startsAt: londonTimeToInstant(input.date, input.time, { offset: input.offset }),
        durationMinutes: input.durationMinutes ?? 60,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'session.one_to_one_added',
        { type: 'programme_session', id },
        { enrolmentId, facilitatorId: input.userId },
      );
      return id;
    });
  }
}
