// Safe retries and the wall: a kept response is given back only to the user who sent it, and only while they hold the same side.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withActor } from '../../db/database.js';
import type { TestApp } from '../../../test/fixtures/app.js';
import { actorOf } from '../../../test/fixtures/cases.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import { REPLAYED_HEADER } from './hooks.js';
import { setUpIdempotencyTest, withKey, type IdempotencyTest } from './idempotency-test-setup.js';

let t: TestApp;
let org: TestOrganisation;
let known: IdempotencyTest['known'];
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
let herNotes: IdempotencyTest['herNotes'];

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker, manager, herNotes } = await setUpIdempotencyTest());
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

describe('the wall: a kept response is its sender’s alone', () => {
  const note = 'She has moved to her mother’s; do not use the old number';
  const url = () => `/api/v1/partner-cases/${known.currentCaseId}/notes`;

  beforeAll(async () => {
    const first = await partnerWorker.request('POST', url(), { json: { body: note }, ...withKey('shared-key') });
    expect(first.statusCode).toBe(201);
  });

  it('his facilitator sending her worker’s key gets "not found", never her note', async () => {
    const response = await facilitator.request('POST', url(), { json: { body: note }, ...withKey('shared-key') });

    expect(response.statusCode).toBe(404);
    expect(response.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(response.body).not.toContain('mother');
    expect(await herNotes(note)).toBe(1);
  });

  it('a manager sending the same key runs a request of their own', async () => {
    const response = await manager.request('POST', url(), { json: { body: note }, ...withKey('shared-key') });

    expect(response.statusCode).toBe(201);
    expect(response.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await herNotes(note)).toBe(2);
  });

  it('row-level security shows each user only their own kept responses', async () => {
    const visibleTo = async (side: 'perpetrator' | 'partner' | 'management') =>
      withActor(t.database.db, actorOf(org, side), (trx) =>
        trx.selectFrom('idempotency_keys').select(['user_id', 'key']).where('key', '=', 'shared-key').execute(),
      );

    expect(await visibleTo('perpetrator')).toEqual([]);
    expect(await visibleTo('partner')).toEqual([{ user_id: org.users.partner.id, key: 'shared-key' }]);
    expect(await visibleTo('management')).toEqual([{ user_id: org.users.management.id, key: 'shared-key' }]);
  });
});

describe('a retry after a change of side', () => {
  it('is not given a response kept while its sender held a side they no longer hold', async () => {
    const note = 'Her worker’s note before moving teams';
    const url = `/api/v1/partner-cases/${known.exCaseId}/notes`;
    await partnerWorker.request('POST', url, { json: { body: note }, ...withKey('before-the-move') });
    await t.database.db.deleteFrom('team_memberships').where('user_id', '=', org.users.partner.id).execute();
    await t.database.db
      .insertInto('team_memberships')
      .values({ organisation_id: org.id, team_id: org.teams.perpetrator, user_id: org.users.partner.id })
      .execute();

    const retry = await partnerWorker.request('POST', url, { json: { body: note }, ...withKey('before-the-move') });
    expect(retry.statusCode).toBe(404);
    expect(retry.body).not.toContain('before moving teams');
    const kept = await withActor(t.database.db, actorOf(org, 'partner'), (trx) =>
      trx.selectFrom('idempotency_keys').select('key').where('key', '=', 'before-the-move').execute(),
    );
    expect(kept).toEqual([]);
  });
});
