import { authorizePartnerSide, can, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { calloutThreshold } from './draft.js';
import { presentMeeting, presentMeetingEntry, type MeetingListEntry, type MeetingView } from './presenters.js';
import * as meetingsRepo from './meetings-repository.js';
import * as repo from './repository.js';
import type { MaracMeetingSort, TMeetingInput, TRiskSettings } from './schemas.js';
import type { ListSort } from '../web/sort-heading.js';
import { COUNT_CAP, cappedTotal, keysetPage, type PageCursor } from '../web/pagination.js';

type Origin = { ip: string | null };

export const MEETINGS_PAGE_SIZE = 25;
/** A meetings cursor names one meeting (src/web/pagination.ts). */
export const MEETING_CURSOR_IDS = 1;

export type MeetingsPage = {
  meetings: MeetingView[];
  pageSize: number;
  /** How many meetings there are (in the area shown), counted up to COUNT_CAP. */
  total: number;
  totalIsCapped: boolean;
  next: string | null;
  previous: string | null;
  areas: string[];
  area: string | null;
  /** The meeting dates shown (either bound null when not given). */
  dates: meetingsRepo.MeetingDates;
  canAddMeeting: boolean;
  canConfigure: boolean;
};
export type MeetingPage = { meeting: MeetingView; referrals: MeetingListEntry[] };

/**
 * MARAC meetings by area and date, the list of cases to be heard at each, and the local
 * escalation setting. Partner side and management only ("not found" to anyone else): the list
 * names her and him, and he must never learn he has been referred.
 */
export class MaracMeetingService {
  constructor(private readonly db: Db) {}

  /**
   * Meetings by area and date (or by date, either way), a page at a time by cursor. The area filter matches whatever the
   * case: it is resolved to the organisation's own area names first, so the list's index serves it.
   */
  async list(
    actor: Actor,
    area: string | null,
    origin: Origin,
    cursor: PageCursor | null = null,
    pageSize: number = MEETINGS_PAGE_SIZE,
    dates: meetingsRepo.MeetingDates = { from: null, to: null },
    sort: ListSort<MaracMeetingSort> = meetingsRepo.DEFAULT_MEETING_SORT,
  ): Promise<MeetingsPage> {
    authorizePartnerSide(actor, 'marac.view');
    return withActor(this.db, actor, async (trx) => {
      const areas = await meetingsRepo.listAreas(trx, actor.organisationId);
      const shown = area === null ? null : areas.filter((a) => a.toLowerCase() === area.toLowerCase());
      const page = await keysetPage({
        pageSize,
        cursor,
        fetch: (at, limit) => meetingsRepo.listMeetingPage(trx, actor.organisationId, shown, at, limit, dates, sort),
        idsOf: (row) => [row.id],
      });
      const counted = await meetingsRepo.countMeetings(trx, actor.organisationId, shown, COUNT_CAP + 1, dates);
      await recordActorEvent(trx, actor, origin, 'marac.viewed', undefined, { purpose: 'meetings', area, ...dates });
      return {
        meetings: page.rows.map(presentMeeting),
        pageSize,
        ...cappedTotal(counted),
        next: page.next,
        previous: page.previous,
        areas,
        area,
        dates,
        canAddMeeting: can(actor, 'marac.manageMeetings'),
        canConfigure: can(actor, 'marac.configure'),
      };
    });
  }

  /** A meeting and the cases to be heard at it, each with her name, his name, the criteria, the DASH level and consent. */
  async meeting(actor: Actor, meetingId: string, origin: Origin, purpose = 'view'): Promise<MeetingPage> {
    authorizePartnerSide(actor, 'marac.view');
    return withActor(this.db, actor, async (trx) => {
      const meeting = await meetingsRepo.findMeeting(trx, meetingId);
      if (!meeting) {
        throw new NotFoundError();
      }
      authorizePartnerSide(actor, 'marac.view', meeting);
      const referrals = await repo.listReferralsForMeeting(trx, meetingId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.viewed',
        { type: 'marac_meeting', id: meetingId },
        {
          purpose,
          referralIds: referrals.map((r) => r.id),
        },
      );
      return { meeting: presentMeeting(meeting), referrals: referrals.map(presentMeetingEntry) };
    });
  }

  async add(actor: Actor, input: TMeetingInput, origin: Origin): Promise<string> {
    authorizePartnerSide(actor, 'marac.manageMeetings');
    return withActor(this.db, actor, async (trx) => {
      if (await meetingsRepo.findMeetingOn(trx, actor.organisationId, input.area, input.meetsOn)) {
        throw new ConflictError('There is already a meeting for this area on that date', {
          meetsOn: 'There is already a meeting for this area on that date',
        });
      }
      const id = await meetingsRepo.insertMeeting(trx, {
        organisationId: actor.organisationId,
        ...input,
        createdBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.meeting_added',
        { type: 'marac_meeting', id },
        {
          area: input.area,
          meetsOn: input.meetsOn,
        },
      );
      return id;
    });
  }

  async settings(actor: Actor): Promise<TRiskSettings> {
    authorizePartnerSide(actor, 'marac.configure');
    return withActor(this.db, actor, async (trx) => ({
      maracCalloutThreshold: await calloutThreshold(trx, actor.organisationId),
    }));
  }

  async saveSettings(actor: Actor, input: TRiskSettings, origin: Origin): Promise<void> {
    authorizePartnerSide(actor, 'marac.configure');
    await withActor(this.db, actor, async (trx) => {
      const before = await calloutThreshold(trx, actor.organisationId);
      await meetingsRepo.saveCalloutThreshold(trx, actor.organisationId, input.maracCalloutThreshold, actor.userId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'settings.risk_changed',
        { type: 'organisation', id: actor.organisationId },
        {
          maracCalloutThreshold: input.maracCalloutThreshold,
          before,
        },
      );
    });
  }
}
