import { authorizePartnerSide, type Action, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import type { DashAnswer, DashLevel } from '../db/schema.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findPartnerCase } from '../partner-support/repository.js';
import { presentDash, presentDashSummary, type DashSummary, type DashView } from './presenters.js';
import { dashLevelAbove, finalDashLevel, levelForYesCount } from './questions.js';
import * as repo from './repository.js';
import { JUDGEMENT_CANNOT_LOWER, QUESTION_NUMBERS, type TDashInput } from './schemas.js';
import { todayInLondon } from '../dates/london.js';

type Origin = { ip: string | null };

/** Her case as the DASH pages head it; `hisGivenName` fills "(...)" in the questions. */
export type DashCase = { id: string; reference: string; partnerName: string; participantName: string; hisGivenName: string };

type LoadedCase = DashCase & { organisationId: string; participantId: string };

/**
 * What a saved DASH is, in one place, for whatever must follow in the same transaction
 * (escalation alerts, src/risk): which DASH, whose case, his record, and the level that stands.
 */
export type RecordedDash = {
  dashId: string;
  organisationId: string;
  partnerCaseId: string;
  participantId: string;
  /** ISO date. */
  completedOn: string;
  yesCount: number;
  scoreLevel: DashLevel;
  judgementLevel: DashLevel | null;
  finalLevel: DashLevel;
  policeCalloutsPastYear: number | null;
};

/**
 * What follows a saved DASH in the same transaction: src/risk's escalation alerts
 * (raiseForRecordedDash), passed in where the service is built (src/app), so the DASH imports no
 * src/risk.
 */
export type AfterDashRecorded = (trx: Trx, recorded: RecordedDash) => Promise<unknown>;

/** What her case page shows: the latest DASH's level and date, no answers. */
export type DashStatus = { latest: DashSummary | null; count: number };

const today = (): string => todayInLondon();

/** The yes count and the level it gives, from the answers alone. */
export function scoreDash(answers: Record<string, DashAnswer>): { yesCount: number; scoreLevel: DashLevel } {
  const yesCount = QUESTION_NUMBERS.filter((n) => answers[String(n)] === 'yes').length;
  return { yesCount, scoreLevel: levelForYesCount(yesCount) };
}

/**
 * The DASH risk identification checklist with her. Partner side and management only: anyone else
 * is told "not found" (authorizePartnerSide), and every read is audited as 'dash.viewed'.
 */
export class DashService {
  constructor(
    private readonly db: Db,
    private readonly afterDashRecorded: AfterDashRecorded,
  ) {}

  private async loadCase(trx: Trx, actor: Actor, caseId: string, action: Action): Promise<LoadedCase> {
    // Checked before the query too: his side learns nothing, not even from timing.
    authorizePartnerSide(actor, action);
    const row = await findPartnerCase(trx, caseId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, row);
    return {
      id: row.caseId,
      organisationId: row.organisationId,
      participantId: row.participantId,
      reference: row.reference,
      partnerName: `${row.givenName} ${row.familyName}`,
      participantName: `${row.participantGivenName} ${row.participantFamilyName}`,
      hisGivenName: row.participantGivenName,
    };
  }

  private heading({ id, reference, partnerName, participantName, hisGivenName }: LoadedCase): DashCase {
    return { id, reference, partnerName, participantName, hisGivenName };
  }

  private async audit(trx: Trx, actor: Actor, origin: Origin, dashId: string | undefined, caseId: string, purpose: string) {
    await recordActorEvent(
      trx,
      actor,
      origin,
      'dash.viewed',
      { type: 'dash_assessment', id: dashId },
      { partnerCaseId: caseId, purpose },
    );
  }

  /** Her case's heading for the DASH form pages (nothing of any DASH is read). */
  async caseForForm(actor: Actor, caseId: string): Promise<DashCase> {
    return withActor(this.db, actor, async (trx) => this.heading(await this.loadCase(trx, actor, caseId, 'dash.record')));
  }

  /** Her DASHes over time, newest first. */
  async list(actor: Actor, caseId: string, origin: Origin): Promise<{ partnerCase: DashCase; dashes: DashSummary[] }> {
    return withActor(this.db, actor, async (trx) => {
      const partnerCase = await this.loadCase(trx, actor, caseId, 'dash.view');
      const rows = await repo.listDashesForCase(trx, caseId);
      await this.audit(trx, actor, origin, undefined, caseId, 'list');
      return { partnerCase: this.heading(partnerCase), dashes: rows.map(presentDashSummary) };
    });
  }

  /** One DASH with its answers; `caseId` when asked for from her case's address (it must match). */
  async view(actor: Actor, dashId: string, origin: Origin, caseId?: string): Promise<{ partnerCase: DashCase; dash: DashView }> {
    return withActor(this.db, actor, async (trx) => {
      authorizePartnerSide(actor, 'dash.view');
      const row = await repo.dashWithAnswers(trx, dashId);
      if (!row || (caseId !== undefined && row.partnerCaseId !== caseId)) {
        throw new NotFoundError();
      }
      const partnerCase = await this.loadCase(trx, actor, row.partnerCaseId, 'dash.view');
      await this.audit(trx, actor, origin, dashId, row.partnerCaseId, 'view');
      return { partnerCase: this.heading(partnerCase), dash: presentDash(row, partnerCase.hisGivenName) };
    });
  }

  /**
   * Records a DASH. The yes count and the level are computed here; professional judgement may
   * only raise the level (the database refuses a lower one too).
   */
  async record(actor: Actor, caseId: string, input: TDashInput, origin: Origin): Promise<DashView> {
    const { yesCount, scoreLevel } = scoreDash(input.answers);
    const completedOn = input.completedOn ?? today();
    return withActor(this.db, actor, async (trx) => {
      const partnerCase = await this.loadCase(trx, actor, caseId, 'dash.record');
      // After access is checked, so anyone outside her side is told only "not found".
      if (input.judgementLevel !== null && !dashLevelAbove(input.judgementLevel, scoreLevel)) {
        throw new InvalidInputError(JUDGEMENT_CANNOT_LOWER, { judgementLevel: JUDGEMENT_CANNOT_LOWER });
      }
      const dashId = await repo.insertDash(trx, {
        organisationId: partnerCase.organisationId,
        partnerCaseId: caseId,
        completedOn,
        safeToTalk: input.safeToTalk,
        safeContactChecked: input.safeContactChecked,
        hisWhereabouts: input.hisWhereabouts,
        childrenWhereabouts: input.childrenWhereabouts,
        yesCount,
        scoreLevel,
        judgementLevel: input.judgementLevel,
        judgementReasons: input.judgementLevel === null ? null : input.judgementReasons,
        policeCalloutsPastYear: input.policeCalloutsPastYear,
        herViewOfRisk: input.herViewOfRisk,
        completedBy: actor.userId,
        answers: Object.fromEntries(
          QUESTION_NUMBERS.map((n) => [
            n,
            { answer: input.answers[String(n)] ?? 'dont_know', comment: input.comments[String(n)] ?? null },
          ]),
        ),
      });
      const recorded: RecordedDash = {
        dashId,
        organisationId: partnerCase.organisationId,
        partnerCaseId: caseId,
        participantId: partnerCase.participantId,
        completedOn,
        yesCount,
        scoreLevel,
        judgementLevel: input.judgementLevel,
        finalLevel: finalDashLevel(scoreLevel, input.judgementLevel),
        policeCalloutsPastYear: input.policeCalloutsPastYear,
      };
      await recordActorEvent(
        trx,
        actor,
        origin,
        'dash.recorded',
        { type: 'dash_assessment', id: dashId },
        { partnerCaseId: caseId },
      );
      await this.afterRecorded(trx, actor, recorded, origin);
      const saved = await repo.dashWithAnswers(trx, dashId);
      if (!saved) {
        throw new NotFoundError();
      }
      return presentDash(saved, partnerCase.hisGivenName);
    });
  }

  /**
   * What follows a saved DASH, in the same transaction (so both commit or neither): escalation
   * alerts are raised here from `recorded` (src/risk's raiseForRecordedDash).
   */
  private async afterRecorded(trx: Trx, _actor: Actor, recorded: RecordedDash, _origin: Origin): Promise<void> {
    // A level higher than her previous DASH's raises an alert for her worker only, never his side:
    // her DASH is hers (src/risk/escalation.ts says why).
    await this.afterDashRecorded(trx, recorded);
  }

  /** For her case page: the latest DASH's level and date, and how many there are (audited as a read). */
  async statusForCase(actor: Actor, caseId: string, origin: Origin): Promise<DashStatus> {
    return withActor(this.db, actor, async (trx) => {
      await this.loadCase(trx, actor, caseId, 'dash.view');
      const rows = await repo.listDashesForCase(trx, caseId);
      const latest = rows[0];
      if (latest) {
        await this.audit(trx, actor, origin, latest.id, caseId, 'case_page');
      }
      return { latest: latest ? presentDashSummary(latest) : null, count: rows.length };
    });
  }
}
