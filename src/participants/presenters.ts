import type { Gender, PerpetratorCaseStatus } from '../db/schema.js';
import { GENDER_LABELS } from '../people/schemas.js';
import { caseBand, type CaseBand, type CaseTabLink } from '../people/case-band.js';
import type { CaseTab } from '../web/case-sections.js';
import type { NoteRow } from './notes-repository.js';
import type { ParticipantCaseRow } from './repository.js';
import { STATUS_LABELS } from './schemas.js';

/*
 * Presenters list every field they send. These are perpetrator-side records: they hold nothing of
 * any partner case by construction (no partner table is ever joined into them).
 */

/** What every case-holding side may see of him: name, reference, status, who works with him. */
export type ParticipantSummary = {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  /** The name he is known by, if it differs: a name like the others, so every case-holding side sees it. */
  knownAs: string | null;
  status: PerpetratorCaseStatus;
  statusLabel: string;
  allocatedWorkerName: string | null;
  openedOn: string;
};

/**
 * The perpetrator side's and management's view of his case. His contact details and interpreter
 * need are here and never in the summary: the partner side sees of him only what the summary holds.
 */
export type ParticipantCase = ParticipantSummary & {
  dateOfBirth: string | null;
  gender: Gender | null;
  genderLabel: string | null;
  contact: {
    phone: string | null;
    email: string | null;
    addressLine1: string | null;
    addressLine2: string | null;
    town: string | null;
    postcode: string | null;
  };
  interpreterLanguage: string | null;
  allocatedWorkerId: string | null;
  updatedAt: string;
};

export type CaseNote = { id: string; body: string; authorName: string; createdAt: string };

export function presentParticipantSummary(row: ParticipantCaseRow): ParticipantSummary {
  return {
    id: row.participantId,
    reference: row.reference,
    givenName: row.givenName,
    familyName: row.familyName,
    knownAs: row.knownAs,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    allocatedWorkerName: row.allocatedWorkerName,
    openedOn: row.openedOn,
  };
}

export function presentParticipantCase(row: ParticipantCaseRow): ParticipantCase {
  return {
    ...presentParticipantSummary(row),
    dateOfBirth: row.dateOfBirth,
    gender: row.gender,
    genderLabel: row.gender ? GENDER_LABELS[row.gender] : null,
    contact: {
      phone: row.phone,
      email: row.email,
      addressLine1: row.addressLine1,
      addressLine2: row.addressLine2,
      town: row.town,
      postcode: row.postcode,
    },
    interpreterLanguage: row.interpreterLanguage,
    allocatedWorkerId: row.allocatedWorkerId,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentNote(row: NoteRow): CaseNote {
  return { id: row.id, body: row.body, authorName: row.authorName, createdAt: row.createdAt.toISOString() };
}

/** His current risk level as the band shows it (the risk assessment section's `current`, by its shape). */
export type BandRiskAssessment = {
  current: { overallLevelLabel: string; levelTag: { classes: string }; assessedOn: string } | null;
};

/**
 * His case file's header band: his name (and the name he is known by), reference, status and worker
 * to whoever sees his record; his risk level (with its date) only to those who may see assessments;
 * his interpreter need only in the full case. His side records no alerts or duties of its own per case, and the duties to
 * inform a partner are partner-side: the band counts neither, so nothing here hints at a partner.
 */
export function hisCaseBand(
  view: { kind: 'case'; participant: ParticipantCase } | { kind: 'summary'; participant: ParticipantSummary },
  risk: BandRiskAssessment | null,
  tabs: readonly CaseTabLink[],
  current: CaseTab,
): CaseBand {
  const p = view.participant;
  const level = risk?.current ?? null;
  return caseBand({
    kindLabel: 'Participant',
    name: `${p.givenName} ${p.familyName}`,
    knownAs: p.knownAs,
    reference: p.reference,
    statusLabel: p.statusLabel,
    workerName: p.allocatedWorkerName,
    riskShown: risk !== null,
    risk: level
      ? { source: 'risk assessment', label: level.overallLevelLabel, tagClass: level.levelTag.classes, on: level.assessedOn }
      : null,
    openAlerts: null,
    openDuties: null,
    interpreter: view.kind === 'case' ? view.participant.interpreterLanguage : undefined,
    tabs,
    current,
  });
}
