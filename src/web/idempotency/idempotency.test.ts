import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withActor } from '../../db/database.js';
import { deleteExpiredIdempotencyKeys } from '../../db/idempotency-expiry.js';
import { statementsDuring } from '../../../test/fixtures/statements.js';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { actorOf, createCaseWithPartners } from '../../../test/fixtures/cases.js';
import { usingPostgres } from '../../../test/fixtures/database.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './hooks.js';
import { lockName } from './store.js';

/*
 * Safe retries against the real application and database: a POST sent again with the same
 * Idempotency-Key (API) or form token (pages) saves once and answers as the first did, whichever
 * side of the wall it is on, and a stored response is only ever given back to the user who sent it.
 */

let t: TestApp;
let org: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Kestrelford');
  known = await createCaseWithPartners(t.database.db, org, 'K');
  [facilitator, partnerWorker, manager] = await Promise.all([
    t.signedIn(org.users.perpetrator),
    t.signedIn(org.users.partner),
    t.signedIn(org.users.management),
  ]);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

async function hisNotes(body: string): Promise<number> {
  const rows = await t.database.db.selectFrom('perpetrator_case_notes').select('id').where('body', '=', body).execute();
  return rows.length;
}

async function herNotes(body: string): Promise<number> {
  const rows = await t.database.db.selectFrom('partner_case_notes').select('id').where('body', '=', body).execute();
  return rows.length;
}

async function participantsNamed(familyName: string): Promise<number> {
  const rows = await t.database.db.selectFrom('participants').select('id').where('family_name', '=', familyName).execute();
  return rows.length;
}

const withKey = (key: string) => ({ headers: { [IDEMPOTENCY_KEY_HEADER]: key } });
const sameResponse = (first: LightMyRequestResponse, second: LightMyRequestResponse) => {
  expect(second.statusCode).toBe(first.statusCode);
  expect(second.body).toBe(first.body);
  expect(second.headers['content-type']).toBe(first.headers['content-type']);
  expect(second.headers.location).toBe(first.headers.location);
};

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
    const commit = at(/^\s*commit/i);
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

describe('pages: a form sent again with the same form token', () => {
  const formOn = async (client: TestClient, url: string) => {
    const page = await client.get(url);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const token = /name="_formToken" value="([^"]+)"/.exec(page.body)?.[1];
    expect(csrf).toBeTruthy();
    expect(token).toBeTruthy();
    return { _csrf: csrf as string, _formToken: token as string };
  };
  const newParticipant = (familyName: string) => ({
    givenName: 'Ambrose',
    familyName,
    'dateOfBirth-day': '21',
    'dateOfBirth-month': '6',
    'dateOfBirth-year': '1981',
    gender: 'man',
    status: 'assessment',
    allocatedWorkerId: '',
  });

  it('each form shown carries a new token beside its CSRF field', async () => {
    const first = await formOn(facilitator, '/participants/new');
    const second = await formOn(facilitator, '/participants/new');
    expect(first._formToken).not.toBe(second._formToken);
  });

  it('creates one participant and redirects both times to the same place', async () => {
    const tokens = await formOn(facilitator, '/participants/new');
    const form = { ...newParticipant('Ditchling'), ...tokens };
    const first = await facilitator.request('POST', '/participants/new', { form });
    const second = await facilitator.request('POST', '/participants/new', { form });

    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toMatch(/^\/participants\/[0-9a-f-]{36}$/);
    sameResponse(first, second);
    expect(await participantsNamed('Ditchling')).toBe(1);
  });

  it('adds her note once from her case page', async () => {
    const note = 'Left a message on the safe number at the agreed time';
    const tokens = await formOn(partnerWorker, `/partner-cases/${known.currentCaseId}`);
    const form = { body: note, ...tokens };
    const first = await partnerWorker.request('POST', `/partner-cases/${known.currentCaseId}/notes`, { form });
    const second = await partnerWorker.request('POST', `/partner-cases/${known.currentCaseId}/notes`, { form });

    expect(first.statusCode).toBe(303);
    sameResponse(first, second);
    expect(await herNotes(note)).toBe(1);
  });

  it('says the form was already sent when its token comes back with other answers', async () => {
    const tokens = await formOn(facilitator, '/participants/new');
    await facilitator.request('POST', '/participants/new', { form: { ...newParticipant('Amberley'), ...tokens } });
    const other = await facilitator.request('POST', '/participants/new', { form: { ...newParticipant('Bramber'), ...tokens } });

    expect(other.statusCode).toBe(422);
    expect(other.body).toContain('This form was already sent with different answers');
    expect(await participantsNamed('Bramber')).toBe(0);
  });

  it('a form that was refused for its answers can be corrected and sent with the same token', async () => {
    const tokens = await formOn(facilitator, '/participants/new');
    const refused = await facilitator.request('POST', '/participants/new', {
      form: { ...newParticipant('Storrington'), givenName: '', ...tokens },
    });
    const corrected = await facilitator.request('POST', '/participants/new', {
      form: { ...newParticipant('Storrington'), ...tokens },
    });

    expect(refused.statusCode).toBe(400);
    expect(corrected.statusCode).toBe(303);
    expect(await participantsNamed('Storrington')).toBe(1);
  });

  it("a page rendered in answer to a form (a new user's sign-in link) is never kept", async () => {
    const admin = await t.signedIn(org.users.admin);
    const tokens = await formOn(admin, '/admin/users/new');
    const invited = await admin.request('POST', '/admin/users/new', {
      form: {
        displayName: 'Tamsin Oakhanger',
        email: 'tamsin.oakhanger@kestrelford.example',
        teams: org.teams.partner,
        ...tokens,
      },
    });

    expect(invited.statusCode).toBe(200);
    expect(invited.body).toContain('data-qa="activation-link"');
    const kept = await t.database.db.selectFrom('idempotency_keys').select('key').where('key', '=', tokens._formToken).execute();
    expect(kept).toEqual([]);
  });

  it('without a token (an older page, a script) the form is saved each time, as before', async () => {
    const { _csrf } = await formOn(facilitator, '/participants/new');
    const form = { ...newParticipant('Washington'), _csrf };
    await facilitator.request('POST', '/participants/new', { form });
    await facilitator.request('POST', '/participants/new', { form });

    expect(await participantsNamed('Washington')).toBe(2);
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
