import { authorize, can, type Actor } from '../../access/index.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../errors.js';
import { todayInLondon } from '../../dates/london.js';
import { listReviewsOfEnrolment } from '../attendance/reviews-repository.js';
import { presentReview, type ReviewView } from '../attendance/reviews-service.js';
import { countDisclosuresByType } from './disclosures-repository.js';
import { DISCLOSURE_TYPE_LABELS } from './disclosures-schemas.js';
import { applyTransition } from './apply.js';
import {
  presentEnrolment,
  presentJourneyHistory,
  presentProgress,
  type EnrolmentView,
  type JourneyHistoryEntry,
  type ProgressView,
} from './presenters.js';
import * as repo from './repository.js';
import type { TJourneyChange } from './schemas.js';
import { ENROLMENT_STATUS_LABELS, mayMake, transitionFor, transitionsOpenTo } from './transitions.js';
import { loadProgress } from './progress-service.js';

type Origin = { ip: string | null };

export type TransitionOption = {
  to: string;
  label: string;
  action: string;
  reasons: Array<{ code: string; label: string }>;
};

export type JourneyDetail = {
  enrolment: EnrolmentView;
  progress: ProgressView;
  history: JourneyHistoryEntry[];
  transitions: TransitionOption[];
  reviews: ReviewView[];
};

/** Written when he completes or leaves: a printable record for his file and for referrers. */
export type EndOfProgrammeSummary = {
  enrolment: EnrolmentView;
  progress: ProgressView;
  outcome: { statusLabel: string; reasonLabel: string; effectiveOn: string; changedByName: string | null };
  disclosures: Array<{ typeLabel: string; count: number }>;
  disclosuresTotal: number;
  outstandingReviews: ReviewView[];
};

/**
 * The participant's journey on a programme: facts (an append-only history of coded changes, who
 * and when) and the status derived from them. Which change may follow which is data
 * (src/programme/journey/transitions.ts); anything else is refused with the reason.
 */
export class JourneyService {
  constructor(private readonly db: Db) {}

  private async load(trx: Trx, actor: Actor, enrolmentId: string, action: 'enrolment.view' | 'journey.change') {
    const row = await repo.findEnrolment(trx, enrolmentId);
    if (!row || row.programmeSide !== 'perpetrator') {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return row;
  }

  async view(actor: Actor, enrolmentId: string): Promise<JourneyDetail> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, enrolmentId, 'enrolment.view');
      const history = await repo.listJourneyHistory(trx, enrolmentId);
      const transitions = can(actor, 'journey.change', row)
        ? transitionsOpenTo(actor, row.status).map((t) => ({
            to: t.to,
            label: ENROLMENT_STATUS_LABELS[t.to],
            action: t.action,
            reasons: Object.entries(t.reasons).map(([code, label]) => ({ code, label })),
          }))
        : [];
      return {
        enrolment: presentEnrolment(row),
        progress: presentProgress(await loadProgress(trx, row)),
        history: history.map(presentJourneyHistory),
        transitions,
        reviews: can(actor, 'attendance.manageReviews', row)
          ? (await listReviewsOfEnrolment(trx, enrolmentId)).map(presentReview)
          : [],
      };
    });
  }

  /** Makes one change of his status, if the transitions table allows it to this user, now. */
  async change(actor: Actor, enrolmentId: string, input: TJourneyChange, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, enrolmentId, 'journey.change');
      const from = ENROLMENT_STATUS_LABELS[row.status].toLowerCase();
      const to = ENROLMENT_STATUS_LABELS[input.to].toLowerCase();
      const transition = transitionFor(row.status, input.to);
      if (!transition) {
        throw new ConflictError(`The participant’s status is “${from}”: it cannot change to “${to}”`, {
          to: `A participant whose status is “${from}” cannot be moved to “${to}”`,
        });
      }
      if (!mayMake(actor, transition)) {
        throw new ForbiddenError(`Only ${transition.sides.join(' or ')} users may make this change`);
      }
      if (!(input.reasonCode in transition.reasons)) {
        throw new InvalidInputError('Select a reason', { reasonCode: 'Select a reason for this change from the list' });
      }
      const effectiveOn = input.effectiveOn ?? todayInLondon();
      if (row.statusSince && effectiveOn < row.statusSince) {
        throw new InvalidInputError('Check the date', {
          effectiveOn: 'The date of the change must be on or after the date of the last change of status',
        });
      }
      if (transition.mandatedOnly && !(await repo.isMandated(trx, row.participantId))) {
        throw new ConflictError('A breach is reported only for a participant mandated by a court or probation', {
          to: 'The participant’s referral does not say the participant was mandated by a court or probation',
        });
      }
      if (transition.needsCompletionRule) {
        const progress = await loadProgress(trx, row);
        if (!progress.met) {
          throw new ConflictError(`The completion requirements are not met yet: still missing ${progress.missing.join('; ')}`, {
            to: `Not yet complete: still missing ${progress.missing.join('; ')}`,
          });
        }
      }
      await applyTransition(trx, actor, origin, row, transition, {
        reasonCode: input.reasonCode,
        note: input.note,
        effectiveOn,
      });
    });
  }

  async summary(actor: Actor, enrolmentId: string): Promise<EndOfProgrammeSummary> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, enrolmentId, 'enrolment.view');
      const enrolment = presentEnrolment(row);
      const last = (await repo.listJourneyHistory(trx, enrolmentId))[0];
      if (!enrolment.ended || !last) {
        throw new ConflictError('The end-of-programme summary is written when the participant completes or leaves the programme');
      }
      const lastEntry = presentJourneyHistory(last);
      const counts = await countDisclosuresByType(trx, row.perpetratorCaseId, row.startedOn ?? row.readyOn, row.endedOn);
      const reviews = (await listReviewsOfEnrolment(trx, enrolmentId)).filter((r) => r.resolvedAt === null);
      return {
        enrolment,
        progress: presentProgress(await loadProgress(trx, row)),
        outcome: {
          statusLabel: lastEntry.toStatusLabel,
          reasonLabel: lastEntry.reasonLabel,
          effectiveOn: lastEntry.effectiveOn,
          changedByName: lastEntry.changedByName,
        },
        disclosures: counts
          .map((c) => ({ typeLabel: DISCLOSURE_TYPE_LABELS[c.type], count: c.count }))
          .sort((a, b) => b.count - a.count || a.typeLabel.localeCompare(b.typeLabel)),
        disclosuresTotal: counts.reduce((sum, c) => sum + c.count, 0),
        outstandingReviews: reviews.map(presentReview),
      };
    });
  }
}
