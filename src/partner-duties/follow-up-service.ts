import { authorizePartnerSide, can, hasSide, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { clock } from '../dates/clock.js';
import { todayInLondon } from '../dates/london.js';
import * as repo from './follow-up-repository.js';
import { findCase } from './repository.js';
import { CLOSURE_OUTCOME_LABELS, SAFETY_AT_CLOSE_LABELS, type TClosure } from './schemas.js';

type Origin = { ip: string | null };

/** The same day `months` later (the last day of a shorter month: 31 August + 6 months is 28 or 29 February). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Support after his programme: when it ended, when her case is reviewed, when the follow-up period ends. */
export type FollowUpView = {
  partnerCase: { id: string; reference: string; name: string };
  ended: { on: string; summary: string };
  reviewDueOn: string;
  followUpEndsOn: string;
  reviewDue: boolean;
  periodOver: boolean;
};

export type ClosureView = {
  outcome: string;
  safetyAtClose: string;
  feelingSafe: number | null;
  onwardReferrals: string | null;
  summary: string;
  earlyReason: string | null;
  closedAt: string;
  closedByName: string;
};

/**
 * Support after the programme (seed 001: "the WSS will continue to be involved for 6 months after
 * he leaves the programme"): when his programme ends (completed, dropped out, excluded, or a breach
 * reported), her case stays open for the organisation's follow-up period, with a review point;
 * then her worker closes it with a closing summary. Closing earlier needs a reason.
 */
export class FollowUpService {
  constructor(private readonly db: Db) {}

  private async followUps(trx: Trx, actor: Actor, filter: { workerId?: string; partnerCaseId?: string }, today: string) {
    const settings = await repo.followUpSettings(trx, actor.organisationId);
    const rows = await repo.openCasesWithEndEvents(trx, actor.organisationId, filter);
    const latest = new Map<string, repo.OpenCaseEvents>();
    for (const row of rows) {
      const seen = latest.get(row.partnerCaseId);
      if (!seen || row.createdAt > seen.createdAt) {
        latest.set(row.partnerCaseId, row);
      }
    }
    const views: FollowUpView[] = [];
    for (const row of latest.values()) {
      if (!(repo.PROGRAMME_END_TYPES as readonly string[]).includes(row.type)) {
        continue; // started again after it ended: his programme is not over
      }
      const reviewDueOn = addMonths(row.occurredOn, settings.reviewMonths);
      const followUpEndsOn = addMonths(row.occurredOn, settings.followUpMonths);
      views.push({
        partnerCase: {
          id: row.partnerCaseId,
          reference: row.reference,
          name: `${row.partnerGivenName} ${row.partnerFamilyName}`,
        },
        ended: { on: row.occurredOn, summary: row.basicSummary },
        reviewDueOn,
        followUpEndsOn,
        reviewDue: today >= reviewDueOn,
        periodOver: today >= followUpEndsOn,
      });
    }
    return views.sort((a, b) => a.reviewDueOn.localeCompare(b.reviewDueOn));
  }

  private async loadCase(trx: Trx, actor: Actor, partnerCaseId: string, action: 'partnerCase.view' | 'partnerCase.close') {
    authorizePartnerSide(actor, action);
    const found = await findCase(trx, partnerCaseId);
    if (!found) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, found);
    return found;
  }

  /** Her case's follow-up (null while his programme runs) and its closing summary, if closed. */
  async forPartnerCase(
    actor: Actor,
    partnerCaseId: string,
    now: Date = clock(),
  ): Promise<{ followUp: FollowUpView | null; closure: ClosureView | null; closed: boolean }> {
    return withActor(this.db, actor, async (trx) => {
      const found = await this.loadCase(trx, actor, partnerCaseId, 'partnerCase.view');
      const [followUp] = await this.followUps(trx, actor, { partnerCaseId }, todayInLondon(now));
      // Her closing summary is read only for a closed case: an open case (reopened too) shows its follow-up.
      const row = found.status === 'closed' ? await repo.latestClosure(trx, partnerCaseId) : undefined;
      const closure = row
        ? {
            outcome: CLOSURE_OUTCOME_LABELS[row.outcome],
            safetyAtClose: SAFETY_AT_CLOSE_LABELS[row.safetyAtClose],
            feelingSafe: row.feelingSafe,
            onwardReferrals: row.onwardReferrals,
            summary: row.summary,
            earlyReason: row.earlyReason,
            closedAt: row.closedAt.toISOString(),
            closedByName: row.closedByName,
          }
        : null;
      return { followUp: followUp ?? null, closure, closed: found.status === 'closed' };
    });
  }

  /** Reviews due and follow-up periods over: her worker's cases, or all for a manager. Null for anyone else. */
  async dashboard(actor: Actor, now: Date = clock()): Promise<FollowUpView[] | null> {
    if (!can(actor, 'partnerCase.close')) {
      return null;
    }
    return withActor(this.db, actor, async (trx) => {
      const filter = hasSide(actor, 'management') ? {} : { workerId: actor.userId };
      return (await this.followUps(trx, actor, filter, todayInLondon(now))).filter((f) => f.reviewDue);
    });
  }

  /** Closes her case with a closing summary; before the follow-up period is over, only with a reason. */
  async close(actor: Actor, partnerCaseId: string, input: TClosure, origin: Origin, now: Date = clock()): Promise<void> {
    const today = todayInLondon(now);
    await withActor(this.db, actor, async (trx) => {
      const found = await this.loadCase(trx, actor, partnerCaseId, 'partnerCase.close');
      if (found.status === 'closed') {
        throw new ConflictError('This case is already closed');
      }
      const [followUp] = await this.followUps(trx, actor, { partnerCaseId }, today);
      const early = !followUp?.periodOver;
      if (early && !input.earlyReason) {
        throw new InvalidInputError('Check the highlighted answers', {
          earlyReason: followUp
            ? `Enter why the case is closing before the follow-up period ends on ${followUp.followUpEndsOn}`
            : 'Enter why the case is closing while the participant’s programme has not ended',
        });
      }
      await repo.insertClosure(trx, {
        organisationId: found.organisationId,
        partnerCaseId,
        outcome: input.outcome,
        safetyAtClose: input.safetyAtClose,
        feelingSafe: input.feelingSafe,
        onwardReferrals: input.onwardReferrals,
        summary: input.summary,
        earlyReason: early ? input.earlyReason : null,
        closedBy: actor.userId,
        closedOn: today,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.closed_with_summary',
        { type: 'partner_case', id: partnerCaseId },
        { outcome: input.outcome, early },
      );
    });
  }
}
