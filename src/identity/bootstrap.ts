import { recordAuditEvent } from '../audit/service.js';
import type { Config } from '../config.js';
import { withActor, type Db } from '../db/database.js';
import { hashToken, newToken } from './tokens.js';

export type FirstStart = { created: boolean; activationUrl: string | null };

/**
 * On first start, creates the organisation and its first administrator, with a one-time sign-in
 * link (never a fixed default password). While nobody has set a password yet, each start prints
 * a fresh link, so a lost console message is not a locked-out service.
 */
export async function ensureFirstAdministrator(db: Db, config: Config): Promise<FirstStart> {
  return withActor(db, null, async (trx) => {
    const anyOrganisation = await trx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    let created = false;
    if (!anyOrganisation) {
      const organisation = await trx
        .insertInto('organisations')
        .values({ name: config.organisationName })
        .returning('id')
        .executeTakeFirstOrThrow();
      const team = await trx
        .insertInto('teams')
        .values({ organisation_id: organisation.id, name: 'Administrators', side: 'admin' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const admin = await trx
        .insertInto('users')
        .values({ organisation_id: organisation.id, email: 'admin@parallel.local', display_name: 'Administrator' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('team_memberships')
        .values({ organisation_id: organisation.id, team_id: team.id, user_id: admin.id })
        .execute();
      await recordAuditEvent(trx, {
        organisationId: organisation.id,
        actorUserId: null,
        action: 'system.organisation_created',
        recordType: 'organisation',
        recordId: organisation.id,
        details: { firstAdministratorId: admin.id },
      });
      created = true;
    }
    const anyPassword = await trx
      .selectFrom('users')
      .select('id')
      .where('password_hash', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    if (anyPassword) {
      return { created, activationUrl: null };
    }
    const firstAdmin = await trx
      .selectFrom('users')
      .innerJoin('team_memberships', 'team_memberships.user_id', 'users.id')
      .innerJoin('teams', 'teams.id', 'team_memberships.team_id')
      .select('users.id')
      .where('teams.side', '=', 'admin')
      .orderBy('users.created_at')
      .limit(1)
      .executeTakeFirst();
    if (!firstAdmin) {
      return { created, activationUrl: null };
    }
    const token = newToken();
    await trx
      .updateTable('users')
      .set({
        invitation_token_hash: hashToken(token),
        invitation_expires_at: new Date(Date.now() + config.invitationValidHours * 3_600_000),
      })
      .where('id', '=', firstAdmin.id)
      .execute();
    return { created, activationUrl: `${config.publicUrl}/account/activate/${token}` };
  });
}
