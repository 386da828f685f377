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
  const { rows } = await sql<RiskReviewDueRow>`
    SELECT p.id AS "participantId", p.reference, p.given_name AS "givenName", p.family_name AS "familyName",
      cur.overall_level AS "overallLevel", to_char(cur.review_on, 'YYYY-MM-DD') AS "reviewOn"
    FROM participants p
    JOIN LATERAL (
      SELECT overall_level, review_on FROM risk_assessments r
      WHERE r.participant_id = p.id ORDER BY r.version DESC LIMIT 1
    ) cur ON true
    WHERE p.organisation_id = ${scope.organisationId}
      AND cur.review_on <= ${dueBy}::date
      AND EXISTS (
        SELECT 1 FROM perpetrator_cases pc
        WHERE pc.participant_id = p.id AND pc.status <> 'closed'
          AND (${workerId}::uuid IS NULL OR pc.allocated_worker_id = ${workerId}::uuid)
      )
    ORDER BY cur.review_on, p.reference`.execute(trx);
  return rows;
}
