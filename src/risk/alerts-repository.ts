import type { Trx } from '../db/database.js';
import type { RiskLevel } from '../db/schema.js';

/*
 * SQL for finding, acknowledging and writing escalation alerts (risk_alerts: one row per side told;
 * row-level security keeps each side's rows from the other, management reads both). Their lists and
 * counts: alert-lists.ts.
 *
 * Her side's alerts come in two shapes:
 * - raised from her DASH: about her case (partner_case_id set), dealt with on the alert row;
 * - raised from his disclosure: about him (partner_case_id NULL), written by his side without
 *   reading across the wall (migration 0018). Her side reads such an alert once for each of his
 *   partners' open cases, and each of her workers marks it dealt with for her own case
 *   (risk_alert_case_acknowledgements).
 */

export type FoundAlert = {
  id: string;
  organisationId: string;
  side: 'perpetrator' | 'partner';
  participantId: string;
  partnerCaseId: string | null;
  acknowledgedAt: Date | null;
};

/** One alert; row-level security returns nothing of the other side's. Unscoped by organisation: the service checks it. */
export async function findAlert(trx: Trx, alertId: string): Promise<FoundAlert | undefined> {
  return trx
    .selectFrom('risk_alerts')
    .select([
      'id',
      'organisation_id as organisationId',
      'side',
      'participant_id as participantId',
      'partner_case_id as partnerCaseId',
      'acknowledged_at as acknowledgedAt',
    ])
    .where('id', '=', alertId)
    .executeTakeFirst();
}

/** The cases a participant-wide alert about him is told to: his partners' open cases. Her side only. */
export async function openPartnerCaseIdsOf(trx: Trx, organisationId: string, participantId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('partner_cases as pc')
    .innerJoin('partners as pa', 'pa.id', 'pc.partner_id')
    .select('pc.id')
    .where('pa.participant_id', '=', participantId)
    .where('pa.merged_into', 'is', null)
    .where('pc.organisation_id', '=', organisationId)
    .where('pc.status', '<>', 'closed')
    .execute();
  return rows.map((row) => row.id);
}

/** Acknowledges an open alert on its own row (his side's, or her DASH's); false if it had been already. */
export async function acknowledgeAlert(trx: Trx, alertId: string, userId: string): Promise<boolean> {
  const result = await trx
    .updateTable('risk_alerts')
    .set({ acknowledged_by: userId, acknowledged_at: new Date() })
    .where('id', '=', alertId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Acknowledges a participant-wide alert for one of her cases; false if it had been already. */
export async function acknowledgeAlertForCase(
  trx: Trx,
  values: { alertId: string; partnerCaseId: string; organisationId: string; userId: string },
): Promise<boolean> {
  const added = await trx
    .insertInto('risk_alert_case_acknowledgements')
    .values({
      risk_alert_id: values.alertId,
      partner_case_id: values.partnerCaseId,
      organisation_id: values.organisationId,
      acknowledged_by: values.userId,
    })
    .onConflict((oc) => oc.columns(['risk_alert_id', 'partner_case_id']).doNothing())
    // Her side reads the row it writes; nothing comes back when it was there already.
    .returning('risk_alert_id')
    .executeTakeFirst();
  return added !== undefined;
}

/** Her cases' references and names, for her side's alert lists. */
export async function partnerCaseNames(
  trx: Trx,
  partnerCaseIds: string[],
): Promise<Map<string, { reference: string; name: string }>> {
  if (partnerCaseIds.length === 0) {
    return new Map();
  }
  const rows = await trx
    .selectFrom('partner_cases as pc')
    .innerJoin('partners as pa', 'pa.id', 'pc.partner_id')
    .select(['pc.id', 'pc.reference', 'pa.given_name as givenName', 'pa.family_name as familyName'])
    .where('pc.id', 'in', partnerCaseIds)
    .execute();
  return new Map(rows.map((row) => [row.id, { reference: row.reference, name: `${row.givenName} ${row.familyName}` }]));
}

export type NewAlert = {
  organisationId: string;
  side: 'perpetrator' | 'partner';
  participantId: string;
  partnerCaseId: string | null;
  source: 'disclosure' | 'dash';
  disclosureId: string | null;
  dashAssessmentId: string | null;
  levelBefore: RiskLevel | null;
  levelAfter: RiskLevel | null;
  summary: string;
  raisedOn: string;
};

/**
 * Writes an alert and reads nothing back (no RETURNING): his side writes her side's alert about
 * him under an insert-only policy and has no SELECT on it, so RETURNING would fail, and nothing
 * about her side must come back to his transaction.
 */
export async function insertAlert(trx: Trx, alert: NewAlert): Promise<void> {
  await trx
    .insertInto('risk_alerts')
    .values({
      organisation_id: alert.organisationId,
      side: alert.side,
      participant_id: alert.participantId,
      partner_case_id: alert.partnerCaseId,
      source: alert.source,
      disclosure_id: alert.disclosureId,
      dash_assessment_id: alert.dashAssessmentId,
      level_before: alert.levelBefore,
      level_after: alert.levelAfter,
      summary: alert.summary,
      raised_on: alert.raisedOn,
    })
    .execute();
}
