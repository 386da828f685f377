import type { Actor } from './actor.js';
import { can } from './policy.js';

/**
 * The risk picture links a case page shows (src/risk's pages), as the policy allows: its own side's
 * picture, and the combined one for management.
 */
export type RiskPictureLinks = { side: string | null; combined: string | null } | null;

/** For his case page. */
export function hisRiskPictureLinks(actor: Actor, participantId: string): RiskPictureLinks {
  return links(
    can(actor, 'riskPicture.viewHisSide') ? `/participants/${participantId}/risk-picture` : null,
    actor,
    participantId,
  );
}

/** For her case page. */
export function herRiskPictureLinks(actor: Actor, partnerCaseId: string, participantId: string): RiskPictureLinks {
  return links(
    can(actor, 'riskPicture.viewHerSide') ? `/partner-cases/${partnerCaseId}/risk-picture` : null,
    actor,
    participantId,
  );
}

function links(side: string | null, actor: Actor, participantId: string): RiskPictureLinks {
  const combined = can(actor, 'riskPicture.viewCombined') ? `/risk-picture/${participantId}` : null;
  return side || combined ? { side, combined } : null;
}
