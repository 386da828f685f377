import { refusePartnerGroupClash } from '../../appointments/separation.js';
import type { Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { londonTimeToInstant } from '../../dates/london.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { workersOnSides } from '../../people/workers.js';
import * as repo from './repository.js';
import type { TReasonInput, TRescheduleInput, TSessionFacilitatorInput } from './schemas.js';
import { authorizeSideManage } from '../sides.js';
import { findVenue } from '../venues/repository.js';

type Origin = { ip: string | null };

/**
 * Changes to a planned session. Every change keeps the session's history (session_changes, with
 * its reason): a reschedule is never an overwrite that loses when he was first expected.
 */
export class SessionChangeService {
  constructor(private readonly db: Db) {}

  private async loadForChange(trx: Trx, actor: Actor, sessionId: string): Promise<repo.SessionRow> {
    const row = await repo.findSession(trx, sessionId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizeSideManage(actor, row);
    return row;
  }

  private async refuseIfHeld(trx: Trx, row: repo.SessionRow, what: string): Promise<void> {
    if (row.status === 'held' || (await repo.hasAttendance(trx, row.id))) {
      throw new ConflictError(`This session has been held and its attendance recorded, so it cannot be ${what}`);
    }
  }

  async reschedule(actor: Actor, sessionId: string, input: TRescheduleInput, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.loadForChange(trx, actor, sessionId);
      await this.refuseIfHeld(trx, row, 'rescheduled');
      if (row.status === 'cancelled') {
        throw new ConflictError('This session is cancelled: reinstate it before you reschedule it');
      }
      const startsAt = londonTimeToInstant(input.date, input.time, { offset: input.offset });
      const venueId = input.venueId ?? row.venueId;
      if (venueId !== row.venueId && venueId) {
        const venue = await findVenue(trx, venueId);
        if (!venue || venue.organisationId !== actor.organisationId || !venue.active) {
          throw new InvalidInputError('Check the highlighted answers', { venueId: 'Select a venue from the list' });
        }
      }
      const moved = startsAt.getTime() !== row.startsAt.getTime();
      const venueChanged = venueId !== row.venueId;
      if (!moved && !venueChanged) {
        throw new InvalidInputError('Check the highlighted answers', {
          date: 'Enter a new date or time, or choose another venue: this is when and where the session already is',
        });
      }
      const base = {
        organisationId: actor.organisationId,
        sessionId,
        side: row.side,
        reason: input.reason,
        userId: actor.userId,
      };
      if (moved) {
        await repo.insertChange(trx, { ...base, change: 'rescheduled', previousStartsAt: row.startsAt, newStartsAt: startsAt });
      }
      if (venueChanged) {
        await repo.insertChange(trx, { ...base, change: 'venue_changed', previousVenueId: row.venueId, newVenueId: venueId });
      }
      await repo.updateSession(trx, sessionId, { starts_at: startsAt, venue_id: venueId });
      if (row.side === 'partner' && row.groupId) {
        // Her support group: never at his venue near his session (seed 001; src/appointments/separation.ts).
        await refusePartnerGroupClash(trx, row.groupId, [sessionId], 'date');
      }
      if (moved) {
        await recordActorEvent(trx, actor, origin, 'session.rescheduled', { type: 'programme_session', id: sessionId });
      }
      if (venueChanged) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'session.venue_changed',
          { type: 'programme_session', id: sessionId },
          {
            venueId,
          },
        );
      }
    });
  }

  async cancel(actor: Actor, sessionId: string, input: TReasonInput, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.loadForChange(trx, actor, sessionId);
      await this.refuseIfHeld(trx, row, 'cancelled');
      if (row.status === 'cancelled') {
        throw new ConflictError('This session is already cancelled');
      }
      await repo.insertChange(trx, {
        organisationId: actor.organisationId,
        sessionId,
        side: row.side,
        change: 'cancelled',
        reason: input.reason,
        userId: actor.userId,
      });
      await repo.updateSession(trx, sessionId, { status: 'cancelled' });
      await recordActorEvent(trx, actor, origin, 'session.cancelled', { type: 'programme_session', id: sessionId });
    });
  }

  async reinstate(actor: Actor, sessionId: string, input: TReasonInput, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.loadForChange(trx, actor, sessionId);
      if (row.status !== 'cancelled') {
        throw new ConflictError('Only a cancelled session can be reinstated');
      }
      await repo.insertChange(trx, {
        organisationId: actor.organisationId,
        sessionId,
        side: row.side,
        change: 'reinstated',
        reason: input.reason,
        userId: actor.userId,
      });
      await repo.updateSession(trx, sessionId, { status: 'scheduled' });
      await recordActorEvent(trx, actor, origin, 'session.reinstated', { type: 'programme_session', id: sessionId });
    });
  }

  /** Cover for one session: staff of the session's side of the service. */
  async addFacilitator(actor: Actor, sessionId: string, input: TSessionFacilitatorInput, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.loadForChange(trx, actor, sessionId);
      const eligible = await workersOnSides(trx, actor.organisationId, [row.side]);
      if (!eligible.some((w) => w.id === input.userId)) {
        throw new InvalidInputError('Check the highlighted answers', {
          userId: 'Select a facilitator from the list: only staff of this side of the service can facilitate this session',
        });
      }
      if ((await repo.listSessionFacilitators(trx, sessionId)).some((f) => f.userId === input.userId)) {
        throw new ConflictError('This person already facilitates the session', {
          userId: 'This person already facilitates the session',
        });
      }
      await repo.insertSessionFacilitator(trx, {
        sessionId,
        userId: input.userId,
        organisationId: actor.organisationId,
        side: row.side,
        role: input.role,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'session.facilitator_added',
        { type: 'programme_session', id: sessionId },
        {
          userId: input.userId,
          role: input.role,
        },
      );
    });
  }

  async removeFacilitator(actor: Actor, sessionId: string, userId: string, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      await this.loadForChange(trx, actor, sessionId);
      if (!(await repo.deleteSessionFacilitator(trx, sessionId, userId))) {
        throw new InvalidInputError('Check the highlighted answers', { userId: 'This person does not facilitate the session' });
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'session.facilitator_removed',
        { type: 'programme_session', id: sessionId },
        {
          userId,
        },
      );
    });
  }
}
