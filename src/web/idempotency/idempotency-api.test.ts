// Safe retries through the API: a POST sent again with the same Idempotency-Key saves once and answers as the first did.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { deleteExpiredIdempotencyKeys } from '../../db/idempotency-expiry.js';
import { statementsDuring } from '../../../test/fixtures/statements.js';
import type { TestApp } from '../../../test/fixtures/app.js';
import { usingPostgres } from '../../../test/fixtures/database.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import type { TestOrganisation } from '../../../test/fixtures/organisation.js';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './hooks.js';
import { setUpIdempotencyTest, sameResponse, withKey, type IdempotencyTest } from './idempotency-test-setup.js';
import { lockName } from './store.js';

let t: TestApp;
let org: TestOrganisation;
let known: IdempotencyTest['known'];
let facilitator: TestClient;
let partnerWorker: TestClient;
let hisNotes: IdempotencyTest['hisNotes'];
let herNotes: IdempotencyTest['herNotes'];
let participantsNamed: IdempotencyTest['participantsNamed'];

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker, hisNotes, herNotes, participantsNamed } = await setUpIdempotencyTest());
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

describe('the API: a POST sent again with the same Idempotency-Key', () => {
  it('adds his case note once, and the retry gets the same answer back', async () => {
    const note = 'Arrived early for the group and helped set out the chairs';
    const url = `/api/v1/participants/${known.participantId}/notes`;
    const first = await facilitator.request('POST', url, { json: { body: note }, ...withKey('his-note-7f3a') });
    const second = await facilitator.request('POST', url, { json: { body: note }, ...withKey('his-note-7f3a') });

    expect(first.statusCode).toBe(201);
    sameResponse(first, second);
    expect(first.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(second.headers[REPLAYED_HEADER]).toBe('true');
    expect(await hisNotes(note)).toBe(1);
  });

  it('adds her support note once (her side of the wall)', async () => {
    const note = 'Talked through the safety plan; she keeps the spare key at her sister’s';
    const url = `/api/v1/partner-cases/${known.currentCaseId}/notes`;
    const first = await partnerWorker.request('POST', url, { json: { body: note }, ...withKey('her-note-1') });
    const second = await partnerWorker.request('POST', url, { json: { body: note }, ...withKey('her-note-1') });

    expect(first.statusCode).toBe(201);
    sameResponse(first, second);
    expect(await herNotes(note)).toBe(1);
    // Her note handed out again is a read of her record like any other: it is in the audit log.
    const replays = await t.database.db
      .selectFrom('audit_events')
      .select(['details', 'actor_user_id'])
      .where('action', '=', 'request.replayed')
      .where('actor_user_id', '=', org.users.partner.id)
      .execute();
    expect(replays).toHaveLength(1);
    expect(replays[0]?.details).toMatchObject({ request: `POST ${url}`, key: 'Idempotency-Key' });
  });

  it('creates one participant, and both answers name the same record', async () => {
    const json = { givenName: 'Barnaby', familyName: 'Quenington', status: 'assessment' };
    const first = await facilitator.request('POST', '/api/v1/participants', { json, ...withKey('new-participant-1') });
    const second = await facilitator.request('POST', '/api/v1/participants', { json, ...withKey('new-participant-1') });

    expect(first.statusCode).toBe(201);
    sameResponse(first, second);
    expect(await participantsNamed('Quenington')).toBe(1);
  });

  it('keeps the answer in the same transaction as the note, before it commits', async () => {
    const url = `/api/v1/participants/${known.participantId}/notes`;
    let status = 0;
    const statements = await statementsDuring(async () => {
      const response = await facilitator.request('POST', url, { json: { body: 'Brought his workbook' }, ...withKey('one-tx') });
      status = response.statusCode;
    });
    const at = (pattern: RegExp) => statements.findIndex((s) => pattern.test(s));

    expect(status).toBe(201);
    expect(statements.filter((s) => /^\s*(begin|start transaction)/i.test(s))).toHaveLength(1);
    const note = at(/^\s*insert into "perpetrator_case_notes"/i);
    const kept = at(/^\s*insert into "idempotency_keys"/i);
    // On PostgreSQL the request's audit entries travel with its commit ("insert ...; commit").
    const commit = at(/^\s*commit\s*$|;\s*commit\s*$/i);
    expect(note).toBeGreaterThan(at(/^\s*(begin|start transaction)/i));
    expect(kept).toBeGreaterThan(note);
    expect(commit).toBeGreaterThan(kept);
  });

  it('refuses the same key with another body with a 422 that says so, and saves nothing more', async () => {
    const url = `/api/v1/participants/${known.participantId}/notes`;
    await facilitator.request('POST', url, { json: { body: 'Phoned to say he will be late' }, ...withKey('reused-key') });
    const other = await facilitator.request('POST', url, { json: { body: 'Did not attend' }, ...withKey('reused-key') });

    expect(other.statusCode).toBe(422);
    expect(other.json<{ error: { message: string } }>().error.message).toMatch(/already used .* different body/);
    expect(await hisNotes('Did not attend')).toBe(0);
  });

  it.each([
    ['a space', 'two words'],
    ['nothing', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a non-ASCII letter', 'clé'],
  ])('refuses a key with %s with a 400 and saves nothing', async (_what, key) => {
    const note = `A note sent with a malformed key (${key.length})`;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/participants/${known.participantId}/notes`,
      headers: { cookie: facilitator.cookieHeader(), 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: key },
      payload: JSON.stringify({ body: note }),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/Idempotency-Key header must be 1 to 255/);
    expect(await hisNotes(note)).toBe(0);
  });

  it('without a key runs each time, as before', async () => {
    const note = 'Sent twice without a key';
    const url = `/api/v1/participants/${known.participantId}/notes`;
    await facilitator.request('POST', url, { json: { body: note } });
    await facilitator.request('POST', url, { json: { body: note } });

    expect(await hisNotes(note)).toBe(2);
  });

  it('runs again once the kept response has expired, and housekeeping clears expired keys away', async () => {
    const note = 'Asked for the session times again';
    const url = `/api/v1/participants/${known.participantId}/notes`;
    await facilitator.request('POST', url, { json: { body: note }, ...withKey('expiring-key') });
    await t.database.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('key', '=', 'expiring-key')
      .execute();

    const again = await facilitator.request('POST', url, { json: { body: note }, ...withKey('expiring-key') });
    expect(again.statusCode).toBe(201);
    expect(again.headers[REPLAYED_HEADER]).toBeUndefined();
    expect(await hisNotes(note)).toBe(2);

    await t.database.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('key', '=', 'expiring-key')
      .execute();
    const live = await t.database.db.selectFrom('idempotency_keys').select('key').where('expires_at', '>', new Date()).execute();
    expect(await deleteExpiredIdempotencyKeys(t.database.db)).toBe(1);
    const left = await t.database.db.selectFrom('idempotency_keys').select('key').execute();
    expect(left.map((row) => row.key).sort()).toEqual(live.map((row) => row.key).sort());
  });

  it.skipIf(!usingPostgres())('answers 409 while the first request with the key is still being processed', async () => {
    const note = 'Sent while the first was still being saved';
    const url = `/api/v1/participants/${known.participantId}/notes`;
    const scope = {
      organisationId: org.id,
      userId: org.users.perpetrator.id,
      key: 'in-flight-key',
      requestTarget: `POST ${url}`,
    };
    // The first request holds its key's lock until its transaction ends: held here the same way.
    const retried = await t.database.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${lockName(scope)}, 0))`.execute(trx);
      return facilitator.request('POST', url, { json: { body: note }, ...withKey('in-flight-key') });
    });

    expect(retried.statusCode).toBe(409);
    expect(retried.json<{ error: { message: string } }>().error.message).toMatch(/still being processed/);
    expect(await hisNotes(note)).toBe(0);
    const later = await facilitator.request('POST', url, { json: { body: note }, ...withKey('in-flight-key') });
    expect(later.statusCode).toBe(201);
    expect(await hisNotes(note)).toBe(1);
  });
});
