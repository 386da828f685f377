import { sql } from 'kysely';
import { compiledQuery, type Placeholders } from '../db/compiled-query.js';
import { contextSettings } from '../db/actor-settings.js';
import type { Trx } from '../db/database.js';
import type { Side, User } from '../db/schema.js';

export async function findUserByEmail(trx: Trx, email: string): Promise<User | undefined> {
  return trx.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUserById(trx: Trx, id: string): Promise<User | undefined> {
  return trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByInvitation(trx: Trx, tokenHash: string): Promise<User | undefined> {
  return trx.selectFrom('users').selectAll().where('invitation_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function sidesOfUser(trx: Trx, userId: string): Promise<Side[]> {
  const rows = await trx
    .selectFrom('team_memberships')
    .innerJoin('teams', 'teams.id', 'team_memberships.team_id')
    .select('teams.side')
    .distinct()
    .where('team_memberships.user_id', '=', userId)
    .execute();
  return rows.map((r) => r.side);
}

export async function recordFailedSignIn(trx: Trx, userId: string, lockUntil: Date | null): Promise<number> {
  const row = await trx
    .updateTable('users')
    .set((eb) =>
      lockUntil
        ? { failed_sign_in_count: 0, locked_until: lockUntil }
        : { failed_sign_in_count: eb('failed_sign_in_count', '+', 1) },
    )
    .where('id', '=', userId)
    .returning('failed_sign_in_count')
    .executeTakeFirstOrThrow();
  return row.failed_sign_in_count;
}

export async function recordSuccessfulSignIn(trx: Trx, userId: string): Promise<void> {
  await trx
    .updateTable('users')
    .set({ failed_sign_in_count: 0, locked_until: null, last_signed_in_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function setPassword(trx: Trx, userId: string, passwordHash: string): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      invitation_token_hash: null,
      invitation_expires_at: null,
      failed_sign_in_count: 0,
      locked_until: null,
      updated_at: new Date(),
    })
    .where('id', '=', userId)
    .execute();
}

export type SessionRow = {
  /** The sides of the teams the user belongs to, read with the session (one query per request). */
  sides: Side[];
  sessionId: string;
  userId: string;
  organisationId: string;
  displayName: string;
  email: string;
  lastSeenAt: Date;
  expiresAt: Date;
  active: boolean;
};

export async function insertSession(
  trx: Trx,
  session: { id: string; userId: string; organisationId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await trx
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      organisation_id: session.organisationId,
      expires_at: session.expiresAt,
      last_seen_at: new Date(),
      ip: session.ip,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

const sessionQuery = compiledQuery(
  (db, p: Placeholders<{ sessionId: string }>) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as sessionId',
        'sessions.user_id as userId',
        'sessions.organisation_id as organisationId',
        'users.display_name as displayName',
        'users.email as email',
        'sessions.last_seen_at as lastSeenAt',
        'sessions.expires_at as expiresAt',
        'users.active as active',
        // JSON, so that both drivers hand back an array whatever the enum's type id.
        sql<Side[]>`(SELECT coalesce(json_agg(DISTINCT teams.side), '[]'::json) FROM team_memberships
                   JOIN teams ON teams.id = team_memberships.team_id WHERE team_memberships.user_id = sessions.user_id)`.as(
          'sides',
        ),
        // Last, after the columns above are read: the settings for the session's user, so the
        // request's next statement runs for them without a preamble (see settingsSetBy).
        ...contextSettings({
          userId: sql<string>`sessions.user_id::text`,
          organisationId: sql<string>`sessions.organisation_id::text`,
        }),
      ])
      .where('sessions.id', '=', p.sessionId),
  // A request's first read: on PostgreSQL it travels with its transaction's `begin` and settings.
  { opensTransaction: true },
);

export async function findSession(trx: Trx, sessionId: string): Promise<SessionRow | undefined> {
  return sessionQuery.first(trx, { sessionId });
}

export async function touchSession(trx: Trx, sessionId: string): Promise<void> {
  await trx.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', sessionId).execute();
}

export async function deleteSession(trx: Trx, sessionId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteOtherSessionsOfUser(trx: Trx, userId: string, keepSessionId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepSessionId).execute();
}
