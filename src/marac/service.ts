import { authorizePartnerSide, type Action, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { ForPartnerCase } from '../children/partner-details-service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldErrors } from '../errors.js';
import { findPartnerCase } from '../partner-support/repository.js';
import { criteriaMet, twelveMonthsBefore } from './criteria.js';
import { buildDraft, calloutThreshold, type ReferralDraft } from './draft.js';
import {
  presentAction,
  presentDash,
  presentReferral,
  presentReferralItem,
  type DashOnReferral,
  type MaracActionView,
  type MaracReferralItem,
  type MaracReferralView,
} from './presenters.js';
import * as meetingsRepo from './meetings-repository.js';
import * as repo from './repository.js';
import { referralRuleErrors, todayIso, type TActionInput, type TOutcomeInput, type TReferralInput } from './schemas.js';

type Origin = { ip: string | null };

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findPartnerCase>>>;

/** Her case, checked: partner side and management of her organisation only, "not found" to anyone else. */
export async function loadPartnerCase(trx: Trx, actor: Actor, caseId: string, action: Action): Promise<CaseRow> {
  // Checked before the query too: the perpetrator side learns nothing, not even from timing.
  authorizePartnerSide(actor, action);
  const row = await findPartnerCase(trx, caseId);
  if (!row) {
    throw new NotFoundError();
  }
  authorizePartnerSide(actor, action, row);
  return row;
}

export const headingOf = (row: CaseRow): ForPartnerCase => ({
  id: row.caseId,
  reference: row.reference,
  partnerName: `${row.givenName} ${row.familyName}`,
  participantName: `${row.participantGivenName} ${row.participantFamilyName}`,
});

export type ReferralPage = {
  partnerCase: ForPartnerCase;
  referral: MaracReferralView;
  dash: DashOnReferral | null;
  actions: MaracActionView[];
};

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
    return withActor(this.db, actor, async (trx) => {
      const row = await loadPartnerCase(trx, actor, caseId, 'marac.refer');
      const fields: FieldErrors = {};
      const draft = await buildDraft(trx, row, input.dashAssessmentId, {});
      if (input.dashAssessmentId && !draft.dash) {
        fields.dashAssessmentId = 'Choose one of her own DASH checklists';
      }
      const values = draft.values;
      const area = input.area === undefined ? values.area : input.area;
      const relationship = input.relationship === undefined ? values.relationship : input.relationship;
      const callouts = input.policeCalloutsPastYear === undefined ? values.policeCalloutsPastYear : input.policeCalloutsPastYear;
      if (!area) {
        fields.area = 'Enter the MARAC area';
      }
      if (!relationship) {
        fields.relationship = 'Enter her relationship to the person causing harm';
      }
      Object.assign(fields, referralRuleErrors(input));
      if (input.maracMeetingId) {
        const meeting = await meetingsRepo.findMeeting(trx, input.maracMeetingId);
        if (!meeting || meeting.organisationId !== actor.organisationId) {
          fields.maracMeetingId = 'Choose a meeting from the list';
        } else if (area && meeting.area.toLowerCase() !== area.toLowerCase()) {
          fields.maracMeetingId = `Choose a meeting for ${area}, or add one on the MARAC page`;
        }
      }
      const earlier = await repo.findEarlierReferral(trx, caseId, {
        from: twelveMonthsBefore(input.referredOn),
        on: input.referredOn,
      });
      const threshold = await calloutThreshold(trx, actor.organisationId);
      const { criteria } = criteriaMet({
        dashYesCount: draft.dash?.yesCount ?? null,
        policeCalloutsPastYear: callouts,
        calloutThreshold: threshold,
        earlierReferralOn: earlier?.referredOn ?? null,
        professionalJudgement: input.professionalJudgement,
      });
      if (criteria.length === 0) {
        fields.criteria =
          'This referral meets no MARAC criterion: choose professional judgement and give your reasons, or check the DASH and the police call-outs';
      }
      if (Object.keys(fields).length > 0) {
        throw new InvalidInputError('Check the highlighted answers', fields);
      }
      const id = await repo.insertReferral(trx, {
        organisationId: row.organisationId,
        partnerCaseId: caseId,
        dashAssessmentId: draft.dash?.id ?? null,
        referredOn: input.referredOn,
        area: area ?? '',
        maracMeetingId: input.maracMeetingId,
        criteria,
        judgementReasons: input.professionalJudgement ? input.judgementReasons : null,
        policeCalloutsPastYear: callouts,
        safeToCall: input.safeToCall,
        safeNumber: input.safeNumber === undefined ? values.safeNumber : input.safeNumber,
        safeTimes: input.safeTimes === undefined ? values.safeTimes : input.safeTimes,
        afraidOf: input.afraidOf,
        safeToTalkTo: input.safeToTalkTo,
        notSafeToTalkTo: input.notSafeToTalkTo,
        childrenAndSchools: input.childrenAndSchools === undefined ? values.childrenAndSchools : input.childrenAndSchools,
        relationship: relationship ?? '',
        previousMaracs: input.previousMaracs === undefined ? values.previousMaracs : input.previousMaracs,
        sheKnows: input.sheKnows,
        sheConsents: input.sheConsents,
        noConsentReason: input.sheKnows && input.sheConsents ? null : input.noConsentReason,
        referredBy: actor.userId,
      });
      // What was referred and on which basis, never what she said.
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.referral_made',
        { type: 'marac_referral', id },
        {
          partnerCaseId: caseId,
          criteria,
          dashAssessmentId: draft.dash?.id ?? null,
          withConsent: input.sheKnows && input.sheConsents,
        },
      );
      return id;
    });
  }

  private async loadReferral(trx: Trx, actor: Actor, referralId: string, action: Action, caseId?: string) {
    authorizePartnerSide(actor, action);
    const referral = await repo.findReferral(trx, referralId);
    if (!referral || (caseId !== undefined && referral.partnerCaseId !== caseId)) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, referral);
    const row = await loadPartnerCase(trx, actor, referral.partnerCaseId, action);
    return { referral, row };
  }

  /** Throws "not found" unless the actor may refer her case (used before answering bad input about it). */
  async checkCase(actor: Actor, caseId: string): Promise<void> {
    await withActor(this.db, actor, (trx) => loadPartnerCase(trx, actor, caseId, 'marac.refer'));
  }

  /** Throws "not found" unless the actor may record the referral's outcome. */
  async checkReferral(actor: Actor, referralId: string): Promise<void> {
    await withActor(this.db, actor, (trx) => this.loadReferral(trx, actor, referralId, 'marac.recordOutcome'));
  }

  /** A referral with her DASH's answers joined in, its actions, and the heading of her case. */
  async view(actor: Actor, referralId: string, origin: Origin, caseId?: string, purpose = 'view'): Promise<ReferralPage> {
    return withActor(this.db, actor, async (trx) => {
      const { referral, row } = await this.loadReferral(trx, actor, referralId, 'marac.view', caseId);
      let dash: DashOnReferral | null = null;
      if (referral.dashAssessmentId) {
        const summary = await repo.findDash(trx, referral.dashAssessmentId);
        if (summary) {
          const hisName = `${row.participantGivenName} ${row.participantFamilyName}`;
          dash = presentDash(summary, await repo.listDashAnswers(trx, summary.id), hisName);
        }
      }
      const actions = await repo.listActions(trx, referralId);
      await recordActorEvent(trx, actor, origin, 'marac.viewed', { type: 'marac_referral', id: referralId }, { purpose });
      return { partnerCase: headingOf(row), referral: presentReferral(referral), dash, actions: actions.map(presentAction) };
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

  /** The meeting heard it: the date and the outcome; the referral is then "heard". */
  async recordOutcome(actor: Actor, referralId: string, input: TOutcomeInput, origin: Origin, caseId?: string): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const { referral } = await this.loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
      if (referral.status === 'closed') {
        throw new ConflictError('This referral is closed', {
          outcome: 'This referral is closed: its outcome can no longer change',
        });
      }
      if (input.heardOn < referral.referredOn) {
        throw new InvalidInputError('Check the highlighted answers', {
          heardOn: 'The meeting cannot have heard it before it was referred',
        });
      }
      await repo.saveOutcome(trx, referralId, { ...input, updatedBy: actor.userId });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.referral_updated',
        { type: 'marac_referral', id: referralId },
        {
          change: 'outcome',
          heardOn: input.heardOn,
        },
      );
    });
  }

  /** Closes a referral once its outcome is recorded. */
  async close(actor: Actor, referralId: string, origin: Origin, caseId?: string): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const { referral } = await this.loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
      if (referral.status !== 'heard') {
        throw new ConflictError(
          referral.status === 'closed'
            ? 'This referral is already closed'
            : 'Record the meeting’s outcome before closing the referral',
        );
      }
      await repo.closeReferral(trx, referralId, actor.userId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.referral_updated',
        { type: 'marac_referral', id: referralId },
        { change: 'closed' },
      );
    });
  }

  async addAction(actor: Actor, referralId: string, input: TActionInput, origin: Origin, caseId?: string): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const { referral } = await this.loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
      if (referral.status === 'closed') {
        throw new ConflictError('This referral is closed', { action: 'This referral is closed: no actions can be added' });
      }
      const id = await repo.insertAction(trx, {
        organisationId: referral.organisationId,
        referralId,
        action: input.action,
        agency: input.agency,
        dueOn: input.dueOn,
        recordedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.action_recorded',
        { type: 'marac_referral', id: referralId },
        {
          actionId: id,
          change: 'added',
        },
      );
      return id;
    });
  }

  async completeAction(actor: Actor, referralId: string, actionId: string, origin: Origin, caseId?: string): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      await this.loadReferral(trx, actor, referralId, 'marac.recordOutcome', caseId);
      if (!(await repo.completeAction(trx, referralId, actionId, todayIso()))) {
        throw new NotFoundError();
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'marac.action_recorded',
        { type: 'marac_referral', id: referralId },
        {
          actionId,
          change: 'completed',
        },
      );
    });
  }
}
