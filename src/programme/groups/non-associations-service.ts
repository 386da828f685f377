import { authorize, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db } from '../../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { findParticipantBasics, findParticipantByReference } from './enrolments-repository.js';
import type { TNonAssociationInput } from './enrolments-schemas.js';
import * as repo from './non-associations-repository.js';

type Origin = { ip: string | null };

/**
 * Men who must not be in the same group (related to the same partner, co-accused, in conflict).
 * His side's record only; where the partner service asked for it, the code says "requested for
 * safety" and nothing more, so nothing of her reaches his side.
 */
export class NonAssociationService {
  constructor(private readonly db: Db) {}

  async record(actor: Actor, participantId: string, input: TNonAssociationInput, origin: Origin): Promise<string> {
    authorize(actor, 'nonAssociation.manage');
    return withActor(this.db, actor, async (trx) => {
      const participant = await findParticipantBasics(trx, participantId);
      if (!participant || participant.organisationId !== actor.organisationId) {
        throw new NotFoundError();
      }
      const other = await findParticipantByReference(trx, actor.organisationId, input.otherReference);
      if (!other) {
        throw new InvalidInputError('Check the highlighted answers', {
          otherReference: 'No participant has this reference: check it on the participant’s case page, like PA-1042',
        });
      }
      if (other.id === participant.id) {
        throw new InvalidInputError('Check the highlighted answers', {
          otherReference: 'Enter the reference of another participant, not this participant’s own',
        });
      }
      if (other.mergedInto) {
        throw new InvalidInputError('Check the highlighted answers', {
          otherReference: 'This record was merged into another: use the reference of the record it was merged into',
        });
      }
      if (await repo.findCurrentPair(trx, participant.id, other.id)) {
        throw new ConflictError(`A non-association with ${other.name} is already recorded`, {
          otherReference: `A non-association with ${other.name} is already recorded`,
        });
      }
      const id = await repo.insertNonAssociation(trx, {
        organisationId: actor.organisationId,
        a: participant.id,
        b: other.id,
        reasonCode: input.reasonCode,
        note: input.note,
        userId: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'non_association.recorded',
        { type: 'non_association', id },
        {
          participantIds: [participant.id, other.id],
          reasonCode: input.reasonCode,
        },
      );
      return id;
    });
  }

  async end(actor: Actor, nonAssociationId: string, origin: Origin): Promise<{ participantIds: [string, string] }> {
    authorize(actor, 'nonAssociation.manage');
    return withActor(this.db, actor, async (trx) => {
      const row = await repo.findNonAssociation(trx, nonAssociationId);
      if (!row || row.organisationId !== actor.organisationId) {
        throw new NotFoundError();
      }
      if (row.endedAt) {
        throw new ConflictError('This non-association has already ended');
      }
      await repo.endNonAssociation(trx, nonAssociationId, actor.userId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'non_association.ended',
        { type: 'non_association', id: nonAssociationId },
        {
          participantIds: [row.participantAId, row.participantBId],
        },
      );
      return { participantIds: [row.participantAId, row.participantBId] };
    });
  }
}
