import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import type { ProgrammeSide } from '../../db/schema.js';
import { sessions, type SessionRow } from './repository.js';

export async function listFacilitatorSessions(
  trx: Trx,
  userId: string,
  sides: ProgrammeSide[],
  from: Date,
  to: Date,
): Promise<SessionRow[]> {
  if (sides.length === 0) {
    return [];
  }
  return sessions(trx)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('session_facilitators')
          .select('session_facilitators.user_id')
          .whereRef('session_facilitators.session_id', '=', 'programme_sessions.id')
          .where('session_facilitators.user_id', '=', userId),
      ),
    )
    .where('programme_sessions.side', 'in', sides)
    .where('programme_sessions.starts_at', '>=', from)
    .where('programme_sessions.starts_at', '<', to)
    .orderBy('programme_sessions.starts_at')
    .execute();
}

export async function listVenueSessions(
  trx: Trx,
  venueId: string,
  sides: ProgrammeSide[],
  from: Date,
  to: Date,
): Promise<SessionRow[]> {
  if (sides.length === 0) {
    return [];
  }
  return sessions(trx)
    .where('programme_sessions.venue_id', '=', venueId)
    .where('programme_sessions.side', 'in', sides)
    .where('programme_sessions.starts_at', '>=', from)
    .where('programme_sessions.starts_at', '<', to)
    .orderBy('programme_sessions.starts_at')
    .execute();
}

/** How many times each session has changed, for the feed's SEQUENCE. */
export async function changeCounts(trx: Trx, sessionIds: string[]): Promise<Map<string, number>> {
  if (sessionIds.length === 0) {
    return new Map();
  }
  const rows = await trx
    .selectFrom('session_changes')
    .select(['session_id as sessionId', sql<number>`count(*)::int`.as('n')])
    .where('session_id', 'in', sessionIds)
    .groupBy('session_id')
    .execute();
  return new Map(rows.map((r) => [r.sessionId, r.n]));
}

export async function findUserName(trx: Trx, organisationId: string, userId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.display_name;
}

// The feed address: looked up before any actor exists, as sign-in sessions are.
export async function findFeedToken(
  trx: Trx,
  tokenHash: string,
): Promise<{ userId: string; organisationId: string; displayName: string; active: boolean } | undefined> {
  return trx
    .selectFrom('calendar_feed_tokens')
    .innerJoin('users', 'users.id', 'calendar_feed_tokens.user_id')
    .select([
      'calendar_feed_tokens.user_id as userId',
      'calendar_feed_tokens.organisation_id as organisationId',
      'users.display_name as displayName',
      'users.active',
    ])
    .where('calendar_feed_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function feedTokenCreatedAt(trx: Trx, userId: string): Promise<Date | undefined> {
  const row = await trx.selectFrom('calendar_feed_tokens').select('created_at').where('user_id', '=', userId).executeTakeFirst();
  return row?.created_at;
}

export async function replaceFeedToken(trx: Trx, userId: string, organisationId: string, tokenHash: string): Promise<void> {
  await trx.deleteFrom('calendar_feed_tokens').where('user_id', '=', userId).execute();
  await trx
    .insertInto('calendar_feed_tokens')
    .values({ user_id: userId, organisation_id: organisationId, token_hash: tokenHash })
    .execute();
}

export async function deleteFeedToken(trx: Trx, userId: string): Promise<boolean> {
  const result = await trx.deleteFrom('calendar_feed_tokens').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
