// His caseload's search and filters as the policy lets each viewer use them, and the choices the page offers.
import { can, type Actor } from '../access/index.js';
import type { PerpetratorCaseStatus, RiskLevel } from '../db/schema.js';
import type { readCaseloadParams } from '../people/caseload-search.js';
import { PERPETRATOR_CASE_STATUSES, STATUS_LABELS } from './schemas.js';
import { HIS_RISK_LEVELS } from './service.js';

export const HIS_RISK_LABELS: Record<RiskLevel, string> = {
  standard: 'Standard',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
};

/**
 * What this viewer may filter his caseload by: his risk level and his group are his side's and
 * management's (the partner side is told his status, not his assessment or roster), and so is his
 * first-contact clock. The partner side may still find him by name or reference.
 */
export function participantCaseloadRights(
  actor: Actor,
): Parameters<typeof readCaseloadParams<PerpetratorCaseStatus, RiskLevel>>[1] {
  return {
    statuses: PERPETRATOR_CASE_STATUSES,
    risks: can(actor, 'assessment.view') ? HIS_RISK_LEVELS : null,
    group: can(actor, 'enrolment.view'),
    overdue: can(actor, 'participant.logContact'),
    refused: {
      risk: 'Filtering by risk level is for the programme team and managers',
      group: 'Filtering by group is for the programme team and managers',
      overdue: 'Filtering by overdue first contact is for the programme team and managers',
    },
  };
}

/** What the search box finds him by for this viewer: his date of birth, phone and postcode only where they see them. */
export function participantSearchHint(actor: Actor): string {
  return can(actor, 'participant.viewNotes')
    ? 'Name, reference (PA-1042), date of birth, phone or postcode'
    : 'Name or reference (PA-1042)';
}

export const participantStatusChoices = PERPETRATOR_CASE_STATUSES.map((value) => ({
  value: value as PerpetratorCaseStatus,
  text: STATUS_LABELS[value],
}));

export const participantRiskChoices = HIS_RISK_LEVELS.map((value) => ({ value, text: HIS_RISK_LABELS[value] }));
