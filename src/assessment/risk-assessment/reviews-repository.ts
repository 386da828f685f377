import { sql } from 'kysely';
import type { ListScope } from '../../access/index.js';
import type { Trx } from '../../db/database.js';
import type { RiskLevel } from '../../db/schema.js';

export type RiskReviewDueRow = {
  participantId: string;
  reference: string;
  givenName: string;
  familyName: string;
  overallLevel: RiskLevel;
  reviewOn: string;
};

/**
 * The men whose latest risk assessment (highest version) is due for review on or before `dueBy`,
 * earliest first: for the dashboard. Only men with a perpetrator case that is not closed;
 * `workerId` keeps only those whose case is allocated to that worker.
 */
export async function listRiskReviewsDue(
  trx: Trx,
  scope: ListScope,
  dueBy: string,
  workerId: string | null,
): Promise<RiskReviewDueRow[]> {
  // From the assessments whose review date has come (risk_assessments_review_idx), each kept only
  // while it is his latest version.
  const { rows } = await sql<RiskReviewDueRow>`
    SELECT p.id AS "participantId", p.reference, p.given_name AS "givenName", p.family_name AS "familyName",
      cur.overall_level AS "overallLevel", to_char(cur.review_on, 'YYYY-MM-DD') AS "reviewOn"
    FROM risk_assessments cur
    JOIN participants p ON p.id = cur.participant_id
    WHERE cur.organisation_id = ${scope.organisationId}
      AND cur.review_on <= ${dueBy}::date
      AND NOT EXISTS (
        SELECT 1 FROM risk_assessments later
        WHERE later.participant_id = cur.participant_id AND later.version > cur.version
      )
      AND p.organisation_id = ${scope.organisationId}
      AND EXISTS (
        SELECT 1 FROM perpetrator_cases pc
        WHERE pc.participant_id = p.id AND pc.status <> 'closed'
          AND (${workerId}::uuid IS NULL OR pc.allocated_worker_id = ${workerId}::uuid)
      )
    ORDER BY cur.review_on, p.reference`.execute(trx);
  return rows;
}
