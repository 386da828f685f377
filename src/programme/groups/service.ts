import { type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import type { ProgrammeSide } from '../../db/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { workersOnSides, type WorkerOption } from '../../people/workers.js';
import { findProgramme } from '../catalogue/repository.js';
import { onUniqueViolation } from './conflicts.js';
import { facilitatorWarning, presentFacilitator, presentGroup, type FacilitatorView, type GroupView } from './presenters.js';
import * as repo from './repository.js';
import { COUNT_CAP, cappedTotal, keysetPage, type KeysetPage, type PageCursor } from '../../web/pagination.js';
import type { TFacilitatorInput, TGroupInput, TGroupUpdate } from './schemas.js';
import { authorizeSideManage, authorizeSideView, canManageSide, visibleSides } from '../sides.js';
import { findVenue } from '../venues/repository.js';

type Origin = { ip: string | null };

export type GroupDetail = {
  group: GroupView;
  facilitators: FacilitatorView[];
  /** Shown on the group's page when fewer than two regular facilitators are set. */
  facilitatorWarning: string | null;
  canManage: boolean;
};

export const GROUPS_PAGE_SIZE = 25;
/** A groups cursor names one group (src/web/pagination.ts). */
export const GROUP_CURSOR_IDS = 1;

const NAME_TAKEN = () =>
  new ConflictError('A group with this name already exists', { name: 'A group with this name already exists: choose another' });

/**
 * Groups of a programme: where and when they meet, their capacity and intake, and their regular
 * and cover facilitators. A partner support group is the partner side's: not found for his side.
 */
export class GroupService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, filter: { programmeId?: string } = {}): Promise<GroupView[]> {
    return withActor(this.db, actor, async (trx) => {
      const sides = visibleSides(actor);
      if (sides.length === 0) {
        authorizeSideView(actor, { organisationId: actor.organisationId, side: 'perpetrator' });
      }
      return (await repo.listGroups(trx, actor.organisationId, sides, filter)).map(presentGroup);
    });
  }

  /** Loads a group the actor may see; a partner-side group read is audited. */
  /** The groups list, a page at a time by cursor: running and planned first, newest start first. */
  async page(actor: Actor, cursor: PageCursor | null, pageSize: number = GROUPS_PAGE_SIZE): Promise<KeysetPage<GroupView>> {
    return withActor(this.db, actor, async (trx) => {
      const sides = visibleSides(actor);
      if (sides.length === 0) {
        authorizeSideView(actor, { organisationId: actor.organisationId, side: 'perpetrator' });
      }
      const page = await keysetPage({
        pageSize,
        cursor,
        fetch: (at, limit) => repo.listGroupPage(trx, actor.organisationId, sides, at, limit),
        idsOf: (row) => [row.id],
      });
      const counted = await repo.countGroups(trx, actor.organisationId, sides, COUNT_CAP + 1);
      return { items: page.rows.map(presentGroup), pageSize, ...cappedTotal(counted), next: page.next, previous: page.previous };
    });
  }

  async load(trx: Trx, actor: Actor, groupId: string, origin?: Origin): Promise<repo.GroupRow> {
    const row = await repo.findGroup(trx, groupId);
    if (!row) {
      throw new NotFoundError();
    }
    authorizeSideView(actor, row);
    if (row.side === 'partner' && origin) {
      await recordActorEvent(trx, actor, origin, 'group.viewed_partner_side', { type: 'group', id: groupId });
    }
    return row;
  }

  async view(actor: Actor, groupId: string, origin: Origin): Promise<GroupDetail> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, groupId, origin);
      const facilitators = (await repo.listGroupFacilitators(trx, groupId)).map(presentFacilitator);
      return {
        group: presentGroup(row),
        facilitators,
        facilitatorWarning: facilitatorWarning(facilitators.filter((f) => f.role === 'regular').length, 'group'),
        canManage: canManageSide(actor, row),
      };
    });
  }

  private async checkVenue(trx: Trx, actor: Actor, venueId: string | null, current?: string | null): Promise<void> {
    if (!venueId) {
      return;
    }
    const venue = await findVenue(trx, venueId);
    // A venue closed since the group was set up may stay; a new choice must be open.
    if (!venue || venue.organisationId !== actor.organisationId || (!venue.active && venueId !== current)) {
      throw new InvalidInputError('Check the highlighted answers', { venueId: 'Select a venue from the list' });
    }
  }

  /** The programmes a new group may belong to: those of the sides whose groups the actor runs. */
  async create(actor: Actor, input: TGroupInput, origin: Origin): Promise<string> {
    return onUniqueViolation(NAME_TAKEN(), () =>
      withActor(this.db, actor, async (trx) => {
        const programme = await findProgramme(trx, input.programmeId);
        if (!programme || programme.organisationId !== actor.organisationId) {
          throw new InvalidInputError('Check the highlighted answers', { programmeId: 'Select the programme' });
        }
        authorizeSideManage(actor, programme);
        if (!programme.active) {
          throw new InvalidInputError('Check the highlighted answers', { programmeId: 'This programme is no longer offered' });
        }
        await this.checkVenue(trx, actor, input.venueId);
        if (await repo.groupNameTaken(trx, actor.organisationId, programme.side, input.name)) {
          throw NAME_TAKEN();
        }
        const id = await repo.insertGroup(trx, {
          organisation_id: actor.organisationId,
          programme_id: programme.id,
          side: programme.side,
          name: input.name,
          intake: input.intake,
          venue_id: input.venueId,
          day_of_week: input.dayOfWeek,
          start_time: input.startTime,
          duration_minutes: input.durationMinutes,
          capacity: input.capacity,
          start_date: input.startDate,
          interpreter_language: input.interpreterLanguage,
          created_by: actor.userId,
        });
        await recordActorEvent(
          trx,
          actor,
          origin,
          'group.created',
          { type: 'group', id },
          {
            programmeId: programme.id,
            intake: input.intake,
            capacity: input.capacity,
          },
        );
        return id;
      }),
    );
  }

  async update(actor: Actor, groupId: string, input: TGroupUpdate, origin: Origin): Promise<void> {
    await onUniqueViolation(NAME_TAKEN(), () =>
      withActor(this.db, actor, async (trx) => {
        const row = await this.load(trx, actor, groupId);
        authorizeSideManage(actor, row);
        await this.checkVenue(trx, actor, input.venueId, row.venueId);
        if (input.capacity < row.memberCount) {
          throw new InvalidInputError('Check the highlighted answers', {
            capacity: `The group already has ${row.memberCount} members: the capacity cannot be lower`,
          });
        }
        if (await repo.groupNameTaken(trx, actor.organisationId, row.side, input.name, groupId)) {
          throw NAME_TAKEN();
        }
        await repo.updateGroup(trx, groupId, {
          name: input.name,
          intake: input.intake,
          venue_id: input.venueId,
          day_of_week: input.dayOfWeek,
          start_time: input.startTime,
          duration_minutes: input.durationMinutes,
          capacity: input.capacity,
          start_date: input.startDate,
          interpreter_language: input.interpreterLanguage,
          status: input.status,
        });
        await recordActorEvent(
          trx,
          actor,
          origin,
          'group.updated',
          { type: 'group', id: groupId },
          {
            status: input.status,
            capacity: input.capacity,
            intake: input.intake,
          },
        );
      }),
    );
  }

  /** Staff who may facilitate a group of this side: his side's for his groups, hers for hers. */
  async eligibleFacilitators(trx: Trx, actor: Actor, side: ProgrammeSide): Promise<WorkerOption[]> {
    return workersOnSides(trx, actor.organisationId, side === 'partner' ? ['partner'] : ['perpetrator']);
  }

  async facilitatorOptions(actor: Actor, groupId: string): Promise<WorkerOption[]> {
    return withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, groupId);
      authorizeSideManage(actor, row);
      const current = new Set((await repo.listGroupFacilitators(trx, groupId)).map((f) => f.userId));
      return (await this.eligibleFacilitators(trx, actor, row.side)).filter((w) => !current.has(w.id));
    });
  }

  async addFacilitator(actor: Actor, groupId: string, input: TFacilitatorInput, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, groupId);
      authorizeSideManage(actor, row);
      const eligible = await this.eligibleFacilitators(trx, actor, row.side);
      if (!eligible.some((w) => w.id === input.userId)) {
        throw new InvalidInputError('Check the highlighted answers', {
          userId: 'Select a facilitator from the list: only staff of this side of the service can facilitate this group',
        });
      }
      const current = await repo.listGroupFacilitators(trx, groupId);
      if (current.some((f) => f.userId === input.userId)) {
        throw new ConflictError('This person already facilitates the group', {
          userId: 'This person already facilitates the group',
        });
      }
      await repo.insertGroupFacilitator(trx, {
        groupId,
        userId: input.userId,
        organisationId: actor.organisationId,
        side: row.side,
        role: input.role,
      });
      await recordActorEvent(
        trx,
        actor,
        origin,
        'group.facilitator_added',
        { type: 'group', id: groupId },
        {
          userId: input.userId,
          role: input.role,
        },
      );
    });
  }

  async removeFacilitator(actor: Actor, groupId: string, userId: string, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, groupId);
      authorizeSideManage(actor, row);
      if (!(await repo.deleteGroupFacilitator(trx, groupId, userId))) {
        throw new InvalidInputError('Check the highlighted answers', { userId: 'This person does not facilitate the group' });
      }
      await recordActorEvent(trx, actor, origin, 'group.facilitator_removed', { type: 'group', id: groupId }, { userId });
    });
  }
}
