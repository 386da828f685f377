import { authorizePartnerSide, can, hasSide, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { Config } from '../config.js';
import { withActor, type Db } from '../db/database.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { insertPartnerCaseNote } from '../partner-support/notes-repository.js';
import { findPartnerCase } from '../partner-support/repository.js';
import * as repo from './follow-up-repository.js';
import { safeContactPanel, type SafeContactPanel, type SafeContactRules } from './safe-contact.js';
import { OUTCOME_LABELS, type TSafeTimes } from './schemas.js';
import { addWorkingDays } from '../dates/working-days.js';
import { clock } from '../dates/clock.js';
import { todayInLondon } from '../dates/london.js';
import { cappedTotal, COUNT_CAP, shownOfTotal } from '../web/pagination.js';

type Origin = { ip: string | null };

export type FollowUpItem = {
  caseId: string;
  reference: string;
  name: string;
  workerName: string | null;
  lastAttemptAt: string;
  lastOutcomeLabel: string;
  attempts: number;
  dueOn: string;
  overdue: boolean;
};

/** The follow-ups due soonest, how many there are in all (counted up to a cap) and, when the list holds only some, a caption saying so. */
export type FollowUpList = {
  items: FollowUpItem[];
  total: { total: number; totalIsCapped: boolean };
  shown: string | null;
};

/** How many follow-ups the dashboard lists. */
export const FOLLOW_UP_LIST_SIZE = 25;

export type NotEngagedStatus = { attempts: number; required: number; allowed: boolean; closed: boolean };

/**
 * Her safe-contact rules, the follow-up schedule when she has not been reached, and closing her
 * case as not engaged only after the organisation's number of attempts. Partner side and
 * management only; every other user gets a 404, as if her case did not exist.
 */
export class PartnerContactService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
  ) {}

  private async load(actor: Actor, caseId: string, action: 'partnerCase.view' | 'partnerCase.update' | 'partnerCase.logContact') {
    authorizePartnerSide(actor, action);
    return withActor(this.db, actor, async (trx) => {
      const row = await findPartnerCase(trx, caseId);
      const forContact = await repo.caseForContact(trx, caseId);
      if (!row || !forContact) {
        throw new NotFoundError();
      }
      authorizePartnerSide(actor, action, row);
      return { row, forContact };
    });
  }

  /** The panel shown before any contact action. */
  async panel(actor: Actor, caseId: string): Promise<{ panel: SafeContactPanel; rules: SafeContactRules; name: string }> {
    const { row, forContact } = await this.load(actor, caseId, 'partnerCase.view');
    return {
      panel: safeContactPanel(forContact.rules),
      rules: forContact.rules,
      name: `${row.givenName} ${row.familyName}`,
    };
  }

  async setSafeTimes(actor: Actor, caseId: string, values: TSafeTimes, origin: Origin): Promise<void> {
    const { forContact } = await this.load(actor, caseId, 'partnerCase.update');
    await withActor(this.db, actor, async (trx) => {
      await repo.saveSafeTimes(trx, forContact.partnerId, values);
      await recordActorEvent(trx, actor, origin, 'partner_case.safe_times_changed', { type: 'partner_case', id: caseId });
    });
  }

  /**
   * Follow-ups due: her worker sees her own cases, management every case. The list holds the
   * FOLLOW_UP_LIST_SIZE due soonest; `shown` says how many there are when it holds only some.
   */
  async followUps(actor: Actor, now: Date = clock()): Promise<FollowUpList | null> {
    if (!can(actor, 'partnerCase.logContact')) {
      return null;
    }
    const today = todayInLondon(now);
    const workerId = hasSide(actor, 'management') ? null : actor.userId;
    return withActor(this.db, actor, async (trx) => {
      const { followUpDays } = await repo.followUpRules(trx, actor.organisationId);
      const rows = await repo.followUps(trx, actor.organisationId, workerId, FOLLOW_UP_LIST_SIZE);
      const counted =
        rows.length < FOLLOW_UP_LIST_SIZE
          ? rows.length
          : await repo.countFollowUps(trx, actor.organisationId, workerId, COUNT_CAP + 1);
      const total = cappedTotal(counted);
      const items = rows.map((row) => {
        const dueOn = addWorkingDays(todayInLondon(row.lastAttemptAt), followUpDays, this.config.workingDaysRegion);
        return {
          caseId: row.caseId,
          reference: row.reference,
          name: row.name,
          workerName: row.workerName,
          lastAttemptAt: row.lastAttemptAt.toISOString(),
          lastOutcomeLabel: OUTCOME_LABELS[row.lastOutcome],
          attempts: row.attemptsSinceReached,
          dueOn,
          overdue: today > dueOn,
        };
      });
      const shown = shownOfTotal(items.length, total, 'due soonest');
      return { items, total, shown };
    });
  }

  async notEngagedStatus(actor: Actor, caseId: string): Promise<NotEngagedStatus> {
    const { forContact } = await this.load(actor, caseId, 'partnerCase.view');
    return withActor(this.db, actor, async (trx) => {
      const { notEngagedAttempts } = await repo.followUpRules(trx, actor.organisationId);
      const attempts = await repo.attemptsSinceReached(trx, caseId);
      const closed = forContact.status === 'closed' || forContact.status === 'not_engaged';
      return { attempts, required: notEngagedAttempts, allowed: !closed && attempts >= notEngagedAttempts, closed };
    });
  }

  /** Refused (409) before the organisation's number of attempts without reaching her; recorded in her case's notes and the audit log. */
  async closeNotEngaged(actor: Actor, caseId: string, reason: string, origin: Origin): Promise<void> {
    await this.load(actor, caseId, 'partnerCase.update');
    await withActor(this.db, actor, async (trx) => {
      const forContact = await repo.caseForContact(trx, caseId);
      if (!forContact) {
        throw new NotFoundError();
      }
      if (forContact.status === 'closed' || forContact.status === 'not_engaged') {
        throw new ConflictError('This case is already closed');
      }
      const { notEngagedAttempts } = await repo.followUpRules(trx, actor.organisationId);
      const attempts = await repo.attemptsSinceReached(trx, caseId);
      if (attempts < notEngagedAttempts) {
        throw new ConflictError(
          `A case can close as not engaged only after ${notEngagedAttempts} attempts without reaching the partner; ${attempts} ${attempts === 1 ? 'has' : 'have'} been made. Keep trying on the partner’s safe-contact terms.`,
          {
            reason: `${notEngagedAttempts - attempts} more ${notEngagedAttempts - attempts === 1 ? 'attempt is' : 'attempts are'} needed first`,
          },
        );
      }
      await repo.closeNotEngaged(trx, caseId, todayInLondon());
      await insertPartnerCaseNote(trx, {
        organisationId: actor.organisationId,
        caseId,
        authorId: actor.userId,
        body: `Closed as not engaged after ${attempts} attempts without reaching the partner. Reason: ${reason}`,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.closed_not_engaged',
        { type: 'partner_case', id: caseId },
        { attempts, required: notEngagedAttempts },
      );
    });
  }
}
