import type { Trx } from '../db/database.js';
import type {
  Acknowledgement,
  DomainRating,
  Motivation,
  ReportRecipientKind,
  Responsibility,
  RiskDomain,
  RiskLevel,
  ShareBasis,
  SuitabilityOutcome,
} from '../db/schema.js';

/*
 * SQL only. His side's tables (suitability_assessments, risk_assessments, assessment_reports) and,
 * for the partner-side pieces of a report, assessment_report_partner_shares joined to the share
 * ledger: row-level security returns those to the partner side and management only.
 */

export type SuitabilityRow = {
  id: string;
  organisationId: string;
  participantId: string;
  assessedOn: string;
  acknowledgement: Acknowledgement;
  acknowledgementNotes: string | null;
  responsibility: Responsibility;
  responsibilityNotes: string | null;
  motivation: Motivation;
  motivationNotes: string | null;
  outcome: SuitabilityOutcome;
  reasons: string;
  assessorName: string;
};

export type RiskRow = {
  id: string;
  organisationId: string;
  participantId: string;
  version: number;
  assessedOn: string;
  overallLevel: RiskLevel;
  summary: string;
  managementPlan: string;
  reviewOn: string;
  assessorName: string;
};

export type DomainRow = { domain: RiskDomain; rating: DomainRating; evidence: string | null };

export type ReportRow = {
  id: string;
  organisationId: string;
  participantId: string;
  recipientKind: ReportRecipientKind;
  recipient: string;
  purpose: string;
  suitabilityAssessmentId: string | null;
  riskAssessmentId: string | null;
  findings: string;
  recommendations: string;
  writtenByName: string;
  createdAt: Date;
};

export type PartnerPieceRow = {
  shareId: string;
  information: string;
  basis: ShareBasis;
  sharedAt: Date;
  sharedByName: string;
};

function suitability(trx: Trx) {
  return trx
    .selectFrom('suitability_assessments as s')
    .innerJoin('users', 'users.id', 's.assessed_by')
    .select([
      's.id',
      's.organisation_id as organisationId',
      's.participant_id as participantId',
      's.assessed_on as assessedOn',
      's.acknowledgement',
      's.acknowledgement_notes as acknowledgementNotes',
      's.responsibility',
      's.responsibility_notes as responsibilityNotes',
      's.motivation',
      's.motivation_notes as motivationNotes',
      's.outcome',
      's.reasons',
      'users.display_name as assessorName',
    ]);
}

function risk(trx: Trx) {
  return trx
    .selectFrom('risk_assessments as r')
    .innerJoin('users', 'users.id', 'r.assessed_by')
    .select([
      'r.id',
      'r.organisation_id as organisationId',
      'r.participant_id as participantId',
      'r.version',
      'r.assessed_on as assessedOn',
      'r.overall_level as overallLevel',
      'r.summary',
      'r.management_plan as managementPlan',
      'r.review_on as reviewOn',
      'users.display_name as assessorName',
    ]);
}

/** His suitability assessments, latest first. */
export async function listSuitability(trx: Trx, participantId: string): Promise<SuitabilityRow[]> {
  return suitability(trx)
    .where('s.participant_id', '=', participantId)
    .orderBy('s.assessed_on', 'desc')
    .orderBy('s.created_at', 'desc')
    .execute();
}

/** His risk assessment versions, latest first. */
export async function listRisk(trx: Trx, participantId: string): Promise<RiskRow[]> {
  return risk(trx).where('r.participant_id', '=', participantId).orderBy('r.version', 'desc').execute();
}

export async function findSuitability(trx: Trx, id: string): Promise<SuitabilityRow | undefined> {
  return suitability(trx).where('s.id', '=', id).executeTakeFirst();
}

export async function findRisk(trx: Trx, id: string): Promise<RiskRow | undefined> {
  return risk(trx).where('r.id', '=', id).executeTakeFirst();
}

export async function listDomains(trx: Trx, riskAssessmentId: string): Promise<DomainRow[]> {
  return trx
    .selectFrom('risk_assessment_domains')
    .select(['domain', 'rating', 'evidence'])
    .where('risk_assessment_id', '=', riskAssessmentId)
    .execute();
}

function reports(trx: Trx) {
  return trx
    .selectFrom('assessment_reports as a')
    .innerJoin('users', 'users.id', 'a.written_by')
    .select([
      'a.id',
      'a.organisation_id as organisationId',
      'a.participant_id as participantId',
      'a.recipient_kind as recipientKind',
      'a.recipient',
      'a.purpose',
      'a.suitability_assessment_id as suitabilityAssessmentId',
      'a.risk_assessment_id as riskAssessmentId',
      'a.findings',
      'a.recommendations',
      'users.display_name as writtenByName',
      'a.created_at as createdAt',
    ]);
}

export async function listReports(trx: Trx, participantId: string): Promise<ReportRow[]> {
  return reports(trx).where('a.participant_id', '=', participantId).orderBy('a.created_at', 'desc').execute();
}

/** Unscoped by organisation on purpose: the service checks the record's organisation through the policy. */
export async function findReport(trx: Trx, id: string): Promise<ReportRow | undefined> {
  return reports(trx).where('a.id', '=', id).executeTakeFirst();
}

export async function insertReport(
  trx: Trx,
  values: {
    organisationId: string;
    participantId: string;
    recipientKind: ReportRecipientKind;
    recipient: string;
    purpose: string;
    suitabilityAssessmentId: string | null;
    riskAssessmentId: string | null;
    findings: string;
    recommendations: string;
    writtenBy: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('assessment_reports')
    .values({
      organisation_id: values.organisationId,
      participant_id: values.participantId,
      recipient_kind: values.recipientKind,
      recipient: values.recipient,
      purpose: values.purpose,
      suitability_assessment_id: values.suitabilityAssessmentId,
      risk_assessment_id: values.riskAssessmentId,
      findings: values.findings,
      recommendations: values.recommendations,
      written_by: values.writtenBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The partner-side pieces of a report, each through its share-ledger entry (partner side and management only). */
export async function listPartnerPieces(trx: Trx, organisationId: string, reportId: string): Promise<PartnerPieceRow[]> {
  return trx
    .selectFrom('assessment_report_partner_shares as link')
    .innerJoin('shares', 'shares.id', 'link.share_id')
    .innerJoin('users', 'users.id', 'shares.shared_by')
    .select([
      'shares.id as shareId',
      'shares.information',
      'shares.basis',
      'shares.shared_at as sharedAt',
      'users.display_name as sharedByName',
    ])
    .where('link.organisation_id', '=', organisationId)
    .where('link.assessment_report_id', '=', reportId)
    .orderBy('shares.shared_at')
    .orderBy('shares.id')
    .execute();
}

export async function linkShare(trx: Trx, organisationId: string, reportId: string, shareId: string): Promise<void> {
  await trx
    .insertInto('assessment_report_partner_shares')
    .values({ organisation_id: organisationId, assessment_report_id: reportId, share_id: shareId })
    .execute();
}

export async function organisationName(trx: Trx, organisationId: string): Promise<string> {
  const row = await trx.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  return row?.name ?? '';
}
