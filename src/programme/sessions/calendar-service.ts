import { authorize, can, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db } from '../../db/database.js';
import { NotFoundError } from '../../errors.js';
import { londonMidnight, todayInLondon } from '../../dates/london.js';
import { sidesOfUser } from '../../identity/repository.js';
import { hashToken, newToken } from '../../identity/tokens.js';
import * as repo from './calendar-repository.js';
import { renderCalendar, type FeedEvent } from './ical.js';
import { londonDayLabel, londonParts } from '../../dates/london.js';
import { addDays, isoDayOfWeek } from '../schedule.js';
import { presentSession, type SessionView } from './presenters.js';
import type { SessionRow } from './repository.js';
import { visibleSides } from '../sides.js';
import { findVenue } from '../venues/repository.js';

type Origin = { ip: string | null };

export type CalendarWeek = {
  weekStart: string;
  previousWeek: string;
  nextWeek: string;
  label: string;
  days: Array<{ date: string; label: string; sessions: SessionView[] }>;
};

/** The Monday of the London week holding `iso` (today's when not given or not a date). */
export function weekStartOf(iso?: string): string {
  const date = iso && isCalendarDate(iso) ? iso : todayInLondon();
  return addDays(date, 1 - isoDayOfWeek(date));
}

/** A real day (not 30 February) in the years a calendar is browsed. */
function isCalendarDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || iso < '2000-01-01' || iso > '2100-12-31') {
    return false;
  }
  const date = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
}

/** How far back and ahead the feed reaches: recent history and the coming year. */
const FEED_PAST_DAYS = 56;
const FEED_FUTURE_DAYS = 366;

/**
 * Calendars: a facilitator's week and a venue's week, and each facilitator's feed at a secret
 * address for calendar software that cannot sign in. The feed holds the group's name, the
 * session's title, its time and its venue, and nothing of any man or partner.
 */
export class CalendarService {
  constructor(private readonly db: Db) {}

  private week(weekStart: string, rows: SessionRow[], showParticipant: boolean): CalendarWeek {
    const days = Array.from({ length: 7 }, (_, i) => {
      const date = addDays(weekStart, i);
      return { date, label: londonDayLabel(new Date(`${date}T12:00:00Z`)), sessions: [] as SessionView[] };
    });
    for (const row of rows) {
      const day = days.find((d) => d.date === londonParts(row.startsAt).date);
      day?.sessions.push(presentSession(row, { showParticipant }));
    }
    return {
      weekStart,
      previousWeek: addDays(weekStart, -7),
      nextWeek: addDays(weekStart, 7),
      label: `Week beginning ${londonDayLabel(new Date(`${weekStart}T12:00:00Z`))}`,
      days,
    };
  }

  private bounds(weekStart: string): [Date, Date] {
    return [londonMidnight(weekStart), londonMidnight(addDays(weekStart, 7))];
  }

  async facilitatorWeek(actor: Actor, userId: string, weekStart: string): Promise<{ name: string; week: CalendarWeek }> {
    authorize(actor, 'calendar.view');
    return withActor(this.db, actor, async (trx) => {
      const name = await repo.findUserName(trx, actor.organisationId, userId);
      if (!name) {
        throw new NotFoundError();
      }
      const [from, to] = this.bounds(weekStart);
      const rows = await repo.listFacilitatorSessions(trx, userId, visibleSides(actor), from, to);
      return { name, week: this.week(weekStart, rows, can(actor, 'enrolment.view')) };
    });
  }

  async venueWeek(actor: Actor, venueId: string, weekStart: string): Promise<{ name: string; week: CalendarWeek }> {
    authorize(actor, 'programme.view');
    return withActor(this.db, actor, async (trx) => {
      const venue = await findVenue(trx, venueId);
      if (!venue || venue.organisationId !== actor.organisationId) {
        throw new NotFoundError();
      }
      const [from, to] = this.bounds(weekStart);
      const rows = await repo.listVenueSessions(trx, venueId, visibleSides(actor), from, to);
      return { name: venue.name, week: this.week(weekStart, rows, can(actor, 'enrolment.view')) };
    });
  }

  async feedStatus(actor: Actor): Promise<{ active: boolean; createdAt: string | null }> {
    authorize(actor, 'calendar.view');
    return withActor(this.db, actor, async (trx) => {
      const createdAt = await repo.feedTokenCreatedAt(trx, actor.userId);
      return { active: createdAt !== undefined, createdAt: createdAt ? createdAt.toISOString() : null };
    });
  }

  /** A new secret address (any earlier one stops working). Only its hash is kept: it is shown once. */
  async createFeedToken(actor: Actor, origin: Origin): Promise<string> {
    authorize(actor, 'calendar.view');
    const token = newToken();
    await withActor(this.db, actor, async (trx) => {
      await repo.replaceFeedToken(trx, actor.userId, actor.organisationId, hashToken(token));
      await recordActorEvent(trx, actor, origin, 'calendar.feed_address_created', { type: 'user', id: actor.userId });
    });
    return token;
  }

  async revokeFeedToken(actor: Actor, origin: Origin): Promise<void> {
    authorize(actor, 'calendar.view');
    await withActor(this.db, actor, async (trx) => {
      if (await repo.deleteFeedToken(trx, actor.userId)) {
        await recordActorEvent(trx, actor, origin, 'calendar.feed_address_revoked', { type: 'user', id: actor.userId });
      }
    });
  }

  /** The feed for a secret address, or null when the address is unknown, revoked or its user inactive. */
  async feed(token: string, now: Date = new Date()): Promise<string | null> {
    const owner = await withActor(this.db, null, async (trx) => {
      const found = await repo.findFeedToken(trx, hashToken(token));
      if (!found || !found.active) {
        return null;
      }
      return { ...found, sides: await sidesOfUser(trx, found.userId) };
    });
    if (!owner) {
      return null;
    }
    const actor: Actor = {
      userId: owner.userId,
      organisationId: owner.organisationId,
      displayName: owner.displayName,
      sides: new Set(owner.sides),
    };
    if (!can(actor, 'calendar.view')) {
      return null;
    }
    // The owner's own view of the wall: row-level security applies to the feed as to their pages.
    return withActor(this.db, actor, async (trx) => {
      const from = new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000);
      const to = new Date(now.getTime() + FEED_FUTURE_DAYS * 86_400_000);
      const rows = await repo.listFacilitatorSessions(trx, actor.userId, visibleSides(actor), from, to);
      const changes = await repo.changeCounts(
        trx,
        rows.map((r) => r.id),
      );
      const events: FeedEvent[] = rows.map((row) => ({
        uid: `${row.id}@parallel`,
        startsAt: row.startsAt,
        endsAt: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000),
        // Only the group's name and the session's title: never a man's name (a catch-up for one
        // man is titled by the session it makes up) or a case reference.
        summary: row.groupName ? `${row.groupName}: ${row.title}` : row.title,
        location: row.venueName ? [row.venueName, row.venueAddress].filter(Boolean).join(', ') : null,
        cancelled: row.status === 'cancelled',
        sequence: changes.get(row.id) ?? 0,
      }));
      return renderCalendar('Parallel: my sessions', events, now);
    });
  }
}
