import type { ReferralStatus } from '../db/schema.js';
import type { HistoryRow, ReferralRow } from './repository.js';
import { AGENCY_LABELS, CHANNEL_LABELS, COMMUNITY_LABELS, RELATIONSHIP_CONTEXT_LABELS } from './schemas.js';
import { REASONS, REFERRAL_STATUS_LABELS } from './transitions.js';

const label = <K extends string>(labels: Record<K, string>, value: string | null): string | null =>
  value === null ? null : ((labels as Record<string, string>)[value] ?? value);

/** The referral as every case-holding side may see it: nothing of who in the community referred him. */
export type ReferralView = {
  id: string;
  reference: string;
  participant: { id: string; reference: string; name: string; dateOfBirth: string | null };
  channelLabel: string | null;
  sourceLabel: string;
  referrer: { name: string | null; organisation: string | null; phone: string | null; email: string | null } | null;
  reason: string;
  mandated: boolean;
  courtContext: string | null;
  childProtectionContext: string | null;
  area: string | null;
  interpreterLanguage: string | null;
  relationshipContextLabel: string | null;
  receivedOn: string;
  status: ReferralStatus;
  statusLabel: string;
};

export function presentReferral(row: ReferralRow): ReferralView {
  const sourceLabel =
    row.source === 'agency'
      ? `Agency: ${label(AGENCY_LABELS, row.agencyType) ?? 'not recorded'}`
      : row.source === 'self'
        ? 'Self-referral'
        : 'Community referral (who referred is held by the partner support service)';
  return {
    id: row.id,
    reference: row.reference,
    participant: {
      id: row.participantId,
      reference: row.participantReference,
      name: `${row.givenName} ${row.familyName}`,
      dateOfBirth: row.dateOfBirth,
    },
    channelLabel: label(CHANNEL_LABELS, row.channel),
    sourceLabel,
    // A referrer's contact details are kept for agencies and self-referrals only.
    referrer:
      row.source === 'community'
        ? null
        : { name: row.referrerName, organisation: row.referrerOrganisation, phone: row.referrerPhone, email: row.referrerEmail },
    reason: row.reason,
    mandated: row.mandated,
    courtContext: row.courtContext,
    childProtectionContext: row.childProtectionContext,
    area: row.area,
    interpreterLanguage: row.interpreterLanguage,
    relationshipContextLabel: label(RELATIONSHIP_CONTEXT_LABELS, row.relationshipContext),
    receivedOn: row.receivedOn,
    status: row.status,
    statusLabel: REFERRAL_STATUS_LABELS[row.status],
  };
}

export type HistoryEntry = {
  toStatusLabel: string;
  reasonLabel: string;
  note: string | null;
  changedByName: string | null;
  changedAt: string;
};

export function presentHistory(row: HistoryRow): HistoryEntry {
  return {
    toStatusLabel: REFERRAL_STATUS_LABELS[row.toStatus],
    reasonLabel: REASONS[row.toStatus][row.reasonCode] ?? row.reasonCode,
    note: row.note,
    changedByName: row.changedByName,
    changedAt: row.changedAt.toISOString(),
  };
}

/** Partner-side: who in the community referred him. */
export type CommunitySourceView = {
  relationshipLabel: string | null;
  name: string | null;
  phone: string | null;
  safeToContact: string | null;
  /** What they told us: partner-side, like her worker's notes. */
  account: string | null;
};

export function presentCommunitySource(row: {
  relationship: string;
  name: string | null;
  phone: string | null;
  safeToContact: string | null;
  account: string | null;
}): CommunitySourceView {
  return {
    relationshipLabel: label(COMMUNITY_LABELS, row.relationship),
    name: row.name,
    phone: row.phone,
    safeToContact: row.safeToContact,
    account: row.account,
  };
}
