import { authorizePartnerSide, can, hasSide, listScope, type Action, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { ForPartnerCase } from '../children/partner-details-service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { findPartnerCase } from '../partner-support/repository.js';
import {
  changedAnswers,
  presentSafetyPlan,
  presentVersionItem,
  type SafetyPlanVersionItem,
  type SafetyPlanView,
} from './presenters.js';
import * as repo from './repository.js';
import { todayIso, type TSafetyPlanInput } from './schemas.js';

type Origin = { ip: string | null };

export type SafetyPlanPage = { partnerCase: ForPartnerCase; current: SafetyPlanView | null; versions: SafetyPlanVersionItem[] };

/** What her case page shows of the plan: no contents, only whether one exists and when it is due for review. */
export type SafetyPlanStatus = { version: number; reviewOn: string; reviewOverdue: boolean } | null;

/** A safety plan whose review date has passed, as the dashboard lists it: no contents of the plan. */
export type OverduePlanReview = {
  partnerCase: { id: string; reference: string; name: string };
  workerName: string | null;
  reviewOn: string;
};

/**
 * Her safety plan. Partner side and management only: anyone else is told "not found"
 * (authorizePartnerSide), and every read of the plan is audited as a partner-side read. Every
 * save is a new version; earlier versions are kept and can be read, never changed.
 */
export class SafetyPlanService {
  constructor(private readonly db: Db) {}

  private async loadCase(
    trx: Trx,
    actor: Actor,
    caseId: string,
    action: Action,
  ): Promise<ForPartnerCase & { organisationId: string }> {
    // Checked before the query too: the perpetrator side learns nothing, not even from timing.
    authorizePartnerSide(actor, action);
    const row = await findPartnerCase(trx, caseId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, row);
    return {
      id: row.caseId,
      organisationId: row.organisationId,
      reference: row.reference,
      partnerName: `${row.givenName} ${row.familyName}`,
      participantName: `${row.participantGivenName} ${row.participantFamilyName}`,
    };
  }

  private heading({ id, reference, partnerName, participantName }: ForPartnerCase): ForPartnerCase {
    return { id, reference, partnerName, participantName };
  }

  /** The current plan and the list of versions; `purpose` says which page read it (audited). */
  async view(actor: Actor, caseId: string, origin: Origin, purpose: 'view' | 'print' | 'edit' = 'view'): Promise<SafetyPlanPage> {
    return withActor(this.db, actor, async (trx) => {
      const partnerCase = await this.loadCase(trx, actor, caseId, 'partnerCase.viewSafetyPlan');
      const current = await repo.findCurrentPlan(trx, caseId);
      const versions = await repo.listPlanVersions(trx, caseId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.safety_plan_viewed',
        { type: 'partner_case', id: caseId },
        { version: current?.version ?? null, purpose },
      );
      return {
        partnerCase: this.heading(partnerCase),
        current: current ? presentSafetyPlan(current) : null,
        versions: versions.map(presentVersionItem),
      };
    });
  }

  /** One earlier (or the current) version, read in full. */
  async version(
    actor: Actor,
    caseId: string,
    version: number,
    origin: Origin,
  ): Promise<{
    partnerCase: ForPartnerCase;
    plan: SafetyPlanView;
    currentVersion: number;
    changedFromPrevious: string[] | null;
  }> {
    return withActor(this.db, actor, async (trx) => {
      const partnerCase = await this.loadCase(trx, actor, caseId, 'partnerCase.viewSafetyPlan');
      const row = await repo.findPlanVersion(trx, caseId, version);
      const current = await repo.findCurrentPlan(trx, caseId);
      if (!row || !current) {
        throw new NotFoundError();
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.safety_plan_viewed',
        { type: 'partner_case', id: caseId },
        { version, purpose: 'version' },
      );
      // Compared with the version before it: which answers this save changed.
      const previous = version > 1 ? await repo.findPlanVersion(trx, caseId, version - 1) : undefined;
      const plan = presentSafetyPlan(row);
      return {
        partnerCase: this.heading(partnerCase),
        plan,
        currentVersion: current.version,
        changedFromPrevious: previous ? changedAnswers(presentSafetyPlan(previous), plan) : null,
      };
    });
  }

  /** Saves the plan as a new version; earlier versions stay as they were. */
  async save(actor: Actor, caseId: string, input: TSafetyPlanInput, origin: Origin): Promise<SafetyPlanView> {
    return withActor(this.db, actor, async (trx) => {
      const partnerCase = await this.loadCase(trx, actor, caseId, 'partnerCase.writeSafetyPlan');
      const version = await repo.insertPlanVersion(trx, {
        organisationId: partnerCase.organisationId,
        caseId,
        createdBy: actor.userId,
        plan: input,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.safety_plan_saved',
        { type: 'partner_case', id: caseId },
        { version, reviewOn: input.reviewOn },
      );
      const saved = await repo.findPlanVersion(trx, caseId, version);
      if (!saved) {
        throw new NotFoundError();
      }
      return presentSafetyPlan(saved);
    });
  }

  /**
   * For her case page (already audited as a view of her case): whether she has a plan and whether
   * its review is overdue. Null when there is no plan, or when the viewer may not see plans.
   */
  async statusForCase(actor: Actor, caseId: string): Promise<SafetyPlanStatus> {
    return withActor(this.db, actor, async (trx) => {
      await this.loadCase(trx, actor, caseId, 'partnerCase.viewSafetyPlan');
      const current = await repo.findCurrentPlan(trx, caseId);
      if (!current) {
        return null;
      }
      return { version: current.version, reviewOn: current.reviewOn, reviewOverdue: current.reviewOn < todayIso() };
    });
  }

  /**
   * The dashboard's "Reviews due" list of her plans: her worker's own open cases (every open case
   * for management) whose current plan's review date has passed. Null for anyone who may not see
   * safety plans (the section is left out). The read is audited, with ids only.
   */
  async overdueReviews(actor: Actor, origin: Origin = { ip: null }): Promise<OverduePlanReview[] | null> {
    if (!can(actor, 'partnerCase.viewSafetyPlan')) {
      return null;
    }
    const scope = listScope(actor, 'partnerCase.viewSafetyPlan');
    const workerId = hasSide(actor, 'management') ? null : actor.userId;
    return withActor(this.db, actor, async (trx) => {
      const rows = await repo.listOverduePlanReviews(trx, scope, todayIso(), workerId);
      if (rows.length > 0) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'partner_case.safety_plan_viewed',
          { type: 'partner_case' },
          { purpose: 'dashboard', partnerCaseIds: rows.map((r) => r.partnerCaseId) },
        );
      }
      return rows.map((r) => ({
        partnerCase: { id: r.partnerCaseId, reference: r.reference, name: `${r.givenName} ${r.familyName}` },
        workerName: r.workerName,
        reviewOn: r.reviewOn,
      }));
    });
  }

  /** For dashboards: how many open partner cases have a safety plan whose review date has passed. */
  async countOverdueReviews(actor: Actor): Promise<number> {
    const scope = listScope(actor, 'partnerCase.viewSafetyPlan');
    return withActor(this.db, actor, (trx) => repo.countOverduePlanReviews(trx, scope, todayIso()));
  }
}
