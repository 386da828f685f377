import { authorizePartnerSide, type Actor } from '../access/index.js';
import { partnerGroupConflicts } from '../appointments/separation.js';
import { recordActorEvent } from '../audit/service.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { londonSlotLabel } from '../dates/london.js';
import * as repo from './repository.js';
import { PARTNER_GROUP_OUTCOME_LABELS, type TRegister } from './schemas.js';

type Origin = { ip: string | null };

export type MemberView = { partnerCaseId: string; reference: string; name: string };
export type RegisterView = {
  session: { id: string; groupId: string; title: string; when: string };
  group: { id: string; name: string };
  rows: Array<MemberView & { outcome: string | null; outcomeLabel: string | null }>;
};

const member = (row: repo.MemberRow): MemberView => ({
  partnerCaseId: row.partnerCaseId,
  reference: row.reference,
  name: `${row.givenName} ${row.familyName}`,
});

/**
 * Her own support groups (point 3 of seed 001's support work): who is in each, and the register of
 * its sessions. A partner joins only a group whose sessions keep her apart from him
 * (src/appointments/separation.ts). Partner side and management only: "not found" to anyone else.
 */
export class PartnerGroupService {
  constructor(private readonly db: Db) {}

  private async loadGroup(trx: Trx, actor: Actor, groupId: string): Promise<repo.PartnerGroupRow> {
    authorizePartnerSide(actor, 'group.managePartnerSide');
    const group = await repo.findPartnerGroup(trx, groupId);
    if (!group) {
      throw new NotFoundError();
    }
    authorizePartnerSide(actor, 'group.managePartnerSide', group);
    return group;
  }

  async members(
    actor: Actor,
    groupId: string,
    origin: Origin,
  ): Promise<{ group: { id: string; name: string }; members: MemberView[] }> {
    authorizePartnerSide(actor, 'group.managePartnerSide');
    return withActor(this.db, actor, async (trx) => {
      const group = await this.loadGroup(trx, actor, groupId);
      const members = (await repo.listMembers(trx, groupId)).map(member);
      await recordActorEvent(trx, actor, origin, 'partner_group.viewed', { type: 'group', id: groupId });
      return { group: { id: group.id, name: group.name }, members };
    });
  }

  /** Adds her by her case reference; refused (409) when the group's sessions would bring her near him or another partner of his. */
  async addMember(actor: Actor, groupId: string, reference: string, origin: Origin): Promise<string> {
    authorizePartnerSide(actor, 'group.managePartnerSide');
    return withActor(this.db, actor, async (trx) => {
      await this.loadGroup(trx, actor, groupId);
      const found = await repo.findCaseByReference(trx, actor.organisationId, reference);
      if (!found) {
        throw new InvalidInputError('Check the highlighted answers', { reference: 'No partner case has this reference' });
      }
      const current = await repo.listMembers(trx, groupId);
      if (current.some((m) => m.partnerCaseId === found.id)) {
        throw new ConflictError('This partner is already in this group', { reference: 'This partner is already in this group' });
      }
      if (current.some((m) => m.participantId === found.participantId)) {
        const message = 'Another partner of the same participant is in this group: they must never meet';
        throw new ConflictError(message, { reference: message });
      }
      const reasons = await partnerGroupConflicts(trx, {
        groupId,
        extraMember: { partnerCaseId: found.id, participantId: found.participantId },
      });
      if (reasons.length > 0) {
        const text = reasons.join('. ');
        throw new ConflictError(`This partner cannot join this group. ${text}.`, { reference: text });
      }
      await repo.insertMember(trx, {
        groupId,
        partnerCaseId: found.id,
        organisationId: actor.organisationId,
        addedBy: actor.userId,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_group.member_added',
        { type: 'group', id: groupId },
        { partnerCaseId: found.id },
      );
      return found.id;
    });
  }

  private async loadSession(
    trx: Trx,
    actor: Actor,
    sessionId: string,
  ): Promise<{ session: repo.SessionRow; group: repo.PartnerGroupRow }> {
    authorizePartnerSide(actor, 'group.managePartnerSide');
    const session = await repo.findPartnerGroupSession(trx, sessionId);
    if (!session?.groupId) {
      throw new NotFoundError();
    }
    return { session, group: await this.loadGroup(trx, actor, session.groupId) };
  }

  async register(actor: Actor, sessionId: string, origin: Origin): Promise<RegisterView> {
    authorizePartnerSide(actor, 'group.managePartnerSide');
    return withActor(this.db, actor, async (trx) => {
      const { session, group } = await this.loadSession(trx, actor, sessionId);
      const outcomes = await repo.outcomes(trx, sessionId);
      await recordActorEvent(trx, actor, origin, 'partner_group.viewed', { type: 'programme_session', id: sessionId });
      return {
        session: {
          id: session.id,
          groupId: group.id,
          title: session.title,
          when: londonSlotLabel(session.startsAt, session.durationMinutes),
        },
        group: { id: group.id, name: group.name },
        rows: (await repo.listMembers(trx, group.id)).map((row) => {
          const outcome = outcomes.get(row.partnerCaseId) ?? null;
          return { ...member(row), outcome, outcomeLabel: outcome ? PARTNER_GROUP_OUTCOME_LABELS[outcome] : null };
        }),
      };
    });
  }

  async recordRegister(actor: Actor, sessionId: string, input: TRegister, origin: Origin): Promise<void> {
    authorizePartnerSide(actor, 'group.managePartnerSide');
    await withActor(this.db, actor, async (trx) => {
      const { group } = await this.loadSession(trx, actor, sessionId);
      const members = new Set((await repo.listMembers(trx, group.id)).map((m) => m.partnerCaseId));
      const stranger = input.outcomes.findIndex((o) => !members.has(o.partnerCaseId));
      if (stranger >= 0) {
        throw new InvalidInputError('Check the highlighted answers', {
          [`outcomes.${stranger}.partnerCaseId`]: 'Select a partner in this group',
        });
      }
      for (const o of input.outcomes) {
        await repo.saveOutcome(trx, {
          sessionId,
          partnerCaseId: o.partnerCaseId,
          organisationId: actor.organisationId,
          outcome: o.outcome,
          recordedBy: actor.userId,
        });
      }
      await recordActorEvent(
        trx,
        actor,
        origin,
        'partner_group.attendance_recorded',
        { type: 'programme_session', id: sessionId },
        { count: input.outcomes.length },
      );
    });
  }
}
