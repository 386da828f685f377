// First contact: the targets, the attempts to reach her (checked against her safe-contact rules) and him, and the dashboard of both clocks.
import { authorize, authorizePartnerSide, can, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { Config } from '../config.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { SafeContactBreach } from '../db/schema.js';
import { caseForContact, followUpRules } from './follow-up-repository.js';
import { BREACH_LABELS, breachesOf, breachMessage } from './safe-contact.js';
import { SafeContactBreachError } from './safe-contact-error.js';
import { findParticipantCase } from '../participants/repository.js';
import { findPartnerCase } from '../partner-support/repository.js';
import { firstContactClock, lastOverdueOpenedOn, PARTICIPANT_CLOCK, PARTNER_CLOCK, type Clock } from './clocks-service.js';
import { countOverdueFirstContacts } from './clocks-repository.js';
import { allocationFilter, type WorkScope } from '../access/work-scope.js';
import { COUNT_CAP, cappedTotal } from '../web/pagination.js';
import * as repo from './repository.js';
import { METHOD_LABELS, OUTCOME_LABELS, type TContactAttempt, type TTargets } from './schemas.js';
import { clock } from '../dates/clock.js';
import { londonTimeToInstant, todayInLondon } from '../dates/london.js';

type Origin = { ip: string | null };

export type Attempt = {
  id: string;
  attemptedAt: string;
  methodLabel: string;
  outcomeLabel: string;
  reached: boolean;
  note: string | null;
  recordedByName: string;
  /** Her attempts: the safe-contact rules it broke (labels) and why it was made anyway. */
  breaches: string[];
  breachReason: string | null;
};

export type CappedTotal = { total: number; totalIsCapped: boolean };

export type Dashboard = { today: string; partner: Clock | null; participant: Clock | null };

function presentAttempt(row: repo.AttemptRow): Attempt {
  return {
    id: row.id,
    attemptedAt: row.attemptedAt.toISOString(),
    methodLabel: METHOD_LABELS[row.method],
    outcomeLabel: OUTCOME_LABELS[row.outcome],
    reached: row.outcome === 'reached',
    note: row.note,
    recordedByName: row.recordedByName,
    breaches: (row.breaches ?? []).map((b: SafeContactBreach) => BREACH_LABELS[b]),
    breachReason: row.breachReason ?? null,
  };
}

/**
 * First contact: attempts with her (partner side) and with him (his side), and the clocks that
 * say what is due. Targets are in working days from the day the case was opened.
 */
export class FirstContactService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
  ) {}

  async targets(
    actor: Actor,
  ): Promise<{ partnerDays: number; participantDays: number; followUpDays: number; notEngagedAttempts: number }> {
    authorize(actor, 'firstContact.configure');
    return withActor(this.db, actor, async (trx) => ({
      ...(await repo.targets(trx, actor.organisationId)),
      ...(await followUpRules(trx, actor.organisationId)),
    }));
  }

  async setTargets(actor: Actor, values: TTargets, origin: Origin): Promise<void> {
    authorize(actor, 'firstContact.configure');
    await withActor(this.db, actor, async (trx) => {
      await repo.saveTargets(trx, actor.organisationId, values);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'settings.first_contact_targets_changed',
        { type: 'organisation', id: actor.organisationId },
        values,
      );
    });
  }

  private attemptTime(input: TContactAttempt): Date {
    const at = londonTimeToInstant(input.attemptedOn, input.attemptedTime, {
      offset: input.offset,
      timeField: 'attemptedTime',
    });
    if (at.getTime() > clock().getTime() + 5 * 60_000) {
      throw new InvalidInputError('The attempt cannot be in the future', {
        attemptedOn: 'The date and time must be now or in the past',
      });
    }
    return at;
  }

  /**
   * Her attempt, checked against her safe-contact rules first: one that breaks them is refused
   * (409, with the rules it breaks) until her worker confirms it with a reason; it is then
   * recorded with the breach flagged, for her worker and managers to see.
   */
  async logPartnerAttempt(actor: Actor, partnerCaseId: string, input: TContactAttempt, origin: Origin): Promise<void> {
    authorizePartnerSide(actor, 'partnerCase.logContact');
    const attemptedAt = this.attemptTime(input);
    await withActor(this.db, actor, async (trx) => {
      const row = await findPartnerCase(trx, partnerCaseId);
      const forContact = await caseForContact(trx, partnerCaseId);
      if (!row || !forContact) {
        throw new NotFoundError();
      }
      authorizePartnerSide(actor, 'partnerCase.logContact', row);
      const breaches = breachesOf(forContact.rules, { ...input, numberUsed: input.numberUsed ?? null });
      if (breaches.length && !(input.confirmBreach && input.breachReason)) {
        throw new SafeContactBreachError(
          breachMessage(breaches),
          breaches,
          input.confirmBreach ? { breachReason: 'Enter why you are recording it anyway' } : {},
        );
      }
      const id = await repo.insertPartnerAttempt(trx, {
        organisationId: actor.organisationId,
        partnerCaseId,
        attemptedAt,
        method: input.method,
        outcome: input.outcome,
        note: input.note,
        recordedBy: actor.userId,
        numberUsed: input.numberUsed ?? null,
        breaches,
        breachReason: input.breachReason ?? null,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.contact_attempt_logged',
        { type: 'partner_case', id: partnerCaseId },
        {
          attemptId: id,
          method: input.method,
          outcome: input.outcome,
          ...(breaches.length && { safeContactBreaches: breaches.join(',') }),
        },
      );
    });
  }

  async partnerAttempts(actor: Actor, partnerCaseId: string): Promise<Attempt[]> {
    authorizePartnerSide(actor, 'partnerCase.view');
    return withActor(this.db, actor, async (trx) => (await repo.partnerAttempts(trx, partnerCaseId)).map(presentAttempt));
  }

  async logParticipantAttempt(actor: Actor, participantId: string, input: TContactAttempt, origin: Origin): Promise<void> {
    const attemptedAt = this.attemptTime(input);
    await withActor(this.db, actor, async (trx) => {
      const row = await findParticipantCase(trx, participantId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'participant.logContact', row);
      const id = await repo.insertParticipantAttempt(trx, {
        organisationId: actor.organisationId,
        perpetratorCaseId: row.caseId,
        attemptedAt,
        method: input.method,
        outcome: input.outcome,
        note: input.note,
        recordedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'participant.contact_attempt_logged',
        { type: 'participant', id: participantId },
        {
          attemptId: id,
          method: input.method,
          outcome: input.outcome,
        },
      );
    });
  }

  async participantAttempts(actor: Actor, participantId: string): Promise<Attempt[]> {
    return withActor(this.db, actor, async (trx) => {
      const row = await findParticipantCase(trx, participantId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'participant.logContact', row);
      return (await repo.participantAttempts(trx, row.caseId)).map(presentAttempt);
    });
  }

  /**
   * The dashboard's triage count: her (partner) or his (participant) cases whose first attempt is
   * overdue, within a scope, counted up to a cap. Null for a side the user may not contact: his
   * side is not told how many partners there are to reach, not even none.
   */
  async overdueCount(
    actor: Actor,
    side: 'partner' | 'participant',
    scope: WorkScope,
    now: Date = clock(),
  ): Promise<CappedTotal | null> {
    if (!can(actor, side === 'partner' ? 'partnerCase.logContact' : 'participant.logContact')) {
      return null;
    }
    const today = todayInLondon(now);
    return withActor(this.db, actor, async (trx) => {
      const { partnerDays, participantDays } = await repo.targets(trx, actor.organisationId);
      const days = side === 'partner' ? partnerDays : participantDays;
      const cutoff = lastOverdueOpenedOn(today, days, this.config.workingDaysRegion);
      const filter = allocationFilter(actor, scope);
      return cappedTotal(await countOverdueFirstContacts(trx, side, actor.organisationId, cutoff, filter, COUNT_CAP + 1));
    });
  }

  /** What is due and overdue for this user: her first contact on the partner side, his on his side, both for management. */
  async dashboard(actor: Actor, now: Date = clock()): Promise<Dashboard> {
    const showPartner = can(actor, 'partnerCase.logContact');
    const showParticipant = can(actor, 'participant.logContact');
    if (!showPartner && !showParticipant) {
      authorize(actor, 'partnerCase.logContact');
    }
    const today = todayInLondon(now);
    return withActor(this.db, actor, async (trx: Trx) => {
      const { partnerDays, participantDays } = await repo.targets(trx, actor.organisationId);
      const partner = showPartner
        ? await firstContactClock(trx, actor.organisationId, PARTNER_CLOCK, partnerDays, today, this.config.workingDaysRegion)
        : null;
      const participant = showParticipant
        ? await firstContactClock(
            trx,
            actor.organisationId,
            PARTICIPANT_CLOCK,
            participantDays,
            today,
            this.config.workingDaysRegion,
          )
        : null;
      return { today, partner, participant };
    });
  }
}
