import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor, type DatabaseActor } from '../db/actor-settings.js';
import { UnitOfWork, runInUnitOfWork } from '../db/unit-of-work.js';
import { statementsDuring } from '../../test/fixtures/statements.js';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { IdentityService } from './service.js';

/*
 * The session lookup decides who a request acts for: it sets that user's settings for row-level
 * security in its own statement (no second preamble), and never leaves an idle or expired
 * session's user acting.
 */

let t: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrganisation(t.database.db);
});
afterAll(() => t.close());

describe("the session lookup and the request's settings", () => {
  it("the session lookup sets its user's settings in its own statement; an idle session's user is never acted for", async () => {
    const identity = new IdentityService(t.database.db, t.config);
    const signedIn = await identity.signIn(org.users.partner.email, org.users.partner.password, { ip: null, userAgent: null });
    if (!signedIn.ok) {
      throw new Error('sign-in failed');
    }
    const settingNow = (actorNow: DatabaseActor) =>
      withActor(t.database.db, actorNow, async (trx) => {
        const row = await sql<{ user_id: string }>`SELECT current_setting('app.user_id', true) AS user_id`.execute(trx);
        return row.rows[0]?.user_id;
      });

    const live = new UnitOfWork(t.database.db, true);
    const seen = await statementsDuring(() =>
      runInUnitOfWork(live, async () => {
        const found = await identity.actorForSession(signedIn.sessionToken);
        expect(found?.userId).toBe(org.users.partner.id);
        expect(await settingNow({ userId: org.users.partner.id, organisationId: org.id })).toBe(org.users.partner.id);
        await live.finish('commit');
      }),
    );
    // The anonymous preamble for the lookup, and none for her calls after it.
    expect(seen.filter((s) => s.includes("set_config('role', 'parallel_app', true)"))).toHaveLength(1);

    // Idle past the limit: the lookup has set her settings, and they are taken back at once.
    await sql`UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE user_id = ${org.users.partner.id}`.execute(
      t.database.db,
    );
    const idle = new UnitOfWork(t.database.db, true);
    await runInUnitOfWork(idle, async () => {
      expect(await identity.actorForSession(signedIn.sessionToken)).toBeNull();
      expect(await settingNow(null)).toBe('');
      await idle.finish('commit');
    });
  });
});
