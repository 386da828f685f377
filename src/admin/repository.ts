import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Side } from '../db/schema.js';

/*
 * SQL for user and team administration. Every query is limited to one organisation: users and
 * teams have no row-level security, so this filter is the only thing keeping organisations apart.
 */

export type UserRow = {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
  passwordSet: boolean;
  lockedUntil: Date | null;
  invitationExpiresAt: Date | null;
  lastSignedInAt: Date | null;
  createdAt: Date;
};

export type TeamRow = { id: string; name: string; side: Side };
export type MembershipRow = TeamRow & { userId: string };

const userColumns = [
  'users.id as id',
  'users.email as email',
  'users.display_name as displayName',
  'users.active as active',
  'users.locked_until as lockedUntil',
  'users.invitation_expires_at as invitationExpiresAt',
  'users.last_signed_in_at as lastSignedInAt',
  'users.created_at as createdAt',
] as const;

export async function listUsers(trx: Trx, organisationId: string): Promise<UserRow[]> {
  return trx
    .selectFrom('users')
    .select(userColumns)
    .select(sql<boolean>`users.password_hash IS NOT NULL`.as('passwordSet'))
    .where('users.organisation_id', '=', organisationId)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

export async function findUser(trx: Trx, organisationId: string, userId: string): Promise<UserRow | undefined> {
  return trx
    .selectFrom('users')
    .select(userColumns)
    .select(sql<boolean>`users.password_hash IS NOT NULL`.as('passwordSet'))
    .where('users.organisation_id', '=', organisationId)
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

/** Team memberships in the organisation, for one user or (without userId) for everyone. */
export async function listMemberships(trx: Trx, organisationId: string, userId?: string): Promise<MembershipRow[]> {
  let query = trx
    .selectFrom('team_memberships')
    .innerJoin('teams', 'teams.id', 'team_memberships.team_id')
    .select(['team_memberships.user_id as userId', 'teams.id as id', 'teams.name as name', 'teams.side as side'])
    .where('team_memberships.organisation_id', '=', organisationId)
    .where('teams.organisation_id', '=', organisationId);
  if (userId) {
    query = query.where('team_memberships.user_id', '=', userId);
  }
  return query.orderBy('teams.name').execute();
}

export async function listTeams(trx: Trx, organisationId: string): Promise<Array<TeamRow & { memberCount: number }>> {
  const rows = await trx
    .selectFrom('teams')
    .leftJoin('team_memberships', (join) =>
      join.onRef('team_memberships.team_id', '=', 'teams.id').on('team_memberships.organisation_id', '=', organisationId),
    )
    .select(['teams.id as id', 'teams.name as name', 'teams.side as side'])
    .select((eb) => eb.fn.count<string>('team_memberships.user_id').as('memberCount'))
    .where('teams.organisation_id', '=', organisationId)
    .groupBy(['teams.id', 'teams.name', 'teams.side'])
    .orderBy('teams.name')
    .execute();
  return rows.map((row) => ({ ...row, memberCount: Number(row.memberCount) }));
}

export async function findTeams(trx: Trx, organisationId: string, teamIds: string[]): Promise<TeamRow[]> {
  if (teamIds.length === 0) {
    return [];
  }
  return trx
    .selectFrom('teams')
    .select(['id', 'name', 'side'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', teamIds)
    .execute();
}

export async function teamNameInUse(trx: Trx, organisationId: string, name: string): Promise<boolean> {
  const row = await trx
    .selectFrom('teams')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertTeam(trx: Trx, organisationId: string, team: { name: string; side: Side }): Promise<string> {
  const row = await trx
    .insertInto('teams')
    .values({ organisation_id: organisationId, name: team.name, side: team.side })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Email addresses sign people in, so they are unique across every organisation on the
 * installation: the one lookup here that is not limited to the caller's organisation. It answers
 * only yes or no.
 */
export async function emailInUse(trx: Trx, email: string): Promise<boolean> {
  const row = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

export async function insertInvitedUser(
  trx: Trx,
  organisationId: string,
  user: { email: string; displayName: string; invitationTokenHash: string; invitationExpiresAt: Date },
): Promise<string> {
  const row = await trx
    .insertInto('users')
    .values({
      organisation_id: organisationId,
      email: user.email,
      display_name: user.displayName,
      password_hash: null,
      invitation_token_hash: user.invitationTokenHash,
      invitation_expires_at: user.invitationExpiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addMemberships(trx: Trx, organisationId: string, userId: string, teamIds: string[]): Promise<void> {
  if (teamIds.length === 0) {
    return;
  }
  await trx
    .insertInto('team_memberships')
    .values(teamIds.map((teamId) => ({ organisation_id: organisationId, team_id: teamId, user_id: userId })))
    .execute();
}

export async function removeMemberships(trx: Trx, organisationId: string, userId: string, teamIds: string[]): Promise<void> {
  if (teamIds.length === 0) {
    return;
  }
  await trx
    .deleteFrom('team_memberships')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('team_id', 'in', teamIds)
    .execute();
}

export async function setUserActive(trx: Trx, organisationId: string, userId: string, active: boolean): Promise<void> {
  await trx
    .updateTable('users')
    .set({ active, updated_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .execute();
}

/** Clears the password and any lock, and sets a new one-time invitation. */
export async function resetCredentials(
  trx: Trx,
  organisationId: string,
  userId: string,
  invitation: { tokenHash: string; expiresAt: Date },
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      password_hash: null,
      failed_sign_in_count: 0,
      locked_until: null,
      invitation_token_hash: invitation.tokenHash,
      invitation_expires_at: invitation.expiresAt,
      updated_at: new Date(),
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', userId)
    .execute();
}

/** Ends every session of the user; returns how many there were. */
export async function deleteSessionsOfUser(trx: Trx, organisationId: string, userId: string): Promise<number> {
  const rows = await trx
    .deleteFrom('sessions')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .returning('id')
    .execute();
  return rows.length;
}
