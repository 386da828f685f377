import { authorizePartnerSide, type Action, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import type { ForPartnerCase } from '../children/partner-details-service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { findPartnerCase } from '../partner-support/repository.js';
import {
  presentInformationSession,
  presentReferral,
  presentSession,
  type InformationSessionView,
  type OnwardReferralView,
  type SupportSessionView,
} from './presenters.js';
import * as repo from './repository.js';
import type { TInformationSession, TOnwardReferral, TOnwardReferralUpdate, TSupportSession } from './schemas.js';

type Origin = { ip: string | null };
type LoadedCase = ForPartnerCase & { organisationId: string };

export type SupportWork = {
  partnerCase: ForPartnerCase;
  sessions: SupportSessionView[];
  informationSessions: InformationSessionView[];
  referrals: OnwardReferralView[];
};

/**
 * The support work with her: one-to-one sessions, her attendance at information sessions about
 * the programme, and referrals she wants to other services. Partner side and management only
 * (anyone else: "not found"); every read audited as a partner-side read, with ids only.
 */
export class SupportWorkService {
  constructor(private readonly db: Db) {}

  private async loadCase(trx: Trx, actor: Actor, caseId: string, action: Action): Promise<LoadedCase> {
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

  async view(actor: Actor, caseId: string, origin: Origin): Promise<SupportWork> {
    return withActor(this.db, actor, async (trx) => {
      const { organisationId: _org, ...partnerCase } = await this.loadCase(trx, actor, caseId, 'partnerCase.viewSupportWork');
      const sessions = await repo.listSessions(trx, caseId);
      const informationSessions = await repo.listInformationSessions(trx, caseId);
      const referrals = await repo.listReferrals(trx, caseId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.support_work_viewed',
        { type: 'partner_case', id: caseId },
        {
          sessionIds: sessions.map((s) => s.id),
          informationSessionIds: informationSessions.map((s) => s.id),
          referralIds: referrals.map((r) => r.id),
        },
      );
      return {
        partnerCase,
        sessions: sessions.map(presentSession),
        informationSessions: informationSessions.map(presentInformationSession),
        referrals: referrals.map(presentReferral),
      };
    });
  }

  /** For the form pages: her case's heading, after the access check. */
  async heading(actor: Actor, caseId: string): Promise<ForPartnerCase> {
    return withActor(this.db, actor, async (trx) => {
      const { organisationId: _org, ...partnerCase } = await this.loadCase(trx, actor, caseId, 'partnerCase.recordSupportWork');
      return partnerCase;
    });
  }

  async recordSession(actor: Actor, caseId: string, input: TSupportSession, origin: Origin): Promise<string> {
    return this.record(actor, caseId, origin, 'partner_case.support_session_recorded', async (trx, owner) => ({
      id: await repo.insertSession(trx, owner, input),
      details: { sessionType: input.sessionType, topics: input.topics },
    }));
  }

  async recordInformationSession(actor: Actor, caseId: string, input: TInformationSession, origin: Origin): Promise<string> {
    return this.record(actor, caseId, origin, 'partner_case.information_session_recorded', async (trx, owner) => ({
      id: await repo.insertInformationSession(trx, owner, input),
      details: {},
    }));
  }

  async makeReferral(actor: Actor, caseId: string, input: TOnwardReferral, origin: Origin): Promise<string> {
    // The organisation's name is hers to know: the audit keeps the kind of service only.
    return this.record(actor, caseId, origin, 'partner_case.onward_referral_made', async (trx, owner) => ({
      id: await repo.insertReferral(trx, owner, input),
      details: { service: input.service, status: input.status },
    }));
  }

  /** One referral, for its update form. */
  async referral(
    actor: Actor,
    caseId: string,
    referralId: string,
  ): Promise<{ partnerCase: ForPartnerCase; referral: OnwardReferralView }> {
    return withActor(this.db, actor, async (trx) => {
      const { organisationId: _org, ...partnerCase } = await this.loadCase(trx, actor, caseId, 'partnerCase.recordSupportWork');
      const row = await repo.findReferral(trx, caseId, referralId);
      if (!row) {
        throw new NotFoundError();
      }
      return { partnerCase, referral: presentReferral(row) };
    });
  }

  async updateReferral(
    actor: Actor,
    caseId: string,
    referralId: string,
    input: TOnwardReferralUpdate,
    origin: Origin,
  ): Promise<OnwardReferralView> {
    return withActor(this.db, actor, async (trx) => {
      await this.loadCase(trx, actor, caseId, 'partnerCase.recordSupportWork');
      const existing = await repo.findReferral(trx, caseId, referralId);
      if (!existing) {
        throw new NotFoundError();
      }
      await repo.updateReferral(trx, referralId, actor.userId, input);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.onward_referral_updated',
        { type: 'partner_case', id: caseId },
        { referralId, from: existing.status, to: input.status },
      );
      const saved = await repo.findReferral(trx, caseId, referralId);
      if (!saved) {
        throw new NotFoundError();
      }
      return presentReferral(saved);
    });
  }

  private async record(
    actor: Actor,
    caseId: string,
    origin: Origin,
    action:
      'partner_case.support_session_recorded' | 'partner_case.information_session_recorded' | 'partner_case.onward_referral_made',
    write: (
      trx: Trx,
      owner: { organisationId: string; caseId: string; userId: string },
    ) => Promise<{ id: string; details: Record<string, string | string[]> }>,
  ): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const partnerCase = await this.loadCase(trx, actor, caseId, 'partnerCase.recordSupportWork');
      const { id, details } = await write(trx, { organisationId: partnerCase.organisationId, caseId, userId: actor.userId });
      await recordActorEvent(trx, actor, origin, action, { type: 'partner_case', id: caseId }, { id, ...details });
      return id;
    });
  }
}
