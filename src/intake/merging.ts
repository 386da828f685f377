import { authorize, type Actor } from '../access/index.js';
import { recordAuditEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import * as repo from './repository.js';
import type { TMergeRequest } from './schemas.js';

type Origin = { ip: string | null };

export type MergeRecord = { id: string; reference: string | null; name: string; dateOfBirth: string | null };
export type MergePreview = { keep: MergeRecord; duplicate: MergeRecord };

const SAME_RECORD = new InvalidInputError('Choose two different records', {
  duplicate: 'A record cannot be merged into itself: choose a different duplicate',
});

/**
 * Merging two records of the same person, found by the known-person check. Explicit (a manager
 * confirms it), audited (ids only), and never a deletion: the duplicate stays, marked as merged
 * into the kept record, so the merge can be traced.
 */
export class RecordMergeService {
  constructor(private readonly db: Db) {}

  private async loadParticipants(trx: Trx, actor: Actor, request: TMergeRequest) {
    authorize(actor, 'intake.merge');
    if (request.keep === request.duplicate) {
      throw SAME_RECORD;
    }
    const load = async (id: string) => {
      const row = await repo.findParticipantForMerge(trx, id);
      if (!row) {
        throw new NotFoundError();
      }
      // Another organisation's record is "not found".
      authorize(actor, 'intake.merge', row);
      if (row.mergedInto) {
        throw new ConflictError(`${row.reference} has already been merged into another record`);
      }
      return row;
    };
    return { keep: await load(request.keep), duplicate: await load(request.duplicate) };
  }

  async previewParticipants(actor: Actor, request: TMergeRequest): Promise<MergePreview> {
    return withActor(this.db, actor, async (trx) => {
      const { keep, duplicate } = await this.loadParticipants(trx, actor, request);
      const present = (row: repo.ParticipantForMerge): MergeRecord => ({
        id: row.id,
        reference: row.reference,
        name: `${row.givenName} ${row.familyName}`,
        dateOfBirth: row.dateOfBirth,
      });
      return { keep: present(keep), duplicate: present(duplicate) };
    });
  }

  /** His perpetrator cases, their notes, his partners and his children move onto the kept record. */
  async mergeParticipants(actor: Actor, request: TMergeRequest, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const { keep, duplicate } = await this.loadParticipants(trx, actor, request);
      const moved = await repo.mergeParticipantInto(trx, keep.id, duplicate.id);
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'intake.participants_merged',
        recordType: 'participant',
        recordId: keep.id,
        ip: origin.ip,
        details: { keptParticipantId: keep.id, duplicateParticipantId: duplicate.id, ...moved },
      });
    });
  }

  private async loadPartners(trx: Trx, actor: Actor, request: TMergeRequest) {
    authorize(actor, 'intake.merge');
    if (request.keep === request.duplicate) {
      throw SAME_RECORD;
    }
    const load = async (id: string) => {
      const row = await repo.findPartnerForMerge(trx, id);
      if (!row) {
        throw new NotFoundError();
      }
      authorize(actor, 'intake.merge', row);
      if (row.mergedInto) {
        throw new ConflictError('This partner has already been merged into another record');
      }
      return row;
    };
    const keep = await load(request.keep);
    const duplicate = await load(request.duplicate);
    if (keep.participantId !== duplicate.participantId) {
      throw new ConflictError(
        'These partners are linked to different participants: only partners of the same participant can be merged',
        {
          duplicate: 'Choose a partner record of the same participant',
        },
      );
    }
    return { keep, duplicate };
  }

  async previewPartners(actor: Actor, request: TMergeRequest): Promise<MergePreview> {
    return withActor(this.db, actor, async (trx) => {
      const { keep, duplicate } = await this.loadPartners(trx, actor, request);
      const present = (row: repo.PartnerForMerge): MergeRecord => ({
        id: row.id,
        reference: null,
        name: `${row.givenName} ${row.familyName}`,
        dateOfBirth: row.dateOfBirth,
      });
      return { keep: present(keep), duplicate: present(duplicate) };
    });
  }

  /** Her partner cases, their notes and shares, and her links to children move onto the kept record. Returns the kept record's latest case. */
  async mergePartners(actor: Actor, request: TMergeRequest, origin: Origin): Promise<{ partnerCaseId: string | null }> {
    return withActor(this.db, actor, async (trx) => {
      const { keep, duplicate } = await this.loadPartners(trx, actor, request);
      const moved = await repo.mergePartnerInto(trx, keep.id, duplicate.id);
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'intake.partners_merged',
        recordType: 'participant',
        recordId: keep.participantId,
        ip: origin.ip,
        details: { keptPartnerId: keep.id, duplicatePartnerId: duplicate.id, ...moved },
      });
      const merged = await repo.findPartnerForMerge(trx, keep.id);
      return { partnerCaseId: merged?.partnerCaseIds[0] ?? null };
    });
  }
}
