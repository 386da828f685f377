import type { Actor, RequestOrigin } from '../access/index.js';
import { recordAuditEvent } from '../audit/service.js';
import type { Config } from '../config.js';
import { settingsSetBy } from '../db/actor-settings.js';
import { withActor, type Db } from '../db/database.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { decoyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import { hashToken, newToken } from './tokens.js';

export type SignInResult = { ok: true; sessionToken: string; actor: Actor } | { ok: false; message: string };

const SIGN_IN_FAILED =
  'Enter a correct email address and password. After repeated failed attempts an account is locked for a while.';
const SESSION_TOUCH_INTERVAL_MS = 60_000;

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
  ) {}

  async signIn(email: string, password: string, origin: RequestOrigin): Promise<SignInResult> {
    return withActor(this.db, null, async (trx) => {
      const user = await repo.findUserByEmail(trx, email);
      if (!user || !user.password_hash || !user.active) {
        await verifyPassword(await decoyPasswordHash(), password);
        await recordAuditEvent(trx, {
          organisationId: user?.organisation_id ?? null,
          actorUserId: user?.id ?? null,
          action: 'identity.sign_in_failed',
          recordType: user ? 'user' : undefined,
          recordId: user?.id,
          ip: origin.ip,
          details: { reason: user ? (user.active ? 'not_activated' : 'deactivated') : 'unknown_email' },
        });
        return { ok: false, message: SIGN_IN_FAILED };
      }
      const locked = user.locked_until !== null && user.locked_until.getTime() > Date.now();
      const passwordMatches = await verifyPassword(user.password_hash, password);
      if (locked || !passwordMatches) {
        let lockedNow = false;
        if (!locked) {
          const failures = user.failed_sign_in_count + 1;
          lockedNow = failures >= this.config.loginMaxFailures;
          const lockUntil = lockedNow ? new Date(Date.now() + this.config.loginLockoutMinutes * 60_000) : null;
          await repo.recordFailedSignIn(trx, user.id, lockUntil);
        }
        await recordAuditEvent(trx, {
          organisationId: user.organisation_id,
          actorUserId: user.id,
          action: lockedNow ? 'identity.account_locked' : 'identity.sign_in_failed',
          recordType: 'user',
          recordId: user.id,
          ip: origin.ip,
          details: { reason: locked ? 'locked' : 'wrong_password' },
        });
        return { ok: false, message: SIGN_IN_FAILED };
      }
      await repo.recordSuccessfulSignIn(trx, user.id);
      const sessionToken = await this.startSession(trx, user.id, user.organisation_id, origin);
      await recordAuditEvent(trx, {
        organisationId: user.organisation_id,
        actorUserId: user.id,
        action: 'identity.signed_in',
        recordType: 'user',
        recordId: user.id,
        ip: origin.ip,
      });
      const sides = await repo.sidesOfUser(trx, user.id);
      return {
        ok: true,
        sessionToken,
        actor: { userId: user.id, organisationId: user.organisation_id, displayName: user.display_name, sides: new Set(sides) },
      };
    });
  }

  private async startSession(
    trx: Parameters<typeof repo.insertSession>[0],
    userId: string,
    organisationId: string,
    origin: RequestOrigin,
  ): Promise<string> {
    const token = newToken();
    await repo.insertSession(trx, {
      id: hashToken(token),
      userId,
      organisationId,
      expiresAt: new Date(Date.now() + this.config.sessionAbsoluteHours * 3_600_000),
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    return token;
  }

  /** The actor behind a session cookie, or null when the session is unknown, idle too long, expired or the user deactivated. */
  async actorForSession(sessionToken: string): Promise<Actor | null> {
    const sessionId = hashToken(sessionToken);
    return withActor(this.db, null, async (trx) => {
      const session = await repo.findSession(trx, sessionId);
      if (!session) {
        return null;
      }
      const now = Date.now();
      const idleLimit = session.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000;
      if (!session.active || session.expiresAt.getTime() <= now || idleLimit <= now) {
        await settingsSetBy(trx, null);
        await repo.deleteSession(trx, sessionId);
        return null;
      }
      await settingsSetBy(trx, session);
      if (now - session.lastSeenAt.getTime() > SESSION_TOUCH_INTERVAL_MS) {
        await repo.touchSession(trx, sessionId);
      }
      const sides = session.sides;
      return {
        userId: session.userId,
        organisationId: session.organisationId,
        displayName: session.displayName,
        sides: new Set(sides),
      };
    });
  }

  async signOut(sessionToken: string, actor: Actor | null, origin: RequestOrigin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      await repo.deleteSession(trx, hashToken(sessionToken));
      if (actor) {
        await recordAuditEvent(trx, {
          organisationId: actor.organisationId,
          actorUserId: actor.userId,
          action: 'identity.signed_out',
          recordType: 'user',
          recordId: actor.userId,
          ip: origin.ip,
        });
      }
    });
  }

  /** Who an invitation link is for, or not found when the link is unknown or has expired. */
  async invitation(token: string): Promise<{ email: string; displayName: string }> {
    return withActor(this.db, null, async (trx) => {
      const user = await repo.findUserByInvitation(trx, hashToken(token));
      if (!user || !user.active || !user.invitation_expires_at || user.invitation_expires_at.getTime() <= Date.now()) {
        throw new NotFoundError(
          'This sign-in link is not valid. It may have expired or been used already: ask an administrator for a new one.',
        );
      }
      return { email: user.email, displayName: user.display_name };
    });
  }

  /** Sets the password of an invited (or reset) user and signs them in. */
  async acceptInvitation(
    token: string,
    password: string,
    confirmation: string,
    origin: RequestOrigin,
  ): Promise<{ sessionToken: string }> {
    const invited = await this.invitation(token);
    const problem = passwordProblem(password, invited);
    if (problem) {
      throw new InvalidInputError('Choose a different password', { password: problem });
    }
    if (password !== confirmation) {
      throw new InvalidInputError('The passwords do not match', { confirmation: 'Enter the same password twice' });
    }
    const passwordHash = await hashPassword(password);
    return withActor(this.db, null, async (trx) => {
      const user = await repo.findUserByInvitation(trx, hashToken(token));
      if (!user || !user.invitation_expires_at || user.invitation_expires_at.getTime() <= Date.now()) {
        throw new NotFoundError('This sign-in link is not valid. Ask an administrator for a new one.');
      }
      await repo.setPassword(trx, user.id, passwordHash);
      await recordAuditEvent(trx, {
        organisationId: user.organisation_id,
        actorUserId: user.id,
        action: 'identity.invitation_accepted',
        recordType: 'user',
        recordId: user.id,
        ip: origin.ip,
      });
      const sessionToken = await this.startSession(trx, user.id, user.organisation_id, origin);
      return { sessionToken };
    });
  }

  /** Changes the password and signs the user out everywhere else (a stolen session ends with the old password). */
  async changePassword(
    actor: Actor,
    currentSessionToken: string,
    current: string,
    password: string,
    confirmation: string,
    origin: RequestOrigin,
  ): Promise<void> {
    const user = await withActor(this.db, actor, (trx) => repo.findUserById(trx, actor.userId));
    if (!user?.password_hash || !(await verifyPassword(user.password_hash, current))) {
      throw new InvalidInputError('Check your current password', { current: 'Your current password is not correct' });
    }
    const problem = passwordProblem(password, { email: user.email, displayName: user.display_name });
    if (problem) {
      throw new InvalidInputError('Choose a different password', { password: problem });
    }
    if (password !== confirmation) {
      throw new InvalidInputError('The passwords do not match', { confirmation: 'Enter the same password twice' });
    }
    const passwordHash = await hashPassword(password);
    await withActor(this.db, actor, async (trx) => {
      await repo.setPassword(trx, actor.userId, passwordHash);
      await repo.deleteOtherSessionsOfUser(trx, actor.userId, hashToken(currentSessionToken));
      await recordAuditEvent(trx, {
        organisationId: actor.organisationId,
        actorUserId: actor.userId,
        action: 'identity.password_changed',
        recordType: 'user',
        recordId: actor.userId,
        ip: origin.ip,
      });
    });
  }
}
