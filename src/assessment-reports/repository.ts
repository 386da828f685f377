import type { Trx } from '../db/database.js';
import type { ReportRecipientKind, ShareBasis } from '../db/schema.js';

/*
 * SQL only. His side's assessment_reports (his suitability and risk assessments are read through
 * src/assessment's own repositories) and, for the partner-side pieces of a report,
 * assessment_report_partner_shares joined to the share ledger: row-level security returns those
 * to the partner side and management only.
 */

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
