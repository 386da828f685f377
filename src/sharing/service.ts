import { authorize, authorizePartnerSide, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findParticipantCase } from '../participants/repository.js';
import { findPartnerCase } from '../partner-support/repository.js';
import * as repo from './repository.js';
import { BASES_FOR, SHARE_BASIS_LABELS, SHARE_DIRECTION_LABELS, type TShareInput } from './schemas.js';

export type ShareEntry = {
  id: string;
  direction: string;
  directionLabel: string;
  recipient: string;
  information: string;
  basis: string;
  basisLabel: string;
  reason: string;
  sharedByName: string;
  sharedAt: string;
};

function presentShare(row: repo.ShareRow): ShareEntry {
  return {
    id: row.id,
    direction: row.direction,
    directionLabel: SHARE_DIRECTION_LABELS[row.direction],
    recipient: row.recipient,
    information: row.information,
    basis: row.basis,
    basisLabel: SHARE_BASIS_LABELS[row.basis],
    reason: row.reason,
    sharedByName: row.sharedByName,
    sharedAt: row.sharedAt.toISOString(),
  };
}

type Origin = { ip: string | null };
type Subject = { kind: 'partnerCase'; id: string } | { kind: 'participant'; id: string };

/**
 * The share ledger: the one way information crosses the wall or leaves the organisation. Every
 * share records what, to whom, by whom, when and on which basis, and is itself audited.
 */
export class SharingService {
  constructor(private readonly db: Db) {}

  private async checkSubject(
    trx: Trx,
    actor: Actor,
    subject: Subject,
    purpose: 'list' | 'record',
  ): Promise<{ participantId: string }> {
    if (subject.kind === 'partnerCase') {
      const action = purpose === 'list' ? 'share.listForPartnerCase' : 'share.recordForPartnerCase';
      authorizePartnerSide(actor, action);
      const row = await findPartnerCase(trx, subject.id);
      if (!row) {
        throw new NotFoundError();
      }
      authorizePartnerSide(actor, action, row);
      return { participantId: row.participantId };
    }
    const action = purpose === 'list' ? 'share.listForParticipant' : 'share.recordForParticipant';
    const row = await findParticipantCase(trx, subject.id);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return { participantId: row.participantId };
  }

  async list(actor: Actor, subject: Subject, origin: Origin): Promise<ShareEntry[]> {
    return withActor(this.db, actor, async (trx) => {
      await this.checkSubject(trx, actor, subject, 'list');
      const rows =
        subject.kind === 'partnerCase'
          ? await repo.listSharesOfPartnerCase(trx, actor.organisationId, subject.id)
          : await repo.listSharesOfParticipant(trx, actor.organisationId, subject.id);
      const recordType = subject.kind === 'partnerCase' ? 'partner_case' : 'participant';
      await recordActorEvent(trx, actor, origin, 'share.listed', { type: recordType, id: subject.id }, { count: rows.length });
      return rows.map(presentShare);
    });
  }

  async record(actor: Actor, subject: Subject, input: TShareInput, origin: Origin): Promise<string> {
    return withActor(this.db, actor, async (trx) => {
      const { participantId } = await this.checkSubject(trx, actor, subject, 'record');
      const originSide = subject.kind === 'partnerCase' ? 'partner' : 'perpetrator';
      const allowedBases = BASES_FOR[originSide][input.direction];
      if (!allowedBases) {
        throw new InvalidInputError('Check who the information went to', {
          direction:
            originSide === 'partner'
              ? 'From a partner case, choose the perpetrator programme team or an outside agency'
              : 'From the participant’s case, choose the partner support service or an outside agency',
        });
      }
      if (!allowedBases.includes(input.basis)) {
        throw new InvalidInputError('Check the basis for sharing', {
          basis: `This share can rest only on: ${allowedBases.map((b) => SHARE_BASIS_LABELS[b].toLowerCase()).join('; ')}`,
        });
      }
      const shareId = await repo.insertShare(trx, {
        organisationId: actor.organisationId,
        direction: input.direction,
        originSide,
        participantId,
        partnerCaseId: subject.kind === 'partnerCase' ? subject.id : null,
        recipient: input.recipient,
        information: input.information,
        basis: input.basis,
        reason: input.reason,
        sharedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'share.recorded',
        { type: 'share', id: shareId },
        { subject: subject.kind, subjectId: subject.id, direction: input.direction, basis: input.basis },
      );
      return shareId;
    });
  }
}
