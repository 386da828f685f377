import { authorize, authorizePartnerSide, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { findParticipantCase } from '../participants/repository.js';
import { listHerSideAlerts, listHisSideAlerts } from './alert-lists.js';
import { minimisationFlags } from './minimisation.js';
import { herSideItems, hisSideItems, presentFlag, type MinimisationView, type TimelineItem } from './presenters.js';
import * as repo from './repository.js';

type Origin = { ip: string | null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ParticipantSummary = { id: string; name: string; reference: string };
export type HisSidePicture = { participant: ParticipantSummary; items: TimelineItem[] };
export type HerSidePicture = {
  partnerCase: { id: string; reference: string; name: string };
  participant: ParticipantSummary;
  items: TimelineItem[];
};
export type CombinedPartner = {
  partnerCase: { id: string; reference: string; name: string; status: string };
  items: TimelineItem[];
  /** Her latest DASH's date, the one the flags compare with, if she has one. */
  latestDashOn: string | null;
  minimisation: MinimisationView[];
};
export type CombinedPicture = {
  participant: ParticipantSummary;
  latestAssessment: { version: number; assessedOn: string } | null;
  his: TimelineItem[];
  partners: CombinedPartner[];
};

/**
 * The risk picture over time (issue 6): each side sees its own inputs only, and management sees
 * both together, with his account set against hers (the minimisation flags, seed 000).
 */
export class RiskPictureService {
  constructor(private readonly db: Db) {}

  private async participant(trx: Trx, actor: Actor, participantId: string): Promise<ParticipantSummary> {
    const row = UUID.test(participantId) ? await findParticipantCase(trx, participantId) : undefined;
    if (!row || row.organisationId !== actor.organisationId) {
      throw new NotFoundError();
    }
    return { id: row.participantId, name: `${row.givenName} ${row.familyName}`, reference: row.reference };
  }

  private async hisItems(trx: Trx, actor: Actor, participantId: string): Promise<TimelineItem[]> {
    const [assessments, suitability, disclosures, alerts] = [
      await repo.listRiskAssessments(trx, participantId),
      await repo.listSuitabilityAssessments(trx, participantId),
      await repo.listDisclosures(trx, participantId),
      await listHisSideAlerts(trx, actor.organisationId, { participantId }),
    ];
    return hisSideItems({ assessments, suitability, disclosures, alerts });
  }

  private async herItems(trx: Trx, actor: Actor, partnerCaseId: string, participantId: string): Promise<TimelineItem[]> {
    const [dashes, maracs, events, alerts] = [
      await repo.listDashes(trx, partnerCaseId),
      await repo.listMaracReferrals(trx, partnerCaseId),
      await repo.listBasicEvents(trx, participantId),
      // Her case's DASH alerts, and the alerts about him from his disclosures while her case is open.
      await listHerSideAlerts(trx, actor.organisationId, { partnerCaseId }),
    ];
    return herSideItems({ dashes, maracs, events, alerts });
  }

  /** His side: perpetrator side and management. Nothing of hers is read. */
  async hisSide(actor: Actor, participantId: string): Promise<HisSidePicture> {
    authorize(actor, 'riskPicture.viewHisSide');
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.participant(trx, actor, participantId);
      return { participant, items: await this.hisItems(trx, actor, participant.id) };
    });
  }

  /** Her side: partner side and management; "not found" to anyone else. A partner-side read, audited. */
  async herSide(actor: Actor, partnerCaseId: string, origin: Origin): Promise<HerSidePicture> {
    authorizePartnerSide(actor, 'riskPicture.viewHerSide');
    return withActor(this.db, actor, async (trx) => {
      const hers = UUID.test(partnerCaseId) ? await repo.findPartnerCase(trx, partnerCaseId) : undefined;
      if (!hers) {
        throw new NotFoundError();
      }
      authorizePartnerSide(actor, 'riskPicture.viewHerSide', hers);
      const participant = await this.participant(trx, actor, hers.participantId);
      const items = await this.herItems(trx, actor, hers.partnerCaseId, participant.id);
      await recordActorEvent(trx, actor, origin, 'risk_picture.viewed_her_side', {
        type: 'partner_case',
        id: hers.partnerCaseId,
      });
      return {
        partnerCase: { id: hers.partnerCaseId, reference: hers.reference, name: `${hers.givenName} ${hers.familyName}` },
        participant,
        items,
      };
    });
  }

  /**
   * Both sides for him and every partner case linked to him, with the minimisation flags:
   * management only, "not found" to everyone else (even that the picture exists). Audited as a
   * partner-side read.
   */
  async combined(actor: Actor, participantId: string, origin: Origin): Promise<CombinedPicture> {
    authorizePartnerSide(actor, 'riskPicture.viewCombined');
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.participant(trx, actor, participantId);
      const latest = await repo.latestRiskAssessment(trx, participant.id);
      const his = await this.hisItems(trx, actor, participant.id);
      const partners: CombinedPartner[] = [];
      for (const hers of await repo.listPartnerCasesOf(trx, participant.id)) {
        const dashes = await repo.listDashes(trx, hers.partnerCaseId);
        const latestDash = dashes[0];
        const flags = latest && latestDash ? minimisationFlags(latest.ratings, await repo.dashAnswers(trx, latestDash.id)) : [];
        partners.push({
          partnerCase: {
            id: hers.partnerCaseId,
            reference: hers.reference,
            name: `${hers.givenName} ${hers.familyName}`,
            status: hers.status,
          },
          items: await this.herItems(trx, actor, hers.partnerCaseId, participant.id),
          latestDashOn: latestDash?.completedOn ?? null,
          minimisation: flags.map((flag) => presentFlag(flag, participant.name)),
        });
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'risk_picture.viewed_combined',
        { type: 'participant', id: participant.id },
        {
          partnerCaseIds: partners.map((p) => p.partnerCase.id),
          minimisationFlags: partners.reduce((sum, p) => sum + p.minimisation.length, 0),
        },
      );
      return {
        participant,
        latestAssessment: latest ? { version: latest.version, assessedOn: latest.assessedOn } : null,
        his,
        partners,
      };
    });
  }
}
