import type { ChildLivesWith, ChildProtectionStatus, ChildRelationshipToParticipant } from '../db/schema.js';
import type { ChildRow, ChildWithPartnerDetailsRow } from './repository.js';
import { CHILD_RELATIONSHIP_LABELS, LIVES_WITH_LABELS, PROTECTION_STATUS_LABELS } from './schemas.js';
import { todayInLondon } from '../dates/london.js';

/*
 * Presenters list every field they send. `ChildView` is what both sides see of a child; the
 * partner-side details are only ever in `ChildOnPartnerCase`, built from a partner-side query for
 * the partner side and management.
 */

/** A child as every case-holding side sees them. */
export type ChildView = {
  id: string;
  participantId: string;
  givenName: string | null;
  /** The first name, or words saying it was not given. */
  name: string;
  dateOfBirth: string | null;
  /** The age as given, when no date of birth is known, and the day it was given. */
  ageYears: number | null;
  ageRecordedOn: string | null;
  /** Today's age: from the date of birth, or brought forward from the age given. */
  currentAge: number | null;
  ageLabel: string;
  relationshipToParticipant: ChildRelationshipToParticipant;
  relationshipLabel: string;
  livesWith: ChildLivesWith;
  livesWithLabel: string;
  protectionStatus: ChildProtectionStatus;
  protectionStatusLabel: string;
};

/** Whole years from `from` (an ISO date) to `to`. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

function ageOf(row: ChildRow, today: string): { currentAge: number | null; ageLabel: string } {
  if (row.dateOfBirth) {
    const age = Math.max(0, yearsBetween(row.dateOfBirth, today));
    return { currentAge: age, ageLabel: age === 1 ? '1 year' : `${age} years` };
  }
  if (row.ageYears !== null) {
    const age = row.ageYears + Math.max(0, yearsBetween(row.ageRecordedOn, today));
    return { currentAge: age, ageLabel: `About ${age} ${age === 1 ? 'year' : 'years'}` };
  }
  return { currentAge: null, ageLabel: 'Not known' };
}

export function presentChild(row: ChildRow, today = todayInLondon()): ChildView {
  return {
    id: row.id,
    participantId: row.participantId,
    givenName: row.givenName,
    name: row.givenName ?? 'Name not given',
    dateOfBirth: row.dateOfBirth,
    ageYears: row.dateOfBirth ? null : row.ageYears,
    ageRecordedOn: row.dateOfBirth || row.ageYears === null ? null : row.ageRecordedOn,
    ...ageOf(row, today),
    relationshipToParticipant: row.relationshipToParticipant,
    relationshipLabel: CHILD_RELATIONSHIP_LABELS[row.relationshipToParticipant],
    livesWith: row.livesWith,
    livesWithLabel: LIVES_WITH_LABELS[row.livesWith],
    protectionStatus: row.protectionStatus,
    protectionStatusLabel: PROTECTION_STATUS_LABELS[row.protectionStatus],
  };
}

export type ChildLink = 'this_partner' | 'another_partner' | 'none';

/**
 * A child on her partner case: the shared facts, and the partner-side details. A child linked to
 * another partner of the same participant shows that it is, and nothing that partner's worker
 * recorded: each partner has her own worker (seed 001).
 */
export type ChildOnPartnerCase = ChildView & {
  link: ChildLink;
  linkLabel: string;
  school: string | null;
  notes: string | null;
};

const LINK_LABELS: Record<ChildLink, string> = {
  this_partner: 'Linked to this partner',
  another_partner: 'Linked to another partner',
  none: 'Not linked to a partner',
};

export function presentChildOnPartnerCase(row: ChildWithPartnerDetailsRow, partnerId: string): ChildOnPartnerCase {
  const link: ChildLink =
    row.linkedPartnerId === null ? 'none' : row.linkedPartnerId === partnerId ? 'this_partner' : 'another_partner';
  return {
    ...presentChild(row),
    link,
    linkLabel: LINK_LABELS[link],
    school: link === 'this_partner' ? row.school : null,
    notes: link === 'this_partner' ? row.notes : null,
  };
}
