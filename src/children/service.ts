import { authorize, type Action, type Actor } from '../access/index.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findParticipantCase } from '../participants/repository.js';
import { presentChild, type ChildView } from './presenters.js';
import * as repo from './repository.js';
import { NEED_DATE_OR_AGE, type TChildInput, type TChildUpdate } from './schemas.js';

type Origin = { ip: string | null };

/** The participant the children belong to, as the heading of their pages shows him. */
export type ChildrenOf = { id: string; reference: string; name: string };

/**
 * The children a referral names, recorded on the participant's record and seen by both case
 * files. Nothing partner-side is read here: which partner a child is linked to, the child's school
 * and her worker's notes are in PartnerChildrenService.
 */
export class ChildrenService {
  constructor(private readonly db: Db) {}

  private async loadParticipant(trx: Trx, actor: Actor, participantId: string, action: Action): Promise<ChildrenOf> {
    const row = await findParticipantCase(trx, participantId);
    if (!row) {
      throw new NotFoundError();
    }
    authorize(actor, action, row);
    return { id: row.participantId, reference: row.reference, name: `${row.givenName} ${row.familyName}` };
  }

  private async loadChild(trx: Trx, actor: Actor, participantId: string, childId: string, action: Action) {
    const participant = await this.loadParticipant(trx, actor, participantId, action);
    const child = await repo.findChild(trx, childId);
    // A child of another participant (or organisation) is not found under this one.
    if (!child || child.participantId !== participant.id) {
      throw new NotFoundError();
    }
    authorize(actor, action, child);
    return { participant, child };
  }

  async list(actor: Actor, participantId: string): Promise<{ participant: ChildrenOf; children: ChildView[] }> {
    authorize(actor, 'child.list');
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.loadParticipant(trx, actor, participantId, 'child.list');
      const rows = await repo.listChildren(trx, actor.organisationId, participant.id);
      return { participant, children: rows.map((row) => presentChild(row)) };
    });
  }

  /** His name and reference, for the heading of the "add a child" form. */
  async participantFor(actor: Actor, participantId: string): Promise<ChildrenOf> {
    authorize(actor, 'child.create');
    return withActor(this.db, actor, (trx) => this.loadParticipant(trx, actor, participantId, 'child.create'));
  }

  async forEdit(actor: Actor, participantId: string, childId: string): Promise<{ participant: ChildrenOf; child: ChildView }> {
    authorize(actor, 'child.update');
    return withActor(this.db, actor, async (trx) => {
      const { participant, child } = await this.loadChild(trx, actor, participantId, childId, 'child.update');
      return { participant, child: presentChild(child) };
    });
  }

  async create(actor: Actor, participantId: string, input: TChildInput, origin: Origin): Promise<ChildView> {
    authorize(actor, 'child.create');
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.loadParticipant(trx, actor, participantId, 'child.create');
      const childId = await repo.insertChild(trx, {
        organisationId: actor.organisationId,
        participantId: participant.id,
        createdBy: actor.userId,
        ...input,
      });
      await recordActorEvent(trx, actor, origin, 'child.added', { type: 'participant', id: participant.id }, { childId });
      return presentChild(await this.reload(trx, childId));
    });
  }

  async update(actor: Actor, participantId: string, childId: string, input: TChildUpdate, origin: Origin): Promise<ChildView> {
    authorize(actor, 'child.update');
    return withActor(this.db, actor, async (trx) => {
      const { participant, child } = await this.loadChild(trx, actor, participantId, childId, 'child.update');
      await repo.updateChild(trx, childId, withDateOfBirthOrAge(child, input));
      await recordActorEvent(
        trx,
        actor,
        origin,
        'child.updated',
        { type: 'participant', id: participant.id },
        { childId, fields: Object.keys(input).filter((k) => input[k as keyof TChildUpdate] !== undefined) },
      );
      return presentChild(await this.reload(trx, childId));
    });
  }

  private async reload(trx: Trx, childId: string): Promise<repo.ChildRow> {
    const row = await repo.findChild(trx, childId);
    if (!row) {
      throw new NotFoundError();
    }
    return row;
  }
}

/**
 * A child has a date of birth or an age, never both: a new date of birth replaces the age given
 * before, and a new age replaces the date of birth. A change that would leave neither is refused.
 */
function withDateOfBirthOrAge(stored: repo.ChildRow, input: TChildUpdate): repo.ChildColumns {
  const values: repo.ChildColumns = { ...input };
  if (input.dateOfBirth) {
    values.ageYears = null;
  } else if (input.ageYears !== undefined && input.ageYears !== null) {
    values.dateOfBirth = null;
  }
  const dateOfBirth = values.dateOfBirth !== undefined ? values.dateOfBirth : stored.dateOfBirth;
  const ageYears = values.ageYears !== undefined ? values.ageYears : stored.ageYears;
  if (dateOfBirth === null && ageYears === null) {
    throw new InvalidInputError('Check the highlighted answers', { dateOfBirth: NEED_DATE_OR_AGE });
  }
  return values;
}
