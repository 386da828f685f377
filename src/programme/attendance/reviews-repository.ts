import type { QueryCreator } from 'kysely';
import { allocatedWithin, type AllocationFilter } from '../../db/allocation.js';
import { compiledQuery, type Placeholders } from '../../db/compiled-query.js';
import type { Trx } from '../../db/database.js';
import type { Database, ReviewReason } from '../../db/schema.js';

/** Opens a review unless one of the same kind is already open (one open per kind: a unique index). Returns its id, or null. */
export async function openReview(
  trx: Trx,
  values: { organisationId: string; enrolmentId: string; reason: ReviewReason; raisedBy: string },
): Promise<string | null> {
  const row = await trx
    .insertInto('enrolment_reviews')
    .values({
      organisation_id: values.organisationId,
      enrolment_id: values.enrolmentId,
      reason: values.reason,
      raised_by: values.raisedBy,
    })
    .onConflict((oc) => oc.columns(['enrolment_id', 'reason']).where('resolved_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Whose open reviews: one participant's, one worker's (`workerId`), or a worker's teams' (`teamOf`). */
export type ReviewFilter = { participantId?: string; workerId?: string; teamOf?: string };

export type ReviewRow = {
  id: string;
  organisationId: string;
  enrolmentId: string;
  reason: ReviewReason;
  raisedAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
  resolvedByName: string | null;
  participantId: string;
  participantReference: string;
  givenName: string;
  familyName: string;
  programmeName: string;
  groupName: string | null;
};

function reviews(db: QueryCreator<Database>) {
  return db
    .selectFrom('enrolment_reviews as r')
    .innerJoin('programme_enrolments as e', 'e.id', 'r.enrolment_id')
    .innerJoin('participants as p', 'p.id', 'e.participant_id')
    .innerJoin('programmes as prog', 'prog.id', 'e.programme_id')
    .leftJoin('programme_groups as g', 'g.id', 'e.group_id')
    .leftJoin('users as resolver', 'resolver.id', 'r.resolved_by')
    .select([
      'r.id',
      'r.organisation_id as organisationId',
      'r.enrolment_id as enrolmentId',
      'r.reason',
      'r.raised_at as raisedAt',
      'r.resolved_at as resolvedAt',
      'r.resolution',
      'resolver.display_name as resolvedByName',
      'p.id as participantId',
      'p.reference as participantReference',
      'p.given_name as givenName',
      'p.family_name as familyName',
      'prog.name as programmeName',
      'g.name as groupName',
    ]);
}

const reviewQuery = compiledQuery((db, p: Placeholders<{ reviewId: string }>) => reviews(db).where('r.id', '=', p.reviewId));

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findReview(trx: Trx, reviewId: string): Promise<ReviewRow | undefined> {
  return reviewQuery.first(trx, { reviewId });
}

/** His open reviews, as his case page reads them: `openReviewsQuery` with a placeholder for him, compiled once. */
const openReviewsOfParticipantQuery = compiledQuery(
  (db, p: Placeholders<{ organisationId: string; participantId: string; limit: number }>) =>
    openReviewsQuery(db, p.organisationId, { participantId: p.participantId }).limit(p.limit),
);

/**
 * Open reviews of the organisation, oldest first: all of them, or those of one participant, or
 * those a worker should see on the dashboard (men in groups they facilitate, or whose case they hold).
 */
export async function listOpenReviews(
  trx: Trx,
  organisationId: string,
  filter: ReviewFilter = {},
  limit = 200,
): Promise<ReviewRow[]> {
  if (filter.participantId && !filter.workerId) {
    return openReviewsOfParticipantQuery.all(trx, { organisationId, participantId: filter.participantId, limit });
  }
  return openReviewsQuery(trx, organisationId, filter).limit(limit).execute();
}

/** Open reviews in the list's order, read on enrolment_reviews_open_list_idx; unexecuted (bench/explain-lists.ts). */
export function openReviewsQuery(db: QueryCreator<Database>, organisationId: string, filter: ReviewFilter = {}) {
  let query = reviews(db).where('r.organisation_id', '=', organisationId).where('r.resolved_at', 'is', null);
  if (filter.participantId) {
    query = query.where('e.participant_id', '=', filter.participantId);
  }
  // One worker's (groups they facilitate, cases they hold), or those of anyone in a team of theirs.
  const workers: AllocationFilter = filter.workerId
    ? { kind: 'mine', userId: filter.workerId }
    : filter.teamOf
      ? { kind: 'team', userId: filter.teamOf }
      : null;
  if (workers) {
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('group_facilitators as gf')
            .select('gf.user_id')
            .whereRef('gf.group_id', '=', 'e.group_id')
            .where(allocatedWithin('gf.user_id', workers)),
        ),
        eb.exists(
          eb
            .selectFrom('perpetrator_cases as pc')
            .select('pc.id')
            .whereRef('pc.id', '=', 'e.perpetrator_case_id')
            .where(allocatedWithin('pc.allocated_worker_id', workers)),
        ),
      ]),
    );
  }
  return query.orderBy('r.raised_at').orderBy('r.id');
}

/** How many open reviews there are, counted only up to `upTo` in the list's order. */
export function openReviewCountQuery(trx: Trx, organisationId: string, filter: ReviewFilter, upTo: number) {
  return trx
    .selectFrom(openReviewsQuery(trx, organisationId, filter).limit(upTo).as('listed'))
    .select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countOpenReviews(trx: Trx, organisationId: string, filter: ReviewFilter, upTo: number): Promise<number> {
  return Number((await openReviewCountQuery(trx, organisationId, filter, upTo).executeTakeFirstOrThrow()).n);
}

const reviewsOfEnrolmentQuery = compiledQuery((db, p: Placeholders<{ enrolmentId: string }>) =>
  reviews(db).where('r.enrolment_id', '=', p.enrolmentId).orderBy('r.raised_at', 'desc'),
);

/** Reviews of one enrolment, open and resolved, newest first. */
export async function listReviewsOfEnrolment(trx: Trx, enrolmentId: string): Promise<ReviewRow[]> {
  return reviewsOfEnrolmentQuery.all(trx, { enrolmentId });
}

/** Resolves an open review; false if it was already resolved. */
export async function resolveReview(
  trx: Trx,
  reviewId: string,
  values: { resolvedBy: string; resolution: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('enrolment_reviews')
    .set({ resolved_by: values.resolvedBy, resolved_at: new Date(), resolution: values.resolution })
    .where('id', '=', reviewId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
