import { authorize, type Actor, type RequestOrigin } from '../access/index.js';
import { recordAuditEvent } from '../audit/service.js';
import type { Config } from '../config.js';
import { withActor, type Db, type Trx } from '../db/database.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { hashToken, newToken } from '../identity/tokens.js';
import * as repo from './repository.js';
import { presentUser, type InvitationLink, type TeamListing, type UserDetails, type UserSummary } from './present.js';
import { WALL_MESSAGE, breachesWall } from './rules.js';
import { isUuid, type TCreateTeam, type TInviteUser } from './schemas.js';

const TEAM_NOT_AVAILABLE = 'Select teams from the list';

/**
 * Administration of the people and teams of the administrator's own organisation. Administrators
 * see accounts and teams only: no case records (their side has no case actions in the policy).
 */
export class AdminService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
  ) {}

  /** For pages that show a form before any record is read. */
  ensureAdministrator(actor: Actor): void {
    authorize(actor, 'users.manage');
  }

  async listUsers(actor: Actor): Promise<UserSummary[]> {
    authorize(actor, 'users.manage');
    return withActor(this.db, actor, async (trx) => {
      const [users, memberships] = await Promise.all([
        repo.listUsers(trx, actor.organisationId),
        repo.listMemberships(trx, actor.organisationId),
      ]);
      const now = new Date();
      return users.map((user) => presentUser(actor, user, memberships, now));
    });
  }

  async userDetails(actor: Actor, userId: string): Promise<UserDetails> {
    authorize(actor, 'users.manage');
    return withActor(this.db, actor, async (trx) => {
      const user = await this.loadUser(trx, actor, userId);
      const memberships = await repo.listMemberships(trx, actor.organisationId, user.id);
      const now = new Date();
      return {
        ...presentUser(actor, user, memberships, now),
        lastSignedInAt: user.lastSignedInAt,
        invitationExpiresAt: user.passwordSet ? null : user.invitationExpiresAt,
        invitationExpired:
          !user.passwordSet && (user.invitationExpiresAt === null || user.invitationExpiresAt.getTime() <= now.getTime()),
        createdAt: user.createdAt,
      };
    });
  }

  async listTeams(actor: Actor): Promise<TeamListing[]> {
    authorize(actor, 'users.manage');
    return withActor(this.db, actor, async (trx) => {
      const teams = await repo.listTeams(trx, actor.organisationId);
      return teams.map((team) => ({ id: team.id, name: team.name, side: team.side, memberCount: team.memberCount }));
    });
  }

  /** Creates an account with no password and a one-time link for its owner to set one. */
  async inviteUser(actor: Actor, input: TInviteUser, origin: RequestOrigin): Promise<InvitationLink> {
    authorize(actor, 'users.manage');
    const emailTaken = new ConflictError('Check the email address', {
      email: 'An account with this email address already exists',
    });
    return onUniqueViolation(emailTaken, () =>
      withActor(this.db, actor, async (trx) => {
        const teams = await this.loadTeams(trx, actor, input.teams);
        if (await repo.emailInUse(trx, input.email)) {
          throw emailTaken;
        }
        const token = newToken();
        const expiresAt = this.invitationExpiry();
        const userId = await repo.insertInvitedUser(trx, actor.organisationId, {
          email: input.email,
          displayName: input.displayName,
          invitationTokenHash: hashToken(token),
          invitationExpiresAt: expiresAt,
        });
        await repo.addMemberships(trx, actor.organisationId, userId, input.teams);
        await recordAuditEvent(trx, {
          organisationId: actor.organisationId,
          actorUserId: actor.userId,
          action: 'admin.user_invited',
          recordType: 'user',
          recordId: userId,
          ip: origin.ip,
          details: { teamIds: teams.map((team) => team.id), sides: [...new Set(teams.map((team) => team.side))] },
        });
        return {
          userId,
          displayName: input.displayName,
          email: input.email,
          activationUrl: this.activationUrl(token),
          expiresAt,
        };
      }),
    );
  }

  /** Sets a user's teams to exactly `teamIds`, recording each membership added or removed. */
  async changeTeams(actor: Actor, userId: string, teamIds: string[], origin: RequestOrigin): Promise<void> {
    authorize(actor, 'users.manage');
    await withActor(this.db, actor, async (trx) => {
      const user = await this.loadUser(trx, actor, userId);
      const teams = await this.loadTeams(trx, actor, teamIds);
      const current = await repo.listMemberships(trx, actor.organisationId, user.id);
      if (user.id === actor.userId && !teams.some((team) => team.side === 'admin')) {
        throw new ConflictError('You cannot remove your own administration access', {
          teams: 'Keep yourself in an administration team. Another administrator can remove you.',
        });
      }
      const wanted = new Set(teams.map((team) => team.id));
      const held = new Set(current.map((team) => team.id));
      const added = teams.filter((team) => !held.has(team.id));
      const removed = current.filter((team) => !wanted.has(team.id));
      await repo.removeMemberships(
        trx,
        actor.organisationId,
        user.id,
        removed.map((team) => team.id),
      );
      await repo.addMemberships(
        trx,
        actor.organisationId,
        user.id,
        added.map((team) => team.id),
      );
      for (const [action, changed] of [
        ['admin.team_membership_removed', removed],
        ['admin.team_membership_added', added],
      ] as const) {
        for (const team of changed) {
          await recordAuditEvent(trx, {
            organisationId: actor.organisationId,
            actorUserId: actor.userId,
            action,
            recordType: 'user',
            recordId: user.id,
            ip: origin.ip,
            details: { teamId: team.id, side: team.side },
          });
        }
      }
    });
  }

  /** Stops the account signing in and ends its sessions at once. */
  async deactivateUser(actor: Actor, userId: string, origin: RequestOrigin): Promise<void> {
    authorize(actor, 'users.manage');
    await withActor(this.db, actor, async (trx) => {
      const user = await this.loadUser(trx, actor, userId);
      if (user.id === actor.userId) {
        throw new ConflictError('You cannot deactivate your own account. Ask another administrator.');
      }
      if (!user.active) {
        return;
      }
      await repo.setUserActive(trx, actor.organisationId, user.id, false);
      const sessionsEnded = await repo.deleteSessionsOfUser(trx, actor.organisationId, user.id);
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'admin.user_deactivated',
        recordType: 'user',
        recordId: user.id,
        ip: origin.ip,
        details: { sessionsEnded },
      });
    });
  }

  async reactivateUser(actor: Actor, userId: string, origin: RequestOrigin): Promise<void> {
    authorize(actor, 'users.manage');
    await withActor(this.db, actor, async (trx) => {
      const user = await this.loadUser(trx, actor, userId);
      if (user.active) {
        return;
      }
      await repo.setUserActive(trx, actor.organisationId, user.id, true);
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'admin.user_reactivated',
        recordType: 'user',
        recordId: user.id,
        ip: origin.ip,
      });
    });
  }

  /**
   * For a forgotten password or a locked or expired account: clears the password, unlocks,
   * signs the user out everywhere and issues a new one-time link (never a temporary password).
   */
  async resetUser(actor: Actor, userId: string, origin: RequestOrigin): Promise<InvitationLink> {
    authorize(actor, 'users.manage');
    return withActor(this.db, actor, async (trx) => {
      const user = await this.loadUser(trx, actor, userId);
      if (user.id === actor.userId) {
        throw new ConflictError('You cannot reset your own account. Change your password from Your account.');
      }
      if (!user.active) {
        throw new ConflictError('Reactivate this account before resetting it.');
      }
      const token = newToken();
      const expiresAt = this.invitationExpiry();
      await repo.resetCredentials(trx, actor.organisationId, user.id, { tokenHash: hashToken(token), expiresAt });
      const sessionsEnded = await repo.deleteSessionsOfUser(trx, actor.organisationId, user.id);
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'admin.user_reset',
        recordType: 'user',
        recordId: user.id,
        ip: origin.ip,
        details: { sessionsEnded },
      });
      return {
        userId: user.id,
        displayName: user.displayName,
        email: user.email,
        activationUrl: this.activationUrl(token),
        expiresAt,
      };
    });
  }

  async createTeam(actor: Actor, input: TCreateTeam, origin: RequestOrigin): Promise<string> {
    authorize(actor, 'users.manage');
    const nameTaken = new ConflictError('Check the team name', { name: 'A team with this name already exists' });
    return onUniqueViolation(nameTaken, () =>
      withActor(this.db, actor, async (trx) => {
        if (await repo.teamNameInUse(trx, actor.organisationId, input.name)) {
          throw nameTaken;
        }
        const teamId = await repo.insertTeam(trx, actor.organisationId, input);
        await recordAuditEvent(trx, {
          organisationId: actor.organisationId,
          actorUserId: actor.userId,
          action: 'admin.team_created',
          recordType: 'team',
          recordId: teamId,
          ip: origin.ip,
          details: { side: input.side },
        });
        return teamId;
      }),
    );
  }

  /** A user of the actor's organisation; anyone else's, or a malformed id, is simply not found. */
  private async loadUser(trx: Trx, actor: Actor, userId: string): Promise<repo.UserRow> {
    const user = isUuid(userId) ? await repo.findUser(trx, actor.organisationId, userId.toLowerCase()) : undefined;
    if (!user) {
      throw new NotFoundError();
    }
    return user;
  }

  /** The chosen teams, all of the actor's organisation, and together on one side of the wall. */
  private async loadTeams(trx: Trx, actor: Actor, teamIds: string[]): Promise<repo.TeamRow[]> {
    const teams = await repo.findTeams(trx, actor.organisationId, teamIds);
    if (teams.length !== teamIds.length) {
      throw new InvalidInputError(TEAM_NOT_AVAILABLE, { teams: TEAM_NOT_AVAILABLE });
    }
    if (breachesWall(teams.map((team) => team.side))) {
      throw new ConflictError(WALL_MESSAGE, { teams: WALL_MESSAGE });
    }
    return teams;
  }

  private invitationExpiry(): Date {
    return new Date(Date.now() + this.config.invitationValidHours * 3_600_000);
  }

  private activationUrl(token: string): string {
    return `${this.config.publicUrl}/account/activate/${token}`;
  }
}

/** Two administrators saving the same email or team name at once: the database's unique index decides. */
async function onUniqueViolation<T>(conflict: ConflictError, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === '23505') {
      throw conflict;
    }
    throw error;
  }
}
