import { authorize, can, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { formatDate } from '../../web/filters.js';
import { todayInLondon } from '../../dates/london.js';
import { findProgramme, listProgrammes } from '../catalogue/repository.js';
import {
  presentEnrolment,
  presentNonAssociation,
  presentParticipantHeading,
  type EnrolmentView,
  type NonAssociationView,
  type ParticipantHeading,
} from './enrolments-presenters.js';
import * as repo from './enrolments-repository.js';
import type { TPlacementInput, TWaitingListByReference, TWaitingListInput } from './enrolments-schemas.js';
import { findGroup, listGroups, lockGroup } from './repository.js';
import { NON_ASSOCIATION_REASON_LABELS } from '../labels.js';
import { conflictsInGroup, listForParticipant } from './non-associations-repository.js';
import { authorizeSideManage } from '../sides.js';

type Origin = { ip: string | null };

/** His case has been accepted: not still a referral, and not closed. */
const NOT_YET_ACCEPTED = new Set(['referred']);
const CLOSED = new Set(['closed', 'completed', 'dropped_out', 'excluded']);

export type ParticipantProgramme = {
  participant: ParticipantHeading;
  enrolments: EnrolmentView[];
  nonAssociations: NonAssociationView[];
  canManage: boolean;
};

export type WaitingList = {
  programme: { id: string; name: string };
  entries: EnrolmentView[];
  groups: Array<{ id: string; name: string; placesLeft: number }>;
};

/**
 * The waiting list and placement in a group. Placement is refused when the group is full, when a
 * closed group has started, or when he has a current non-association with a man already in it:
 * the refusal names the other man and the neutral reason code, never anything partner-side.
 */
export class EnrolmentService {
  constructor(private readonly db: Db) {}

  async loadParticipant(trx: Trx, actor: Actor, participantId: string): Promise<repo.ParticipantBasics> {
    const row = await repo.findParticipantBasics(trx, participantId);
    if (!row || row.organisationId !== actor.organisationId) {
      throw new NotFoundError();
    }
    return row;
  }

  async participantProgramme(actor: Actor, participantId: string): Promise<ParticipantProgramme> {
    authorize(actor, 'enrolment.view');
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.loadParticipant(trx, actor, participantId);
      const enrolments = await repo.listParticipantEnrolments(trx, participantId);
      const nonAssociations = can(actor, 'nonAssociation.view') ? await listForParticipant(trx, participantId) : [];
      return {
        participant: presentParticipantHeading(participant),
        enrolments: enrolments.map(presentEnrolment),
        nonAssociations: nonAssociations.map(presentNonAssociation),
        canManage: can(actor, 'enrolment.manage'),
      };
    });
  }

  /** The programmes he can wait for: his side's, still offered. */
  async programmeOptions(actor: Actor): Promise<Array<{ id: string; name: string }>> {
    authorize(actor, 'enrolment.manage');
    return withActor(this.db, actor, async (trx) =>
      (await listProgrammes(trx, actor.organisationId, ['perpetrator'], { activeOnly: true })).map((p) => ({
        id: p.id,
        name: p.name,
      })),
    );
  }

  async addToWaitingList(actor: Actor, participantId: string, input: TWaitingListInput, origin: Origin): Promise<string> {
    authorize(actor, 'enrolment.manage');
    return withActor(this.db, actor, async (trx) => {
      const participant = await this.loadParticipant(trx, actor, participantId);
      if (participant.mergedInto) {
        throw new ConflictError('This record was merged into another: use the record it was merged into');
      }
      if (!participant.caseId || !participant.caseStatus || NOT_YET_ACCEPTED.has(participant.caseStatus)) {
        throw new ConflictError(
          'The participant’s referral has not been accepted yet: accept it at triage before adding to a waiting list',
        );
      }
      if (CLOSED.has(participant.caseStatus)) {
        throw new ConflictError('The participant’s case is closed: reopen it before adding to a waiting list');
      }
      const programme = await findProgramme(trx, input.programmeId);
      if (
        !programme ||
        programme.organisationId !== actor.organisationId ||
        programme.side !== 'perpetrator' ||
        !programme.active
      ) {
        throw new InvalidInputError('Check the highlighted answers', { programmeId: 'Select the programme' });
      }
      const current = (await repo.listParticipantEnrolments(trx, participantId)).find(
        (e) => e.programmeId === programme.id && ['waiting', 'active', 'suspended'].includes(e.status),
      );
      if (current) {
        throw new ConflictError(`${participant.name} is already on ${programme.name}`, {
          programmeId: `Already on this programme (${current.status === 'waiting' ? 'waiting' : 'started'})`,
        });
      }
      const id = await repo.insertEnrolment(trx, {
        organisationId: actor.organisationId,
        participantId,
        perpetratorCaseId: participant.caseId,
        programmeId: programme.id,
        readyOn: input.readyOn,
        reasonCode: input.reasonCode,
        note: input.note,
        userId: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'enrolment.waiting_list_added',
        { type: 'enrolment', id },
        {
          participantId,
          programmeId: programme.id,
          reasonCode: input.reasonCode,
        },
      );
      return id;
    });
  }

  /** The same, from the programme's waiting list page, where he is named by his reference. */
  async addByReference(actor: Actor, input: TWaitingListByReference, origin: Origin): Promise<string> {
    authorize(actor, 'enrolment.manage');
    const participant = await withActor(this.db, actor, (trx) =>
      repo.findParticipantByReference(trx, actor.organisationId, input.participantReference),
    );
    if (!participant) {
      throw new InvalidInputError('Check the highlighted answers', {
        participantReference: 'No participant has this reference: check it on the participant’s case page, like PA-1042',
      });
    }
    return this.addToWaitingList(actor, participant.id, input, origin);
  }

  async waitingList(actor: Actor, programmeId: string): Promise<WaitingList> {
    authorize(actor, 'enrolment.view');
    return withActor(this.db, actor, async (trx) => {
      const programme = await findProgramme(trx, programmeId);
      // A partner support group has no waiting list of men: not found, like any partner-side record.
      if (!programme || programme.organisationId !== actor.organisationId || programme.side !== 'perpetrator') {
        throw new NotFoundError();
      }
      const groups = await listGroups(trx, actor.organisationId, ['perpetrator'], { programmeId });
      return {
        programme: { id: programme.id, name: programme.name },
        entries: (await repo.listWaiting(trx, programmeId)).map(presentEnrolment),
        groups: groups
          .filter((g) => g.status === 'planned' || g.status === 'running')
          .map((g) => ({ id: g.id, name: g.name, placesLeft: Math.max(0, g.capacity - g.memberCount) })),
      };
    });
  }

  /** The men in a group, and those on its programme's waiting list not yet placed anywhere. */
  async groupMembers(actor: Actor, groupId: string): Promise<{ members: EnrolmentView[]; candidates: EnrolmentView[] }> {
    authorize(actor, 'enrolment.view');
    return withActor(this.db, actor, async (trx) => {
      const group = await findGroup(trx, groupId);
      if (!group || group.organisationId !== actor.organisationId || group.side !== 'perpetrator') {
        throw new NotFoundError();
      }
      const waiting = await repo.listWaiting(trx, group.programmeId);
      return {
        members: (await repo.listGroupMembers(trx, groupId)).map(presentEnrolment),
        candidates: waiting.filter((e) => e.groupId === null).map(presentEnrolment),
      };
    });
  }

  async placeInGroup(actor: Actor, groupId: string, input: TPlacementInput, origin: Origin): Promise<void> {
    authorize(actor, 'enrolment.manage');
    await withActor(this.db, actor, async (trx) => {
      await lockGroup(trx, groupId);
      const group = await findGroup(trx, groupId);
      if (!group) {
        throw new NotFoundError();
      }
      authorizeSideManage(actor, group);
      const enrolment = await repo.findEnrolment(trx, input.enrolmentId);
      const field = (message: string) => new ConflictError(message, { enrolmentId: message });
      if (!enrolment || enrolment.organisationId !== actor.organisationId || enrolment.programmeId !== group.programmeId) {
        throw new InvalidInputError('Check the highlighted answers', {
          enrolmentId: 'Select a participant from this programme’s waiting list',
        });
      }
      if (enrolment.status !== 'waiting') {
        throw field(`${enrolment.participantName} is not on the waiting list`);
      }
      if (enrolment.groupId === groupId) {
        throw field(`${enrolment.participantName} is already in this group`);
      }
      if (enrolment.groupId) {
        throw field(`${enrolment.participantName} is already placed in ${enrolment.groupName ?? 'another group'}`);
      }
      if (group.status === 'finished' || group.status === 'cancelled') {
        throw field(
          `Cannot place ${enrolment.participantName} in this group: it has ${group.status === 'finished' ? 'finished' : 'been cancelled'}`,
        );
      }
      if (group.intake === 'closed' && group.startDate < todayInLondon()) {
        throw field(
          `Cannot place ${enrolment.participantName} in this group: it is a closed group that started on ${formatDate(group.startDate)}`,
        );
      }
      if (group.memberCount >= group.capacity) {
        throw field(
          `Cannot place ${enrolment.participantName} in this group: it is full (${group.memberCount} of ${group.capacity} places taken)`,
        );
      }
      const [conflict] = await conflictsInGroup(trx, enrolment.participantId, groupId);
      if (conflict) {
        // His side's own record: the other man, the neutral reason code, who recorded it and when.
        throw field(
          `Cannot place ${enrolment.participantName} in this group: a non-association with ${conflict.otherName} is recorded ` +
            `(reason: ${NON_ASSOCIATION_REASON_LABELS[conflict.reasonCode].toLowerCase()}, by ${conflict.createdByName ?? 'a former member of staff'}, ` +
            `on ${formatDate(conflict.createdAt)})`,
        );
      }
      await repo.setEnrolmentGroup(trx, enrolment.id, groupId);
      await recordActorEvent(
        trx,
        actor,
        origin,
        'enrolment.placed_in_group',
        { type: 'enrolment', id: enrolment.id },
        {
          groupId,
          participantId: enrolment.participantId,
        },
      );
    });
  }
}
