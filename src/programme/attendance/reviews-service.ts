import { authorize, can, hasSide, type Actor } from '../../access/index.js';
import type { WorkScope } from '../../access/work-scope.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db } from '../../db/database.js';
import type { ReviewReason } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { listUnmarkedSessions } from './repository.js';
import * as repo from './reviews-repository.js';
import { COUNT_CAP, cappedTotal } from '../../web/pagination.js';
import type { TReviewResolution } from './schemas.js';

type Origin = { ip: string | null };

/** A scope as the reviews' filter: the groups a worker facilitates and the cases they hold, or their teams'. */
function reviewFilterFor(actor: Actor, scope: WorkScope): repo.ReviewFilter {
  return scope === 'mine' ? { workerId: actor.userId } : scope === 'team' ? { teamOf: actor.userId } : {};
}

export const REVIEW_REASON_LABELS: Record<ReviewReason, string> = {
  consecutive_absences: 'Consecutive absences without an acceptable reason',
  non_compliance: 'Not complying in sessions',
  staff_concern: 'A concern raised by staff',
};

/** A review as his side sees it. */
export type ReviewView = {
  id: string;
  enrolmentId: string;
  participant: { id: string; name: string; reference: string };
  programmeName: string;
  groupName: string | null;
  reasonLabel: string;
  raisedAt: string;
  resolvedAt: string | null;
  resolvedByName: string | null;
  resolution: string | null;
};

export function presentReview(row: repo.ReviewRow): ReviewView {
  return {
    id: row.id,
    enrolmentId: row.enrolmentId,
    participant: { id: row.participantId, name: `${row.givenName} ${row.familyName}`, reference: row.participantReference },
    programmeName: row.programmeName,
    groupName: row.groupName,
    reasonLabel: REVIEW_REASON_LABELS[row.reason],
    raisedAt: row.raisedAt.toISOString(),
    resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null,
    resolvedByName: row.resolvedByName,
    resolution: row.resolution,
  };
}

export type UnmarkedSession = { id: string; title: string; startsAt: string; groupName: string | null; programmeName: string };

/** What his side should follow up after sessions: registers not yet marked, and men flagged for review. */
export type FollowUp = {
  registersToMark: UnmarkedSession[];
  /** The oldest open reviews, up to DASHBOARD_REVIEWS; `reviewCount` says how many there are. */
  reviews: ReviewView[];
  reviewCount: { total: number; totalIsCapped: boolean };
};

/** The dashboard shows this many open reviews and links to the rest (/programme/reviews). */
export const DASHBOARD_REVIEWS = 10;

/**
 * Reviews raised by the absence rule (src/programme/attendance/service.ts): listed for his
 * facilitators and managers, and resolved with a note of what was decided.
 */
export class AttendanceReviewService {
  constructor(private readonly db: Db) {}

  /** Open reviews, oldest first: every one, or within a scope (mine, my team's, all). */
  async openReviews(actor: Actor, scope?: WorkScope): Promise<ReviewView[]> {
    authorize(actor, 'attendance.manageReviews');
    const filter = reviewFilterFor(actor, scope ?? 'all');
    return withActor(this.db, actor, async (trx) =>
      (await repo.listOpenReviews(trx, actor.organisationId, filter)).map(presentReview),
    );
  }

  /** The dashboard's triage count: open reviews within a scope, up to a cap. Null for anyone who may not manage them. */
  async count(actor: Actor, scope: WorkScope): Promise<{ total: number; totalIsCapped: boolean } | null> {
    if (!can(actor, 'attendance.manageReviews')) {
      return null;
    }
    const filter = reviewFilterFor(actor, scope);
    return withActor(this.db, actor, async (trx) =>
      cappedTotal(await repo.countOpenReviews(trx, actor.organisationId, filter, COUNT_CAP + 1)),
    );
  }

  /** For the dashboard: a facilitator's own groups and cases, everything for a manager. */
  async followUp(actor: Actor): Promise<FollowUp> {
    authorize(actor, 'attendance.manageReviews');
    const worker = hasSide(actor, 'management') ? null : actor.userId;
    return withActor(this.db, actor, async (trx) => {
      const sessions = await listUnmarkedSessions(trx, actor.organisationId, worker, new Date());
      const filter = worker ? { workerId: worker } : {};
      const reviews = await repo.listOpenReviews(trx, actor.organisationId, filter, DASHBOARD_REVIEWS);
      const reviewCount = cappedTotal(await repo.countOpenReviews(trx, actor.organisationId, filter, COUNT_CAP + 1));
      return {
        registersToMark: sessions.map((s) => ({
          id: s.id,
          title: s.title,
          startsAt: s.startsAt.toISOString(),
          groupName: s.groupName,
          programmeName: s.programmeName,
        })),
        reviews: reviews.map(presentReview),
        reviewCount,
      };
    });
  }

  async review(actor: Actor, reviewId: string): Promise<ReviewView> {
    return withActor(this.db, actor, async (trx) => {
      const row = await repo.findReview(trx, reviewId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'attendance.manageReviews', row);
      return presentReview(row);
    });
  }

  async resolve(actor: Actor, reviewId: string, input: TReviewResolution, origin: Origin): Promise<ReviewView> {
    return withActor(this.db, actor, async (trx) => {
      const row = await repo.findReview(trx, reviewId);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'attendance.manageReviews', row);
      if (!(await repo.resolveReview(trx, reviewId, { resolvedBy: actor.userId, resolution: input.resolution }))) {
        throw new ConflictError('This review has already been resolved');
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'attendance.review_resolved',
        { type: 'enrolment_review', id: reviewId },
        {
          enrolmentId: row.enrolmentId,
          reason: row.reason,
        },
      );
      const resolved = await repo.findReview(trx, reviewId);
      return presentReview(resolved ?? row);
    });
  }
}
