import { authorizePartnerSide, type Actor } from '../access/index.js';
import type { KeysetPage, PageCursor } from '../web/pagination.js';
import { workersOnSides, type WorkerOption } from '../people/workers.js';
import type { TMaracReferralListQuery } from './referrals-list.js';
import { searchReferrals, type MaracReferralListItem } from './referrals-search.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { headingOf, loadPartnerCase, loadReferral } from './case-access.js';
import { buildDraft, type ReferralDraft } from './draft.js';
import {
  presentAction,
  presentMeeting,
  presentDash,
  presentReferral,
  presentReferralItem,
  type DashOnReferral,
  type MaracReferralItem,
  type MaracReferralView,
  type ReferralPage,
} from './presenters.js';
import { makeReferral } from './refer.js';
import * as meetingsRepo from './meetings-repository.js';
import * as outcomeRepo from './outcome-repository.js';
import * as changes from './referral-changes.js';
import * as dashRepo from './dash-repository.js';
import * as repo from './repository.js';
import { todayIso, type TActionInput, type TOutcomeInput, type TReferralInput } from './schemas.js';

type Origin = { ip: string | null };

/**
 * MARAC referrals of her case. Partner side and management only: anyone else is told "not found"
 * (authorizePartnerSide), and every read is audited as a partner-side read. He must never learn
 * of a referral (seed 000: Ben found out he had been referred and threatened Zoe).
 */
export class MaracService {
  constructor(private readonly db: Db) {}

  /** The new-referral form, pre-filled from her DASH (latest, or the one named) and her case. */
  async draft(
    actor: Actor,
    caseId: string,
    dashId: string | null,
    origin: Origin,
    typed: { referredOn?: string | null; policeCallouts?: number | null } = {},
  ): Promise<ReferralDraft> {
    return withActor(this.db, actor, async (trx) => {
      const row = await loadPartnerCase(trx, actor, caseId, 'marac.refer');
      const draft = await buildDraft(trx, row, dashId, typed);
      if (dashId && !draft.dash) {
        throw new NotFoundError();
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.viewed',
        { type: 'partner_case', id: caseId },
        {
          purpose: 'new_referral',
          dashAssessmentId: draft.dash?.id ?? null,
        },
      );
      return { ...draft, partnerCase: headingOf(row) };
    });
  }

  /** Makes the referral: pre-filled values for what the API left out, the criteria worked out here. */
  async refer(actor: Actor, caseId: string, input: TReferralInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, (trx) => makeReferral(trx, actor, caseId, input, origin));
  }

  /** Throws "not found" unless the actor may refer her case (used before answering bad input about it). */
  async checkCase(actor: Actor, caseId: string): Promise<void> {
    await withActor(this.db, actor, (trx) => loadPartnerCase(trx, actor, caseId, 'marac.refer'));
  }

  /** Throws "not found" unless the actor may record the referral's outcome. */
  async checkReferral(actor: Actor, referralId: string): Promise<void> {
    await withActor(this.db, actor, (trx) => loadReferral(trx, actor, referralId, 'marac.recordOutcome'));
  }

  /** A referral with her DASH's answers joined in, its actions, and the heading of her case. */
  async view(actor: Actor, referralId: string, origin: Origin, caseId?: string, purpose = 'view'): Promise<ReferralPage> {
    return withActor(this.db, actor, async (trx) => {
      const { referral, row } = await loadReferral(trx, actor, referralId, 'marac.view', caseId);
      let dash: DashOnReferral | null = null;
      if (referral.dashAssessmentId) {
        const summary = await dashRepo.findDash(trx, referral.dashAssessmentId);
        if (summary) {
          const hisName = `${row.participantGivenName} ${row.participantFamilyName}`;
          dash = presentDash(summary, await dashRepo.listDashAnswers(trx, summary.id), hisName);
        }
      }
      const actions = await outcomeRepo.listActions(trx, referralId);
      const meetings =
        referral.status === 'referred'
          ? await meetingsRepo.listMeetings(trx, referral.organisationId, { area: referral.area, from: todayIso() })
          : [];
      await recordActorEvent(trx, actor, origin, 'marac.viewed', { type: 'marac_referral', id: referralId }, { purpose });
      return {
        partnerCase: headingOf(row),
        referral: presentReferral(referral),
        dash,
        actions: actions.map(presentAction),
        meetingOptions: meetings.map(presentMeeting),
      };
    });
  }

  /** Her referrals, newest first (full records, for the API). */
  async listForCase(actor: Actor, caseId: string, origin: Origin): Promise<MaracReferralView[]> {
    return withActor(this.db, actor, async (trx) => {
      await loadPartnerCase(trx, actor, caseId, 'marac.view');
      const rows = await repo.listReferralsOfCase(trx, caseId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.viewed',
        { type: 'partner_case', id: caseId },
        {
          purpose: 'list',
          referralIds: rows.map((r) => r.id),
        },
      );
      return rows.map(presentReferral);
    });
  }

  /** Her case page's MARAC section: her referrals and their status. Null when the viewer may not see them. */
  async forCase(actor: Actor, caseId: string, origin: Origin): Promise<MaracReferralItem[]> {
    return withActor(this.db, actor, async (trx) => {
      await loadPartnerCase(trx, actor, caseId, 'marac.view');
      const rows = await repo.listReferralsOfCase(trx, caseId);
      if (rows.length > 0) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'marac.viewed',
          { type: 'partner_case', id: caseId },
          {
            purpose: 'case_page',
            referralIds: rows.map((r) => r.id),
          },
        );
      }
      return rows.map(presentReferralItem);
    });
  }

  /** Lists a referral not yet heard for a meeting of its area, or takes it off the list (null). */
  async listForMeeting(
    actor: Actor,
    referralId: string,
    meetingId: string | null,
    origin: Origin,
    caseId?: string,
  ): Promise<void> {
    await withActor(this.db, actor, (trx) => changes.listForMeeting(trx, actor, referralId, meetingId, origin, caseId));
  }

  /** The meeting heard it: the date and the outcome; the referral is then "heard". */
  async recordOutcome(actor: Actor, referralId: string, input: TOutcomeInput, origin: Origin, caseId?: string): Promise<void> {
    await withActor(this.db, actor, (trx) => changes.recordOutcome(trx, actor, referralId, input, origin, caseId));
  }

  /** Closes a referral once its outcome is recorded. */
  async close(actor: Actor, referralId: string, origin: Origin, caseId?: string): Promise<void> {
    await withActor(this.db, actor, (trx) => changes.close(trx, actor, referralId, origin, caseId));
  }

  async addAction(actor: Actor, referralId: string, input: TActionInput, origin: Origin, caseId?: string): Promise<string> {
    return withActor(this.db, actor, (trx) => changes.addAction(trx, actor, referralId, input, origin, caseId));
  }

  async completeAction(actor: Actor, referralId: string, actionId: string, origin: Origin, caseId?: string): Promise<void> {
    await withActor(this.db, actor, (trx) => changes.completeAction(trx, actor, referralId, actionId, origin, caseId));
  }

  /**
   * MARAC referrals across her cases, newest referred first unless another order is asked for,
   * searched and filtered (src/marac/referrals-list.ts), paged by keyset. Partner side and
   * management only: anyone else is told "not found" before anything is read. An audited
   * partner-side read.
   */
  async search(
    actor: Actor,
    query: TMaracReferralListQuery,
    origin: Origin,
    cursor: PageCursor | null,
  ): Promise<KeysetPage<MaracReferralListItem>> {
    authorizePartnerSide(actor, 'marac.view');
    return withActor(this.db, actor, (trx) => searchReferrals(trx, actor, query, origin, cursor));
  }

  /** Her side's workers and managers: the choices of the MARAC referrals' worker filter. */
  async workerChoices(actor: Actor): Promise<WorkerOption[]> {
    authorizePartnerSide(actor, 'marac.view');
    return withActor(this.db, actor, (trx) => workersOnSides(trx, actor.organisationId, ['partner', 'management']));
  }
}
