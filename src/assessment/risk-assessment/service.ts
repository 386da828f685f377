import { authorize, can, hasSide, listScope, type Action, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { findParticipantCase } from '../../participants/repository.js';
import {
  changedAnswers,
  presentRiskAssessment,
  presentStatus,
  presentVersionItem,
  type RiskAssessmentStatus,
  type RiskAssessmentVersionItem,
  type RiskAssessmentView,
} from './presenters.js';
import * as repo from './repository.js';
import { todayIso, type TRiskAssessmentInput } from './schemas.js';
import { listRiskReviewsDue } from './reviews-repository.js';
import { addDays } from '../../programme/schedule.js';
import { RISK_LEVEL_LABELS } from '../domains.js';

type Origin = { ip: string | null };

/** His name and reference, for the pages' headings. */
export type ForParticipant = { id: string; reference: string; name: string };

export type RiskAssessmentPage = {
  participant: ForParticipant;
  current: RiskAssessmentView | null;
  versions: RiskAssessmentVersionItem[];
};

/** What the risk assessment section of his pages shows (src/assessment/risk-assessment/views/section.njk). */
export type RiskAssessmentSection = { participantId: string; current: RiskAssessmentStatus | null; canRecord: boolean };

/** A risk assessment due for review, as the dashboard lists it: no findings, only the level and the date. */
export type RiskReviewDue = {
  participant: { id: string; reference: string; name: string };
  levelLabel: string;
  reviewOn: string;
  overdue: boolean;
};

/** How far ahead the dashboard looks for risk assessment reviews. */
export const REVIEW_DUE_WITHIN_DAYS = 7;

export { latestRiskAssessment, type LatestRiskAssessment } from './repository.js';

/** Two saves of a new version at once: the second is told to look again rather than failing. */
const versionConflict = () =>
  new ConflictError(
    'Someone else saved a new version of this risk assessment at the same moment. Check the current version and try again.',
  );

/**
 * The expert risk assessment of him, in versions: his side and management only ('assessment.*').
 * The partner side is refused (403) before anything is read; row-level security keeps the tables
 * from anyone else. Every save is a new version; earlier versions are kept and can be read, never
 * changed.
 */
export class RiskAssessmentService {
  constructor(private readonly db: Db) {}

  private async loadParticipant(
    trx: Trx,
    actor: Actor,
    participantId: string,
    action: Action,
  ): Promise<ForParticipant & { organisationId: string }> {
    // Checked before the query too: a user who may not see assessments learns nothing of him here.
    authorize(actor, action);
    const row = await findParticipantCase(trx, participantId);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return {
      id: row.participantId,
      organisationId: row.organisationId,
      reference: row.reference,
      name: `${row.givenName} ${row.familyName}`,
    };
  }

  private heading({ id, reference, name }: ForParticipant): ForParticipant {
    return { id, reference, name };
  }

  /** The current version (null if none) and the list of versions. */
  async view(actor: Actor, participantId: string): Promise<RiskAssessmentPage> {
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.loadParticipant(trx, actor, participantId, 'assessment.view');
      const current = await repo.findCurrentRiskAssessment(trx, participantId);
      const versions = await repo.listRiskAssessmentVersions(trx, participantId);
      return {
        participant: this.heading(participant),
        current: current ? presentRiskAssessment(current) : null,
        versions: versions.map(presentVersionItem),
      };
    });
  }

  /** What the form starts from: his name and the current version, for one who may record a new one. */
  async forNewVersion(
    actor: Actor,
    participantId: string,
  ): Promise<{ participant: ForParticipant; previous: RiskAssessmentView | null }> {
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.loadParticipant(trx, actor, participantId, 'assessment.record');
      const current = await repo.findCurrentRiskAssessment(trx, participantId);
      return { participant: this.heading(participant), previous: current ? presentRiskAssessment(current) : null };
    });
  }

  /** One version, current or earlier, with what it changed from the one before. */
  async version(
    actor: Actor,
    participantId: string,
    version: number,
  ): Promise<{
    participant: ForParticipant;
    assessment: RiskAssessmentView;
    currentVersion: number;
    changedFromPrevious: string[] | null;
  }> {
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.loadParticipant(trx, actor, participantId, 'assessment.view');
      const row = await repo.findRiskAssessmentVersion(trx, participantId, version);
      const current = await repo.findCurrentRiskAssessment(trx, participantId);
      if (!row || !current) {
        throw new NotFoundError();
      }
      const previous = version > 1 ? await repo.findRiskAssessmentVersion(trx, participantId, version - 1) : undefined;
      const assessment = presentRiskAssessment(row);
      return {
        participant: this.heading(participant),
        assessment,
        currentVersion: current.version,
        changedFromPrevious: previous ? changedAnswers(presentRiskAssessment(previous), assessment) : null,
      };
    });
  }

  /** Records a new version with all its domains; earlier versions stay as they were. */
  async record(actor: Actor, participantId: string, input: TRiskAssessmentInput, origin: Origin): Promise<RiskAssessmentView> {
    try {
      return await withActor(this.db, actor, async (trx) => {
        const participant = await this.loadParticipant(trx, actor, participantId, 'assessment.record');
        const saved = await repo.insertRiskAssessmentVersion(trx, {
          organisationId: participant.organisationId,
          participantId,
          assessedBy: actor.userId,
          input,
        });
        // Never the findings or the evidence: the audit log says what was done, not what was written.
        await recordActorEvent(
          trx,
          actor,
          origin,
          'assessment.risk_assessment_recorded',
          { type: 'risk_assessment', id: saved.id },
          { participantId, version: saved.version, overallLevel: input.overallLevel, reviewOn: input.reviewOn },
        );
        const row = await repo.findRiskAssessmentVersion(trx, participantId, saved.version);
        if (!row) {
          throw new NotFoundError();
        }
        return presentRiskAssessment(row);
      });
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === '23505') {
        throw versionConflict();
      }
      throw error;
    }
  }

  /**
   * His current risk assessment in brief (level, review date, overdue) for the section on the
   * assessment page and his case page. Null when the viewer may not see assessments, so the
   * section is left out rather than refused.
   */
  async section(actor: Actor, participantId: string): Promise<RiskAssessmentSection | null> {
    if (!can(actor, 'assessment.view')) {
      return null;
    }
    // The current version only (the band and the overview): the list of versions is the Risk tab's.
    const current = await withActor(this.db, actor, async (trx) => {
      await this.loadParticipant(trx, actor, participantId, 'assessment.view');
      const row = await repo.findCurrentRiskAssessment(trx, participantId);
      return row ? presentRiskAssessment(row) : null;
    });
    return { participantId, current: current ? presentStatus(current) : null, canRecord: can(actor, 'assessment.record') };
  }

  /**
   * The dashboard's "Reviews due" list of his side: the men allocated to the user (every man for
   * management) whose latest risk assessment is due for review within a week or overdue. Null for
   * anyone who may not see assessments (the partner side), so the section is left out.
   */
  async reviewsDue(actor: Actor, today: string = todayIso()): Promise<RiskReviewDue[] | null> {
    if (!can(actor, 'assessment.view')) {
      return null;
    }
    const scope = listScope(actor, 'assessment.view');
    const workerId = hasSide(actor, 'management') ? null : actor.userId;
    const rows = await withActor(this.db, actor, (trx) =>
      listRiskReviewsDue(trx, scope, addDays(today, REVIEW_DUE_WITHIN_DAYS), workerId),
    );
    return rows.map((r) => ({
      participant: { id: r.participantId, reference: r.reference, name: `${r.givenName} ${r.familyName}` },
      levelLabel: RISK_LEVEL_LABELS[r.overallLevel],
      reviewOn: r.reviewOn,
      overdue: r.reviewOn < today,
    }));
  }
}
