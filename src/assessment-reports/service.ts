import { authorize, authorizePartnerSide, can, listScope, type Action, type Actor } from '../access/index.js';
import { RISK_LEVEL_LABELS } from '../assessment/domains.js';
import {
  findRiskAssessment,
  listRiskAssessmentVersions,
  type RiskAssessmentVersionSummary,
} from '../assessment/risk-assessment/repository.js';
import { findSuitabilityAssessment, listSuitabilityAssessments } from '../assessment/suitability/repository.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findParticipantCase, type ParticipantCaseRow } from '../participants/repository.js';
import { findPartnerCase, listPartnerCasesOfParticipant } from '../partner-support/repository.js';
import { insertShare } from '../sharing/repository.js';
import { formatDate } from '../web/filters.js';
import {
  prefillFindings,
  prefillRecommendations,
  presentListItem,
  presentParticipant,
  presentPartnerPiece,
  presentRisk,
  presentSuitability,
  type ReportListItem,
  type ReportParticipant,
  type ReportView,
  type SuitabilityView,
} from './presenters.js';
import * as repo from './repository.js';
import type { TPartnerInformationInput, TReportInput } from './schemas.js';

type Origin = { ip: string | null };

export type AssessmentOption = { id: string; text: string };
export type PartnerCaseOption = { id: string; text: string };

/** What the new-report form starts from: his assessments, which are chosen, and the text pre-filled from them. */
export type ReportDraft = {
  participant: ReportParticipant;
  suitabilityOptions: AssessmentOption[];
  riskOptions: AssessmentOption[];
  suitabilityAssessmentId: string | null;
  riskAssessmentId: string | null;
  findings: string;
  recommendations: string;
};

/** Which assessments to draw on: undefined for the latest of each, null for none. */
export type DraftChoice = { suitabilityAssessmentId?: string | null; riskAssessmentId?: string | null };

/**
 * Assessment reports for the referrer (court, children's services, probation): his side's record,
 * written from his suitability and risk assessments, never rewritten (a correction is a new
 * report). Partner-side information enters a report only through the share ledger, added by
 * management with its basis; his side never sees it, nor that there is any.
 */
export class AssessmentReportService {
  constructor(private readonly db: Db) {}

  private async participant(trx: Trx, actor: Actor, participantId: string, action: Action): Promise<ParticipantCaseRow> {
    // The partner side is refused before anything is read.
    authorize(actor, action);
    const row = await findParticipantCase(trx, participantId);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return row;
  }

  async list(actor: Actor, participantId: string): Promise<{ participant: ReportParticipant; reports: ReportListItem[] }> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'assessmentReport.view');
      const reports = await repo.listReports(trx, participantId);
      return { participant: presentParticipant(row), reports: reports.map(presentListItem) };
    });
  }

  private async chosen(trx: Trx, participantId: string, input: DraftChoice) {
    const suitabilityRows = await listSuitabilityAssessments(trx, participantId);
    const riskRows = await listRiskAssessmentVersions(trx, participantId);
    const pick = <T extends { id: string }>(rows: T[], id: string | null | undefined): T | null =>
      id === undefined ? (rows[0] ?? null) : (rows.find((r) => r.id === id) ?? null);
    const suitability = pick(suitabilityRows, input.suitabilityAssessmentId);
    const picked = pick(riskRows, input.riskAssessmentId);
    const risk = picked ? await findRiskAssessment(trx, picked.id) : undefined;
    return {
      suitabilityRows,
      riskRows,
      suitability: suitability ? presentSuitability(suitability) : null,
      risk: risk ? presentRisk(risk) : null,
    };
  }

  /** The form's starting point; the text is pre-filled from the chosen assessments (the latest of each by default). */
  async draft(actor: Actor, participantId: string, choice: DraftChoice = {}): Promise<ReportDraft> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'assessmentReport.write');
      const { suitabilityRows, riskRows, suitability, risk } = await this.chosen(trx, participantId, choice);
      return {
        participant: presentParticipant(row),
        suitabilityOptions: suitabilityRows.map((s) => ({ id: s.id, text: suitabilityOptionText(presentSuitability(s)) })),
        riskOptions: riskRows.map((r) => ({ id: r.id, text: riskOptionText(r) })),
        suitabilityAssessmentId: suitability?.id ?? null,
        riskAssessmentId: risk?.id ?? null,
        findings: prefillFindings(suitability, risk),
        recommendations: prefillRecommendations(suitability, risk),
      };
    });
  }

  async write(actor: Actor, participantId: string, input: TReportInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.participant(trx, actor, participantId, 'assessmentReport.write');
      const fields: Record<string, string> = {};
      const suitabilityId = input.suitabilityAssessmentId ?? null;
      const riskId = input.riskAssessmentId ?? null;
      if (suitabilityId && (await findSuitabilityAssessment(trx, suitabilityId))?.participantId !== participantId) {
        fields.suitabilityAssessmentId = 'Select one of this participant’s suitability assessments';
      }
      if (riskId && (await findRiskAssessment(trx, riskId))?.participantId !== participantId) {
        fields.riskAssessmentId = 'Select one of this participant’s risk assessments';
      }
      if (Object.keys(fields).length > 0) {
        throw new InvalidInputError('Check the highlighted answers', fields);
      }
      const id = await repo.insertReport(trx, {
        organisationId: row.organisationId,
        participantId,
        recipientKind: input.recipientKind,
        recipient: input.recipient,
        purpose: input.purpose,
        suitabilityAssessmentId: suitabilityId,
        riskAssessmentId: riskId,
        findings: input.findings,
        recommendations: input.recommendations,
        writtenBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'assessment.report_written',
        { type: 'assessment_report', id },
        { participantId, recipientKind: input.recipientKind, suitabilityAssessmentId: suitabilityId, riskAssessmentId: riskId },
      );
      return id;
    });
  }

  /**
   * One report as the viewer may read it, audited: a download as 'assessment.report_downloaded',
   * any other read as 'assessment.report_viewed', with how many partner-side pieces it showed.
   */
  async view(
    actor: Actor,
    reportId: string,
    origin: Origin,
    purpose: 'page' | 'api' | 'pdf',
    participantId?: string,
  ): Promise<ReportView> {
    return withActor(this.db, actor, async (trx) => {
      authorize(actor, 'assessmentReport.view');
      const report = await repo.findReport(trx, reportId);
      // A page address names him too: a report of another man under it is not found.
      if (!report || (participantId !== undefined && report.participantId !== participantId)) {
        throw new NotFoundError();
      }
      authorize(actor, 'assessmentReport.view', report);
      const participant = await this.participant(trx, actor, report.participantId, 'assessmentReport.view');
      const suitability = report.suitabilityAssessmentId
        ? await findSuitabilityAssessment(trx, report.suitabilityAssessmentId)
        : undefined;
      const risk = report.riskAssessmentId ? await findRiskAssessment(trx, report.riskAssessmentId) : undefined;
      // Her side's pieces only for those who may read them; row-level security hides them from his side as well.
      const pieces = can(actor, 'assessmentReport.includePartnerInformation')
        ? await repo.listPartnerPieces(trx, actor.organisationId, reportId)
        : [];
      await recordActorEvent(
        trx,
        actor,
        origin,
        purpose === 'pdf' ? 'assessment.report_downloaded' : 'assessment.report_viewed',
        { type: 'assessment_report', id: reportId },
        { participantId: report.participantId, purpose, partnerInformation: pieces.length },
      );
      return {
        id: report.id,
        organisationName: await repo.organisationName(trx, actor.organisationId),
        participant: presentParticipant(participant),
        recipientKind: report.recipientKind,
        recipientKindLabel: presentListItem(report).recipientKindLabel,
        recipient: report.recipient,
        purpose: report.purpose,
        writtenAt: report.createdAt.toISOString(),
        writtenByName: report.writtenByName,
        suitability: suitability ? presentSuitability(suitability) : null,
        risk: risk ? presentRisk(risk) : null,
        findings: report.findings,
        recommendations: report.recommendations,
        partnerInformation: pieces.map(presentPartnerPiece),
      };
    });
  }

  /** The partner cases linked to him, for management's "Add information" form; null for anyone else. */
  async partnerCaseOptions(actor: Actor, participantId: string, origin: Origin): Promise<PartnerCaseOption[] | null> {
    if (!can(actor, 'assessmentReport.includePartnerInformation')) {
      return null;
    }
    return withActor(this.db, actor, async (trx) => {
      const rows = await listPartnerCasesOfParticipant(trx, listScope(actor, 'partnerCase.list'), participantId);
      if (rows.length > 0) {
        // Her name and reference are partner-side: the read is audited as the partner-case list is.
        await recordActorEvent(
          trx,
          actor,
          origin,
          'partner_case.listed',
          { type: 'participant', id: participantId },
          { partnerCaseIds: rows.map((r) => r.caseId), purpose: 'assessment_report' },
        );
      }
      return rows.map((r) => ({ id: r.caseId, text: `${r.givenName} ${r.familyName} (${r.reference})` }));
    });
  }

  /**
   * Puts a piece of partner-side information into a report, in one transaction: a share-ledger entry
   * (outside, from her case, to the report's recipient, with its basis) and its link to the report.
   * "Not found" to anyone but management, as for every partner-side record.
   */
  async addPartnerInformation(actor: Actor, reportId: string, input: TPartnerInformationInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      authorizePartnerSide(actor, 'assessmentReport.includePartnerInformation');
      const report = await repo.findReport(trx, reportId);
      if (!report) {
        throw new NotFoundError();
      }
      authorizePartnerSide(actor, 'assessmentReport.includePartnerInformation', report);
      const partnerCase = await findPartnerCase(trx, input.partnerCaseId);
      if (
        !partnerCase ||
        partnerCase.organisationId !== actor.organisationId ||
        partnerCase.participantId !== report.participantId
      ) {
        throw new InvalidInputError('Check the highlighted answers', {
          partnerCaseId: 'Select one of this participant’s partners’ cases',
        });
      }
      const shareId = await insertShare(trx, {
        organisationId: actor.organisationId,
        direction: 'outside',
        originSide: 'partner',
        participantId: report.participantId,
        partnerCaseId: partnerCase.caseId,
        recipient: report.recipient,
        information: input.information,
        basis: input.basis,
        reason: input.reason,
        sharedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'share.recorded',
        { type: 'share', id: shareId },
        { subject: 'partnerCase', subjectId: partnerCase.caseId, direction: 'outside', basis: input.basis },
      );
      await repo.linkShare(trx, actor.organisationId, reportId, shareId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'assessment.report_partner_information_added',
        { type: 'assessment_report', id: reportId },
        { shareId, partnerCaseId: partnerCase.caseId, basis: input.basis },
      );
      return shareId;
    });
  }
}

function suitabilityOptionText(s: SuitabilityView): string {
  return `${formatDate(s.assessedOn)}: ${s.outcomeLabel}`;
}

function riskOptionText(r: RiskAssessmentVersionSummary): string {
  return `Version ${r.version}, ${formatDate(r.assessedOn)}: overall ${RISK_LEVEL_LABELS[r.overallLevel].toLowerCase()}`;
}
