import { DOMAIN_RATING_LABELS } from '../assessment/domains.js';
import { dashLevelAbove, DASH_LEVEL_LABELS, finalDashLevel } from '../dash/questions.js';
import type { RecordedDash } from '../dash/service.js';
import type { Trx } from '../db/database.js';
import type { DashLevel, DisclosureType, RiskDomain } from '../db/schema.js';
import type { RecordedDisclosure } from '../programme/journey/disclosures-service.js';
import { DISCLOSED_WORDS, spokenDate } from '../programme/journey/events.js';
import { insertAlert } from './alerts-repository.js';
import * as repo from './repository.js';

/*
 * Escalation alerts (issue 6): when something recorded on one side means the risk may have risen,
 * the workers who must act are told at once. Seed 000: Ben "talked about coercing Zoe into sex" in
 * the session on sexual abuse, and "the DVPP worker, the ISS worker and their manager identified a
 * much higher risk than previously assessed". One row per side told (risk_alerts); each side reads
 * only its own rows, management both.
 *
 * Both functions run inside the writer's transaction, so the record and its alerts commit together.
 */

/** The domain of his risk assessment each kind of disclosure speaks to; "other" speaks to none. */
export const DISCLOSURE_DOMAINS: Readonly<Partial<Record<DisclosureType, RiskDomain>>> = {
  physical: 'physical_violence',
  sexual: 'sexual_violence',
  threats: 'threats_to_kill',
  coercive_control: 'coercive_control',
  child_related: 'children_exposure',
  breach: 'breaches_of_orders',
};

export type DisclosureRaised = {
  organisationId: string;
  participantId: string;
  disclosureId: string;
  disclosureType: DisclosureType;
  /** ISO date. */
  disclosedOn: string;
  createdBy: string | null;
};

/**
 * A disclosure raises the risk when its kind speaks to a domain that his latest risk assessment
 * rated below high (none, low, medium, not known) or did not rate, or when he has no risk
 * assessment at all. Then:
 * - one alert for his side (his facilitators and allocated worker): review his risk assessment;
 * - one alert for her side about him (partner_case_id NULL): review her safety plan. Its sentence
 *   is built from the kind and the date only, like the basic events her worker already sees
 *   (src/programme/journey/events.ts): never the detail of what he said, nor his assessment's ratings
 *   (seed 001: too much detail "gets repeated to him" and puts her at risk).
 * This usually runs in his facilitator's transaction, whom row-level security keeps from her cases
 * and her side's alerts. So her side's alert is written once, about him, under the insert-only
 * policy of migration 0018, and never read back: his side learns neither whether he has partners
 * on the service nor how many. Her side's lists expand it to each of his partners' open cases
 * (src/risk/alerts-repository.ts).
 * Returns whether alerts were raised.
 */
export async function raiseForDisclosure(trx: Trx, input: DisclosureRaised): Promise<boolean> {
  const domain = DISCLOSURE_DOMAINS[input.disclosureType];
  if (!domain) {
    return false;
  }
  const latest = await repo.latestRiskAssessment(trx, input.participantId);
  const rating = latest?.ratings[domain];
  if (rating === 'high') {
    return false;
  }
  const disclosed = `Disclosed ${DISCLOSED_WORDS[input.disclosureType]} on ${spokenDate(input.disclosedOn)}`;
  const why = !latest
    ? 'the participant has no risk assessment'
    : rating
      ? `the participant’s risk assessment rated this ${DOMAIN_RATING_LABELS[rating].toLowerCase()}`
      : 'the participant’s risk assessment did not rate this';
  await insertAlert(trx, {
    organisationId: input.organisationId,
    side: 'perpetrator',
    participantId: input.participantId,
    partnerCaseId: null,
    source: 'disclosure',
    disclosureId: input.disclosureId,
    dashAssessmentId: null,
    levelBefore: latest?.overallLevel ?? null,
    levelAfter: null,
    summary: `${disclosed}: ${why} — review the participant’s risk`,
    raisedOn: input.disclosedOn,
  });
  await insertAlert(trx, {
    organisationId: input.organisationId,
    side: 'partner',
    participantId: input.participantId,
    partnerCaseId: null,
    source: 'disclosure',
    disclosureId: input.disclosureId,
    dashAssessmentId: null,
    levelBefore: null,
    levelAfter: null,
    summary: `${disclosed}: the risk may have risen — review the partner’s safety plan`,
    raisedOn: input.disclosedOn,
  });
  return true;
}

export type DashRaised = {
  organisationId: string;
  partnerCaseId: string;
  participantId: string;
  dashAssessmentId: string;
  /** The level that stands: professional judgement's when it raised it, otherwise the score's. */
  finalLevel: DashLevel;
  /** ISO date. */
  completedOn: string;
};

/**
 * A DASH whose final level is higher than her previous DASH's (or her first DASH at medium or high)
 * raises one alert for her worker, on her side only.
 *
 * Deliberately NOT told to his facilitator: her DASH is hers. An alert on his side would tell his
 * workers that she engages with the partner service and what she said, and what his workers know
 * can reach him (Respect standard: nothing about her engagement is ever disclosed to him). When his
 * side must know, her worker shares it through the share ledger (src/sharing), with its basis.
 * The table's own check refuses a DASH alert on his side as well.
 * Returns whether an alert was raised.
 */
export async function raiseForDash(trx: Trx, input: DashRaised): Promise<boolean> {
  const previous = await repo.previousDash(trx, input.partnerCaseId, input.dashAssessmentId, input.completedOn);
  const before = previous ? finalDashLevel(previous.scoreLevel, previous.judgementLevel) : null;
  const raised = before ? dashLevelAbove(input.finalLevel, before) : input.finalLevel !== 'standard';
  if (!raised) {
    return false;
  }
  const on = spokenDate(input.completedOn);
  const after = DASH_LEVEL_LABELS[input.finalLevel].toLowerCase();
  const change = before
    ? `risk raised from ${DASH_LEVEL_LABELS[before].toLowerCase()} to ${after}`
    : `risk identified as ${after}`;
  const next = input.finalLevel === 'high' ? 'consider a MARAC referral' : 'review the partner’s safety plan';
  await insertAlert(trx, {
    organisationId: input.organisationId,
    side: 'partner',
    participantId: input.participantId,
    partnerCaseId: input.partnerCaseId,
    source: 'dash',
    disclosureId: null,
    dashAssessmentId: input.dashAssessmentId,
    levelBefore: before,
    levelAfter: input.finalLevel,
    summary: `DASH on ${on}: ${change} — ${next}`,
    raisedOn: input.completedOn,
  });
  return true;
}

/** raiseForDash for a DASH just saved: src/dash's service calls it in the same transaction. */
export function raiseForRecordedDash(trx: Trx, recorded: RecordedDash): Promise<boolean> {
  return raiseForDash(trx, {
    organisationId: recorded.organisationId,
    partnerCaseId: recorded.partnerCaseId,
    participantId: recorded.participantId,
    dashAssessmentId: recorded.dashId,
    finalLevel: recorded.finalLevel,
    completedOn: recorded.completedOn,
  });
}

/** raiseForDisclosure for a disclosure just saved: src/programme's DisclosureService calls it in the same transaction. */
export function raiseForRecordedDisclosure(trx: Trx, recorded: RecordedDisclosure): Promise<boolean> {
  return raiseForDisclosure(trx, {
    organisationId: recorded.organisationId,
    participantId: recorded.participantId,
    disclosureId: recorded.disclosureId,
    disclosureType: recorded.disclosureType,
    disclosedOn: recorded.disclosedOn,
    createdBy: recorded.createdBy,
  });
}
