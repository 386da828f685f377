import { authorize, authorizePartnerSide, can, hasSide, type Actor } from '../access/index.js';
import type { WorkScope } from '../access/work-scope.js';
import { recordActorEvent } from '../audit/service.js';
import type { Config } from '../config.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { clock } from '../dates/clock.js';
import { londonTimeToInstant, todayInLondon } from '../dates/london.js';
import * as outstanding from './outstanding-repository.js';
import { presentDuty, type DutySettingsView, type DutyView } from './presenters.js';
import * as repo from './repository.js';
import {
  DEFAULT_DUE_DAYS,
  DUTY_EVENT_LABELS,
  DUTY_EVENT_TYPES,
  dutyDueOn,
  isDutyEventType,
  type DutyEventType,
} from './rules.js';
import type { DutySort, TDutyRecord, TDutySettings } from './schemas.js';
import type { SearchTerms } from '../people/caseload-terms.js';
import { sortOrDefault, type SortDirection } from '../web/sort-heading.js';
import { followUpSettings, saveFollowUpSettings } from './follow-up-repository.js';
import { COUNT_CAP, cappedTotal, keysetPage, type KeysetPage, type PageCursor } from '../web/pagination.js';

type Origin = { ip: string | null };

export const PAGE_SIZE = 25;
/** The dashboard shows this many outstanding duties and links to the rest. */
export const DASHBOARD_SIZE = 10;
/** A duties cursor names her case and his event (src/web/pagination.ts). */
export const DUTY_CURSOR_IDS = 2;

/** The list's filters (src/web/list-filter.ts): whose cases, overdue or not yet, the search read, and the order. */
export type DutyFilters = { scope?: WorkScope; overdue?: boolean; search?: SearchTerms; sort?: DutySort; dir?: SortDirection };
export type CappedTotal = { total: number; totalIsCapped: boolean };

/**
 * The duties to inform her (src/partner-duties/rules.ts): derived from his events for each of his
 * partners' cases, so a duty is there as soon as the event is; done when her worker records how
 * she was told or why she could not be. Partner side and management only; every read is audited.
 */
export class PartnerDutyService {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'workingDaysRegion'>,
  ) {}

  private async dueDaysFor(trx: Trx, organisationId: string): Promise<Record<DutyEventType, number>> {
    const set = await repo.dueDays(trx, organisationId);
    return Object.fromEntries(DUTY_EVENT_TYPES.map((t) => [t, set.get(t) ?? DEFAULT_DUE_DAYS[t]])) as Record<
      DutyEventType,
      number
    >;
  }

  private async audit(trx: Trx, actor: Actor, origin: Origin, duties: DutyView[], partnerCaseId?: string): Promise<void> {
    if (duties.length === 0 && !partnerCaseId) {
      return;
    }
    await recordActorEvent(
      trx,
      actor,
      origin,
      'partner_duty.viewed',
      { type: 'partner_case', ...(partnerCaseId && { id: partnerCaseId }) },
      {
        partnerCaseIds: [...new Set(duties.map((d) => d.partnerCase.id))],
        eventIds: duties.map((d) => d.eventId),
      },
    );
  }

  private async loadCase(trx: Trx, actor: Actor, partnerCaseId: string, action: 'partnerDuty.view' | 'partnerDuty.record') {
    // Checked before the query too: his side learns nothing, not even that her case exists.
    authorizePartnerSide(actor, action);
    const found = await repo.findCase(trx, partnerCaseId);
    if (!found) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, found);
    return found;
  }

  /**
   * Whose duties: as the filters ask (mine, my team's, all the policy lets the user see), or
   * without a scope her worker's own cases and every case for a manager; overdue or not yet.
   */
  private outstandingScope(actor: Actor, filters: DutyFilters, today: string): outstanding.OutstandingScope {
    const scope = filters.scope ?? (hasSide(actor, 'management') ? 'all' : 'mine');
    return {
      organisationId: actor.organisationId,
      ...(scope === 'mine' && { workerId: actor.userId }),
      ...(scope === 'team' && { teamOf: actor.userId }),
      ...(filters.overdue !== undefined && { overdue: { today, overdue: filters.overdue } }),
    };
  }

  /** Dates the outstanding duties not yet dated (new ones, or all after the due times changed). */
  private async fillDueDates(trx: Trx, organisationId: string): Promise<void> {
    const days = await this.dueDaysFor(trx, organisationId);
    for (;;) {
      const undated = await outstanding.undatedDuties(trx, organisationId, 500);
      await outstanding.fillDueDates(
        trx,
        undated.map((row) => {
          const type = isDutyEventType(row.eventType) ? row.eventType : 'started';
          const dueOn = dutyDueOn(
            todayInLondon(row.eventRecordedAt),
            row.caseOpenedOn,
            days[type],
            this.config.workingDaysRegion,
          );
          return { partnerCaseId: row.partnerCaseId, eventId: row.eventId, dueOn };
        }),
      );
      if (undated.length < 500) {
        return;
      }
    }
  }

  /**
   * Outstanding duties in due-date order (then case and event) or the order asked, a page at a
   * time by cursor, searched by the partner's name or case reference: her worker's own cases, or
   * every case for a manager. Null for anyone else.
   */
  async list(
    actor: Actor,
    origin: Origin,
    cursor: PageCursor | null,
    pageSize: number = PAGE_SIZE,
    now: Date = clock(),
    filters: DutyFilters = {},
  ): Promise<KeysetPage<DutyView> | null> {
    if (!can(actor, 'partnerDuty.view')) {
      return null;
    }
    const today = todayInLondon(now);
    const scope = this.outstandingScope(actor, filters, today);
    return withActor(this.db, actor, async (trx) => {
      await this.fillDueDates(trx, actor.organisationId);
      const days = await this.dueDaysFor(trx, actor.organisationId);
      const searched = filters.search && { ...scope, search: await outstanding.dutySearch(trx, filters.search) };
      const sort = sortOrDefault(filters, outstanding.DEFAULT_DUTY_SORT);
      const page = await keysetPage({
        pageSize,
        cursor,
        fetch: (at, limit) => outstanding.listOutstandingDuties(trx, searched || scope, at, limit, sort),
        idsOf: (row) => [row.partnerCaseId, row.eventId],
      });
      // The first page with nothing after it is the whole list: its rows are the count.
      const counted =
        page.next === null && page.previous === null
          ? page.rows.length
          : await outstanding.countOutstandingDuties(trx, searched || scope, COUNT_CAP + 1);
      const duties = page.rows.map((r) => presentDuty(r, days, today, this.config.workingDaysRegion));
      await this.audit(trx, actor, origin, duties);
      return { items: duties, pageSize, ...cappedTotal(counted), next: page.next, previous: page.previous };
    });
  }

  /**
   * The dashboard's triage count: how many duties are waiting in a scope, overdue or not yet,
   * counted up to a cap on the list's own index. Null for anyone who may not see duties: his side
   * is not told there is anything to count, not even nothing.
   */
  async count(
    actor: Actor,
    filters: Required<Pick<DutyFilters, 'scope' | 'overdue'>>,
    now: Date = clock(),
  ): Promise<CappedTotal | null> {
    if (!can(actor, 'partnerDuty.view')) {
      return null;
    }
    const scope = this.outstandingScope(actor, filters, todayInLondon(now));
    return withActor(this.db, actor, async (trx) => {
      await this.fillDueDates(trx, actor.organisationId);
      return cappedTotal(await outstanding.countOutstandingDuties(trx, scope, COUNT_CAP + 1));
    });
  }

  /** The dashboard's section: the first few outstanding duties, oldest due first, and how many there are. */
  async dashboard(actor: Actor, origin: Origin, now: Date = clock()): Promise<KeysetPage<DutyView> | null> {
    return this.list(actor, origin, null, DASHBOARD_SIZE, now);
  }

  /** Every duty of her case, outstanding first, then those done (with how she was told). */
  async forPartnerCase(actor: Actor, partnerCaseId: string, origin: Origin, now: Date = clock()): Promise<DutyView[]> {
    const today = todayInLondon(now);
    return withActor(this.db, actor, async (trx) => {
      await this.loadCase(trx, actor, partnerCaseId, 'partnerDuty.view');
      const days = await this.dueDaysFor(trx, actor.organisationId);
      const duties = (await repo.listDuties(trx, actor.organisationId, { partnerCaseId })).map((r) =>
        presentDuty(r, days, today, this.config.workingDaysRegion),
      );
      await this.audit(trx, actor, origin, duties, partnerCaseId);
      return [...duties.filter((d) => !d.done), ...duties.filter((d) => d.done)];
    });
  }

  /** Records how she was told, or why she could not be: the duty is done for her case only. */
  async record(actor: Actor, partnerCaseId: string, input: TDutyRecord, origin: Origin): Promise<void> {
    let toldAt: Date | null = null;
    if (input.outcome === 'told' && input.toldOn && input.toldTime) {
      toldAt = londonTimeToInstant(input.toldOn, input.toldTime, { offset: input.offset, timeField: 'toldTime' });
      if (toldAt.getTime() > clock().getTime() + 5 * 60_000) {
        throw new InvalidInputError('The time the partner was told cannot be in the future', {
          toldOn: 'The date and time must be now or in the past',
        });
      }
    }
    await withActor(this.db, actor, async (trx) => {
      const found = await this.loadCase(trx, actor, partnerCaseId, 'partnerDuty.record');
      const [duty] = await repo.listDuties(trx, actor.organisationId, { partnerCaseId, eventId: input.eventId }, 1);
      if (!duty) {
        throw new InvalidInputError('Select a duty of this case', { eventId: 'Select a duty shown on this case' });
      }
      const id = await repo.insertRecord(trx, {
        organisationId: found.organisationId,
        partnerCaseId,
        eventId: input.eventId,
        outcome: input.outcome,
        method: input.method,
        toldAt,
        reason: input.reason,
        note: input.note,
        recordedBy: actor.userId,
      });
      if (!id) {
        throw new ConflictError('This duty has already been recorded', { eventId: 'This duty has already been recorded' });
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_duty.recorded',
        { type: 'partner_case', id: partnerCaseId },
        {
          eventId: input.eventId,
          outcome: input.outcome,
          ...(input.method && { method: input.method }),
          ...(input.reason && { reason: input.reason }),
        },
      );
    });
  }

  async settings(actor: Actor): Promise<DutySettingsView> {
    authorize(actor, 'partnerDuty.configure');
    return withActor(this.db, actor, async (trx) => {
      const days = await this.dueDaysFor(trx, actor.organisationId);
      const followUp = await followUpSettings(trx, actor.organisationId);
      return {
        dueDays: DUTY_EVENT_TYPES.map((type) => ({ type, label: DUTY_EVENT_LABELS[type], days: days[type] })),
        ...followUp,
      };
    });
  }

  async saveSettings(actor: Actor, values: TDutySettings, origin: Origin): Promise<void> {
    authorize(actor, 'partnerDuty.configure');
    await withActor(this.db, actor, async (trx) => {
      await repo.saveDueDays(
        trx,
        actor.organisationId,
        DUTY_EVENT_TYPES.map((type) => ({ type, days: values.dueDays[type] ?? DEFAULT_DUE_DAYS[type] })),
      );
      await saveFollowUpSettings(trx, actor.organisationId, values);
      // Outstanding duties are dated again, with the new due times, when next listed.
      await outstanding.clearDueDates(trx, actor.organisationId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'settings.partner_duties_changed',
        { type: 'organisation', id: actor.organisationId },
        {
          dueDays: DUTY_EVENT_TYPES.map((type) => `${type}=${values.dueDays[type] ?? DEFAULT_DUE_DAYS[type]}`),
          followUpMonths: values.followUpMonths,
          reviewMonths: values.reviewMonths,
        },
      );
    });
  }
}
