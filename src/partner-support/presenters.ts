import { visibleAddress, type Actor } from '../access/index.js';
import type { Gender, PartnerCaseStatus, PartnerRelationship, PerpetratorCaseStatus } from '../db/schema.js';
import { STATUS_LABELS } from '../participants/schemas.js';
import { GENDER_LABELS } from '../people/schemas.js';
import { caseBand, DASH_LEVEL_TAGS, type CaseBand, type CaseTabLink } from '../people/case-band.js';
import type { CaseTab } from '../web/case-sections.js';
import type { PartnerNoteRow } from './notes-repository.js';
import type { PartnerCaseRow } from './repository.js';
import { PARTNER_CASE_STATUS_LABELS, RELATIONSHIP_LABELS } from './schemas.js';

/*
 * Partner-side presenters. Only the partner support service and management ever receive these
 * (src/access/policy.ts); no perpetrator-side presenter imports this file.
 */

export type PartnerCaseListItem = {
  id: string;
  reference: string;
  partnerName: string;
  /** The name she is known by, if it is not her first name. */
  knownAs: string | null;
  relationship: PartnerRelationship;
  relationshipLabel: string;
  status: PartnerCaseStatus;
  statusLabel: string;
  allocatedWorkerName: string | null;
  participant: { id: string; reference: string; name: string };
};

export type PartnerCaseDetail = PartnerCaseListItem & {
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  gender: Gender | null;
  genderLabel: string | null;
  relationshipStartedOn: string | null;
  relationshipEndedOn: string | null;
  allocatedWorkerId: string | null;
  openedOn: string;
  updatedAt: string;
  contact: {
    phone: string | null;
    email: string | null;
    addressLine1: string | null;
    addressLine2: string | null;
    town: string | null;
    postcode: string | null;
    /** Sealed (a refuge): only her allocated worker sees it (src/access/sealed-address.ts). */
    addressSealed: boolean;
    /** Sealed and withheld from this user: "Address sealed" and the break-the-glass action instead. */
    addressWithheld: boolean;
  };
  safeContact: {
    safePhone: string | null;
    safeTimes: string | null;
    messageMayBeLeft: boolean;
    codeWord: string | null;
  };
  /** The language she needs an interpreter for (null: none needed). */
  interpreterLanguage: string | null;
  /** What the Respect standard lets her worker know of him: his status (attendance comes with the programme). */
  participantStatus: PerpetratorCaseStatus | null;
  participantStatusLabel: string | null;
};

export type PartnerNote = { id: string; body: string; authorName: string; createdAt: string };

export function presentPartnerCaseListItem(row: PartnerCaseRow): PartnerCaseListItem {
  return {
    id: row.caseId,
    reference: row.reference,
    partnerName: `${row.givenName} ${row.familyName}`,
    knownAs: row.knownAs,
    relationship: row.relationship,
    relationshipLabel: RELATIONSHIP_LABELS[row.relationship],
    status: row.status,
    statusLabel: PARTNER_CASE_STATUS_LABELS[row.status],
    allocatedWorkerName: row.allocatedWorkerName,
    participant: {
      id: row.participantId,
      reference: row.participantReference,
      name: `${row.participantGivenName} ${row.participantFamilyName}`,
    },
  };
}

export function presentPartnerCaseDetail(row: PartnerCaseRow, actor: Pick<Actor, 'userId'>): PartnerCaseDetail {
  return {
    ...presentPartnerCaseListItem(row),
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth,
    gender: row.gender,
    genderLabel: row.gender ? GENDER_LABELS[row.gender] : null,
    relationshipStartedOn: row.relationshipStartedOn,
    relationshipEndedOn: row.relationshipEndedOn,
    allocatedWorkerId: row.allocatedWorkerId,
    openedOn: row.openedOn,
    updatedAt: row.updatedAt.toISOString(),
    contact: {
      phone: row.phone,
      email: row.email,
      ...visibleAddress(actor, row, {
        addressLine1: row.addressLine1,
        addressLine2: row.addressLine2,
        town: row.town,
        postcode: row.postcode,
      }),
    },
    safeContact: {
      safePhone: row.safePhone,
      safeTimes: row.safeTimes,
      messageMayBeLeft: row.messageMayBeLeft,
      codeWord: row.codeWord,
    },
    interpreterLanguage: row.interpreterLanguage,
    participantStatus: row.participantStatus,
    participantStatusLabel: row.participantStatus ? STATUS_LABELS[row.participantStatus] : null,
  };
}

export function presentPartnerNote(row: PartnerNoteRow): PartnerNote {
  return { id: row.id, body: row.body, authorName: row.authorName, createdAt: row.createdAt.toISOString() };
}

/**
 * What her header band reads of the sections every tab reads (src/app/case-sections.ts), in the
 * shapes their capabilities answer; a section the viewer may not see is null.
 */
export type HerBandSections = {
  contactRules: { rules: readonly string[] } | null;
  dashStatus: { latest: { finalLevel: string; finalLevelLabel: string; completedOn: string } | null } | null;
  programme: { alerts: readonly unknown[] } | null;
  duties: ReadonlyArray<{ done: unknown }> | null;
};

/**
 * Her case file's header band: her name, reference, status and worker; her latest DASH level with
 * its date (to those who may see DASHes), the alerts not yet seen and the duties to inform her
 * still open, her safe-contact rules, the name she is known by and her interpreter need. Her case is
 * partner-side: only the partner side and management are ever given it (src/access/policy.ts).
 */
export function herCaseBand(
  c: PartnerCaseDetail,
  sections: HerBandSections,
  dashShown: boolean,
  tabs: readonly CaseTabLink[],
  current: CaseTab,
): CaseBand {
  const dash = dashShown ? (sections.dashStatus?.latest ?? null) : null;
  return caseBand({
    kindLabel: 'Partner case',
    name: c.partnerName,
    knownAs: c.knownAs,
    reference: c.reference,
    statusLabel: c.statusLabel,
    workerName: c.allocatedWorkerName,
    riskShown: dashShown,
    risk: dash
      ? { source: 'DASH', label: dash.finalLevelLabel, tagClass: DASH_LEVEL_TAGS[dash.finalLevel] ?? '', on: dash.completedOn }
      : null,
    openAlerts: sections.programme ? sections.programme.alerts.length : null,
    openDuties: sections.duties ? sections.duties.filter((d) => !d.done).length : null,
    interpreter: c.interpreterLanguage,
    safeContactRules: sections.contactRules?.rules ?? null,
    tabs,
    current,
  });
}
