// His case page's programme section in one statement: his open reviews, his enrolments and his disclosures.
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { compiledQuery, type Placeholders } from '../../db/compiled-query.js';
import type { Trx } from '../../db/database.js';
import { openReviewsQuery, type ReviewRow } from '../attendance/reviews-repository.js';
import { disclosuresOf, type DisclosureRow } from './disclosures-repository.js';
import { enrolmentsOfParticipant, toRow, type EnrolmentRow } from './repository.js';

type Asked = { organisationId: string; participantId: string; reviews: number; withReviews: boolean; withDisclosures: boolean };

const programmeOfParticipantQuery = compiledQuery((db, p: Placeholders<Asked>) =>
  db.selectNoFrom([
    jsonArrayFrom(
      openReviewsQuery(db, p.organisationId, { participantId: p.participantId })
        .where(sql<boolean>`${p.withReviews}::boolean`)
        .limit(p.reviews),
    ).as('reviews'),
    jsonArrayFrom(enrolmentsOfParticipant(db, p.participantId)).as('enrolments'),
    jsonArrayFrom(disclosuresOf(db, p.participantId).where(sql<boolean>`${p.withDisclosures}::boolean`)).as('disclosures'),
  ]),
);

/**
 * What his case page shows of his programme, in one statement rather than three: his open reviews
 * (when asked for: those who manage reviews), his enrolments on perpetrator-side programmes and his
 * disclosures (when asked for: those who may see them), each as its own read would return it, in
 * its order, row-level security deciding each part alike.
 */
export async function readProgrammeOfParticipant(
  trx: Trx,
  asked: Asked,
): Promise<{ reviews: ReviewRow[]; enrolments: EnrolmentRow[]; disclosures: DisclosureRow[] }> {
  const row = await programmeOfParticipantQuery.first(trx, asked);
  // JSON carries a timestamp as its text.
  return {
    reviews: (row?.reviews ?? []).map((review) => ({
      ...review,
      raisedAt: new Date(review.raisedAt),
      resolvedAt: review.resolvedAt === null ? null : new Date(review.resolvedAt),
    })),
    enrolments: (row?.enrolments ?? []).map(toRow),
    disclosures: (row?.disclosures ?? []).map((disclosure) => ({ ...disclosure, recordedAt: new Date(disclosure.recordedAt) })),
  };
}
