import {
  authorizePartnerSide,
  canSeeSealedAddress,
  hasSide,
  visibleAddress,
  type Actor,
  type VisibleAddress,
} from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { findPartnerCase, type PartnerCaseRow } from './repository.js';
import * as repo from './sealed-address-repository.js';

type Origin = { ip: string | null };

export type GlassBreak = { byName: string; at: string; reason: string };

/**
 * Sealing her address (a refuge): her worker or a manager seals it with a reason; then only her
 * allocated worker sees it. Anyone else on the partner side or in management may break the glass
 * with a written reason: it is shown for that one request, audited, and listed on her case page
 * for her worker. His side gets a 404, as for everything of hers.
 */
export class SealedAddressService {
  constructor(private readonly db: Db) {}

  private async load(trx: Trx, actor: Actor, caseId: string, action: 'partnerCase.view' | 'partnerCase.update') {
    authorizePartnerSide(actor, action);
    const row = await findPartnerCase(trx, caseId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, action, row);
    return row;
  }

  async seal(actor: Actor, caseId: string, reason: string, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, caseId, 'partnerCase.update');
      if (!canSeeSealedAddress(actor, row) && !hasSide(actor, 'management')) {
        throw new ForbiddenError('Only the allocated worker or a manager can seal this address');
      }
      const current = await repo.partnerAddress(trx, row.partnerId);
      if (current.addressSealed) {
        throw new ConflictError('The address is already sealed');
      }
      await repo.seal(trx, {
        organisationId: actor.organisationId,
        partnerId: row.partnerId,
        address: current,
        reason,
        sealedBy: actor.userId,
      });
      await recordActorEvent(trx, actor, origin, 'partner_case.address_sealed', { type: 'partner_case', id: caseId });
    });
  }

  /** Only her allocated worker (who can read it) moves it back. */
  async unseal(actor: Actor, caseId: string, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, caseId, 'partnerCase.update');
      if (!row.addressSealed) {
        throw new ConflictError('The address is not sealed');
      }
      const address = canSeeSealedAddress(actor, row) ? await repo.sealedAddress(trx, row.partnerId) : undefined;
      if (!address) {
        throw new ForbiddenError('Only the allocated worker can unseal this address');
      }
      await repo.unseal(trx, row.partnerId, address);
      await recordActorEvent(trx, actor, origin, 'partner_case.address_unsealed', { type: 'partner_case', id: caseId });
    });
  }

  /**
   * Break the glass: the reason is audited first, then her sealed address is read in the same
   * transaction (row-level security admits it for this transaction only) and returned for this
   * one response.
   */
  async breakGlass(
    actor: Actor,
    caseId: string,
    reason: string,
    origin: Origin,
  ): Promise<{ name: string; address: VisibleAddress }> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, caseId, 'partnerCase.view');
      if (!row.addressSealed) {
        throw new ConflictError('The address is not sealed: it is on the partner’s case page');
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_case.sealed_address_break_glass',
        { type: 'partner_case', id: caseId },
        { reason },
      );
      await repo.breakGlass(trx, row.partnerId);
      const address = await repo.sealedAddress(trx, row.partnerId);
      if (!address) {
        throw new NotFoundError();
      }
      return { name: `${row.givenName} ${row.familyName}`, address: visibleAddress(actor, row, address, true) };
    });
  }

  /** For her allocated worker only: who broke the glass to see her address, when and why. */
  async glassBreaks(
    actor: Actor,
    partnerCase: Pick<PartnerCaseRow, 'allocatedWorkerId'> & { id: string },
  ): Promise<GlassBreak[]> {
    if (!canSeeSealedAddress(actor, partnerCase)) {
      return [];
    }
    return withActor(this.db, actor, async (trx) => {
      await this.load(trx, actor, partnerCase.id, 'partnerCase.view');
      return (await repo.glassBreaks(trx, partnerCase.id)).map((r) => ({
        byName: r.byName,
        at: r.at.toISOString(),
        reason: typeof r.details.reason === 'string' ? r.details.reason : '',
      }));
    });
  }

  /** For the break-the-glass form: her name, and whether her address is sealed and withheld from this user. */
  async sealedState(actor: Actor, caseId: string): Promise<{ name: string; addressSealed: boolean; withheld: boolean }> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, caseId, 'partnerCase.view');
      return {
        name: `${row.givenName} ${row.familyName}`,
        addressSealed: row.addressSealed,
        withheld: row.addressSealed && !canSeeSealedAddress(actor, row),
      };
    });
  }
}
