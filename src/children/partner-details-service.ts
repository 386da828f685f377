import { authorizePartnerSide, type Action, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { findPartnerCase } from '../partner-support/repository.js';
import { presentChildOnPartnerCase, type ChildOnPartnerCase } from './presenters.js';
import * as repo from './repository.js';
import type { TChildPartnerDetails } from './schemas.js';

type Origin = { ip: string | null };

/** Her case as the heading of a child's partner-side form shows it. */
export type ForPartnerCase = { id: string; reference: string; partnerName: string; participantName: string };

/**
 * The partner side's view of his children: which child is linked to which partner, the child's
 * school or nursery, and her worker's notes. Partner side and management only; anyone else is
 * told "not found" (authorizePartnerSide), and every read is audited as a partner-side read.
 */
export class PartnerChildrenService {
  constructor(private readonly db: Db) {}

  private async loadCase(trx: Trx, actor: Actor, caseId: string, action: Action) {
    // Checked before the query too: the perpetrator side learns nothing, not even from timing.
    authorizePartnerSide(actor, action);
    const row = await findPartnerCase(trx, caseId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, row);
    return row;
  }

  private async loadChild(trx: Trx, actor: Actor, caseId: string, childId: string, action: Action) {
    const partnerCase = await this.loadCase(trx, actor, caseId, action);
    const child = await repo.findChildWithPartnerDetails(trx, childId);
    // Only his children are hers to link: a child of another participant is not found here.
    if (!child || child.participantId !== partnerCase.participantId) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, child);
    const heading: ForPartnerCase = {
      id: partnerCase.caseId,
      reference: partnerCase.reference,
      partnerName: `${partnerCase.givenName} ${partnerCase.familyName}`,
      participantName: `${partnerCase.participantGivenName} ${partnerCase.participantFamilyName}`,
    };
    return { partnerCase, heading, child };
  }

  async listForPartnerCase(actor: Actor, caseId: string, origin: Origin): Promise<ChildOnPartnerCase[]> {
    return withActor(this.db, actor, async (trx) => {
      const partnerCase = await this.loadCase(trx, actor, caseId, 'partnerCase.viewChildren');
      const rows = await repo.listChildrenWithPartnerDetails(trx, partnerCase.organisationId, partnerCase.participantId);
      if (rows.length > 0) {
        await recordActorEvent(
          trx,
          actor,
          origin,
          'partner_case.children_viewed',
          { type: 'partner_case', id: caseId },
          { childIds: rows.map((row) => row.id) },
        );
      }
      return rows.map((row) => presentChildOnPartnerCase(row, partnerCase.partnerId));
    });
  }

  async forEdit(
    actor: Actor,
    caseId: string,
    childId: string,
    origin: Origin,
  ): Promise<{ partnerCase: ForPartnerCase; child: ChildOnPartnerCase }> {
    return withActor(this.db, actor, async (trx) => {
      const { partnerCase, heading, child } = await this.loadChild(trx, actor, caseId, childId, 'partnerCase.updateChildDetails');
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.children_viewed',
        { type: 'partner_case', id: caseId },
        { childIds: [childId], purpose: 'edit' },
      );
      return { partnerCase: heading, child: presentChildOnPartnerCase(child, partnerCase.partnerId) };
    });
  }

  /**
   * Links the child to her (or unlinks), with the school and notes. A child linked to another
   * partner of the same participant is refused: that partner's worker unlinks the child first, so
   * one worker never overwrites or reads what another recorded.
   */
  async saveDetails(
    actor: Actor,
    caseId: string,
    childId: string,
    input: TChildPartnerDetails,
    origin: Origin,
  ): Promise<ChildOnPartnerCase> {
    return withActor(this.db, actor, async (trx) => {
      const { partnerCase, child } = await this.loadChild(trx, actor, caseId, childId, 'partnerCase.updateChildDetails');
      if (child.linkedPartnerId !== null && child.linkedPartnerId !== partnerCase.partnerId) {
        throw new ConflictError('This child is linked to another partner', {
          linked: 'This child is linked to another partner of the participant: unlink the child on that partner’s case first',
        });
      }
      await repo.saveChildPartnerDetails(trx, {
        childId,
        organisationId: partnerCase.organisationId,
        // Unlinking removes what was recorded for her: it belongs to her case, not to the child.
        partnerId: input.linked ? partnerCase.partnerId : null,
        school: input.linked ? input.school : null,
        notes: input.linked ? input.notes : null,
        updatedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.child_details_changed',
        { type: 'partner_case', id: caseId },
        { childId, linked: input.linked },
      );
      const saved = await repo.findChildWithPartnerDetails(trx, childId);
      if (!saved) {
        throw new NotFoundError();
      }
      return presentChildOnPartnerCase(saved, partnerCase.partnerId);
    });
  }
}
