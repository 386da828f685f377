import type { Trx } from '../db/database.js';
import type { RiskLevel } from '../db/schema.js';

/*
 * SQL for the lists and counts of escalation alerts (risk_alerts: one row per side told; row-level
 * security keeps each side's rows from the other, management reads both). Finding, acknowledging
 * and writing one: alerts-repository.ts.
 *
 * Her side's alerts come in two shapes:
 * - raised from her DASH: about her case (partner_case_id set), dealt with on the alert row;
 * - raised from his disclosure: about him (partner_case_id NULL), written by his side without
 *   reading across the wall (migration 0018). Her side reads such an alert once for each of his
 *   partners' open cases, and each of her workers marks it dealt with for her own case
 *   (risk_alert_case_acknowledgements).
 */

export type AlertRow = {
  id: string;
  organisationId: string;
  side: 'perpetrator' | 'partner';
  participantId: string;
  participantGivenName: string;
  participantFamilyName: string;
  participantReference: string;
  /** Her case: the DASH alert's own, or the case a participant-wide alert was expanded to; null on his side. */
  partnerCaseId: string | null;
  source: 'disclosure' | 'dash';
  levelBefore: RiskLevel | null;
  levelAfter: RiskLevel | null;
  summary: string;
  raisedOn: string;
  /** On the alert's own row, or, for an alert about him expanded to her case, for that case. */
  acknowledgedAt: Date | null;
  acknowledgedByName: string | null;
};

export type AlertFilter = {
  openOnly?: boolean;
  participantId?: string;
  /** Her side: this case's alerts (its DASH alerts, and his disclosures' while it is open). */
  partnerCaseId?: string;
  /**
   * Only "mine": for his side, men whose case is allocated to this user or who are in a group they
   * facilitate; for her side, cases allocated to this user.
   */
  workerId?: string;
};

/** His side's alerts, newest first. No table of hers is read. */
export async function listHisSideAlerts(trx: Trx, organisationId: string, filter: AlertFilter, limit = 200): Promise<AlertRow[]> {
  return hisSideAlertsQuery(trx, organisationId, filter).limit(limit).execute();
}

/**
 * His side's alerts in the list's order, unexecuted (bench/explain-lists.ts). Open alerts are read
 * on risk_alerts_open_list_idx in this order, so a LIMIT reads only as many as it shows.
 */
export function hisSideAlertsQuery(trx: Trx, organisationId: string, filter: AlertFilter) {
  let query = trx
    .selectFrom('risk_alerts as a')
    .innerJoin('participants as p', 'p.id', 'a.participant_id')
    .leftJoin('users as u', 'u.id', 'a.acknowledged_by')
    .select([
      'a.id',
      'a.organisation_id as organisationId',
      'a.side',
      'a.participant_id as participantId',
      'p.given_name as participantGivenName',
      'p.family_name as participantFamilyName',
      'p.reference as participantReference',
      'a.partner_case_id as partnerCaseId',
      'a.source',
      'a.level_before as levelBefore',
      'a.level_after as levelAfter',
      'a.summary',
      'a.raised_on as raisedOn',
      'a.acknowledged_at as acknowledgedAt',
      'u.display_name as acknowledgedByName',
    ])
    .where('a.organisation_id', '=', organisationId)
    .where('a.side', '=', 'perpetrator');
  if (filter.openOnly) {
    query = query.where('a.acknowledged_at', 'is', null);
  }
  if (filter.participantId) {
    query = query.where('a.participant_id', '=', filter.participantId);
  }
  const workerId = filter.workerId;
  if (workerId) {
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('perpetrator_cases as pcase')
            .select('pcase.id')
            .whereRef('pcase.participant_id', '=', 'a.participant_id')
            .where('pcase.allocated_worker_id', '=', workerId),
        ),
        eb.exists(
          eb
            .selectFrom('programme_enrolments as e')
            .innerJoin('group_facilitators as gf', 'gf.group_id', 'e.group_id')
            .select('e.id')
            .whereRef('e.participant_id', '=', 'a.participant_id')
            .where('gf.user_id', '=', workerId),
        ),
      ]),
    );
  }
  return query.orderBy('a.raised_on', 'desc').orderBy('a.created_at', 'desc');
}

/**
 * Her side's alerts, newest first: one item per (alert, partner case). A participant-wide alert is
 * expanded to each open case of his partners (not merged away, not closed: a case closed as not
 * engaged is still told, so her worker can consider trying her again), with its acknowledgement
 * for that case.
 */
export async function listHerSideAlerts(trx: Trx, organisationId: string, filter: AlertFilter, limit = 200): Promise<AlertRow[]> {
  return herSideAlertsQuery(trx, organisationId, filter).limit(limit).execute();
}

/** Her side's alerts (one item per alert and case) in the list's order, unexecuted (bench/explain-lists.ts). */
export function herSideAlertsQuery(trx: Trx, organisationId: string, filter: AlertFilter) {
  let query = trx
    .selectFrom('risk_alerts as a')
    .innerJoin('participants as p', 'p.id', 'a.participant_id')
    .leftJoin('partners as pa', (join) =>
      join
        .onRef('pa.participant_id', '=', 'a.participant_id')
        .on('a.partner_case_id', 'is', null)
        .on('pa.merged_into', 'is', null),
    )
    .leftJoin('partner_cases as pc', (join) =>
      join
        .onRef('pc.partner_id', '=', 'pa.id')
        .onRef('pc.organisation_id', '=', 'a.organisation_id')
        .on('pc.status', '<>', 'closed'),
    )
    .leftJoin('risk_alert_case_acknowledgements as k', (join) =>
      join.onRef('k.risk_alert_id', '=', 'a.id').onRef('k.partner_case_id', '=', 'pc.id'),
    )
    .leftJoin('users as u', (join) => join.on((eb) => eb('u.id', '=', eb.fn.coalesce('a.acknowledged_by', 'k.acknowledged_by'))))
    .select((eb) => [
      'a.id',
      'a.organisation_id as organisationId',
      'a.side',
      'a.participant_id as participantId',
      'p.given_name as participantGivenName',
      'p.family_name as participantFamilyName',
      'p.reference as participantReference',
      eb.fn.coalesce('a.partner_case_id', 'pc.id').as('partnerCaseId'),
      'a.source',
      'a.level_before as levelBefore',
      'a.level_after as levelAfter',
      'a.summary',
      'a.raised_on as raisedOn',
      eb.fn.coalesce('a.acknowledged_at', 'k.acknowledged_at').as('acknowledgedAt'),
      'u.display_name as acknowledgedByName',
    ])
    .where('a.organisation_id', '=', organisationId)
    .where('a.side', '=', 'partner')
    // A participant-wide alert with no open case of his partners is told to no one.
    .where((eb) => eb.or([eb('a.partner_case_id', 'is not', null), eb('pc.id', 'is not', null)]));
  if (filter.openOnly) {
    query = query.where('a.acknowledged_at', 'is', null).where('k.acknowledged_at', 'is', null);
  }
  if (filter.participantId) {
    query = query.where('a.participant_id', '=', filter.participantId);
  }
  const partnerCaseId = filter.partnerCaseId;
  if (partnerCaseId) {
    query = query.where((eb) => eb(eb.fn.coalesce('a.partner_case_id', 'pc.id'), '=', partnerCaseId));
  }
  const workerId = filter.workerId;
  if (workerId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('partner_cases as hers')
          .select('hers.id')
          .where((inner) => inner('hers.id', '=', inner.fn.coalesce('a.partner_case_id', 'pc.id')))
          .where('hers.allocated_worker_id', '=', workerId),
      ),
    );
  }
  return query.orderBy('a.raised_on', 'desc').orderBy('a.created_at', 'desc').orderBy('pc.opened_on');
}

/** How many alerts a side's list holds, counted only up to `upTo` in the list's order. */
export function alertCountQuery(
  trx: Trx,
  organisationId: string,
  side: 'perpetrator' | 'partner',
  filter: AlertFilter,
  upTo: number,
) {
  const listed =
    side === 'perpetrator' ? hisSideAlertsQuery(trx, organisationId, filter) : herSideAlertsQuery(trx, organisationId, filter);
  return trx.selectFrom(listed.limit(upTo).as('listed')).select((eb) => eb.fn.countAll<string>().as('n'));
}

export async function countAlerts(
  trx: Trx,
  organisationId: string,
  side: 'perpetrator' | 'partner',
  filter: AlertFilter,
  upTo: number,
): Promise<number> {
  return Number((await alertCountQuery(trx, organisationId, side, filter, upTo).executeTakeFirstOrThrow()).n);
}
