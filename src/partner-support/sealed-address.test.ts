import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { withActor } from '../db/database.js';

let t: TestApp;
let org: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let herWorker: TestClient;
let otherWorker: TestClient;
let manager: TestClient;
let facilitator: TestClient;
let dpo: TestClient;
let partnerId: string;

/** Her address as the fixture records it: none of it may reach anyone but her allocated worker once sealed. */
const ADDRESS = ['Z9 Larkspur Terrace', 'Northbridge', 'LS9 8QT'];
const REASON = 'Safeguarding strategy meeting asked which borough she lives in.';

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Falmouth');
  known = await createCaseWithPartners(t.database.db, org, 'Z');
  partnerId = (
    await t.database.db
      .selectFrom('partner_cases')
      .select('partner_id')
      .where('id', '=', known.currentCaseId)
      .executeTakeFirstOrThrow()
  ).partner_id;
  // A second partner support worker, not allocated to her.
  const hash = await t.database.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', org.users.partner.id)
    .executeTakeFirstOrThrow();
  const other = await t.database.db
    .insertInto('users')
    .values({
      organisation_id: org.id,
      email: 'other.partner@falmouth.example',
      display_name: 'Falmouth other partner worker',
      password_hash: hash.password_hash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('team_memberships')
    .values({ organisation_id: org.id, team_id: org.teams.partner, user_id: other.id })
    .execute();
  const signedIn = async (email: string): Promise<TestClient> => {
    const client = t.client();
    await client.signIn(email, TEST_PASSWORD);
    return client;
  };
  herWorker = await signedIn(org.users.partner.email);
  otherWorker = await signedIn('other.partner@falmouth.example');
  manager = await signedIn(org.users.management.email);
  facilitator = await signedIn(org.users.perpetrator.email);
  dpo = await signedIn(org.users.dpo.email);
});
afterAll(async () => t?.close());

/** Every response that could carry her address: pages, lists, the known-person check, the API. */
async function walk(client: TestClient): Promise<string[]> {
  const id = known.currentCaseId;
  const bodies = [
    await client.get(`/partner-cases/${id}/contact`),
    await client.get(`/partner-cases/${id}/edit`),
    await client.get('/partner-cases'),
    await client.get(`/participants/${known.participantId}`),
    await client.get(`/api/v1/partner-cases/${id}`),
    await client.get('/api/v1/partner-cases'),
    await client.get(`/api/v1/participants/${known.participantId}/partner-cases`),
    await client.submit(
      '/intake/known-people',
      { givenName: 'Rosalind', familyName: 'Quennell', postcode: 'LS9 8QT' },
      '/intake/known-people',
    ),
    await client.request('POST', '/api/v1/intake/known-people', {
      json: { givenName: 'Rosalind', familyName: 'Quennell', postcode: 'LS9 8QT' },
    }),
  ];
  return bodies.map((r) => r.body);
}

describe('a sealed address', () => {
  it('her worker seals it with a reason; a reason is required', async () => {
    const url = `/partner-cases/${known.currentCaseId}/seal-address`;
    const missing = await herWorker.submit(url, { reason: '' }, url);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter why the address is sealed');
    expect((await facilitator.submit(url, { reason: 'x' })).statusCode).toBe(404);
    const sealed = await herWorker.submit(url, { reason: 'She has moved to a refuge.' }, url);
    expect(sealed.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('partners')
      .select(['address_line_1', 'postcode', 'town', 'address_sealed'])
      .where('id', '=', partnerId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ address_line_1: null, postcode: null, town: null, address_sealed: true });
  });

  it('only her allocated worker sees it; a manager and another partner worker see "Address sealed" everywhere', async () => {
    const own = await herWorker.get(`/partner-cases/${known.currentCaseId}/contact`);
    expect(own.body).toContain('Z9 Larkspur Terrace');
    expect(own.body).toContain('Sealed: only you see it');
    for (const client of [manager, otherWorker]) {
      const bodies = await walk(client);
      bodies.forEach((body, index) => {
        // The known-person form shows back the postcode the user typed: only her town and street are checked there.
        const secrets = index === 7 ? ADDRESS.slice(0, 2) : ADDRESS;
        for (const secret of secrets) {
          expect(body).not.toContain(secret);
        }
        expect(body).not.toContain('Same postcode');
      });
      const page = await client.get(`/partner-cases/${known.currentCaseId}/contact`);
      expect(page.body).toContain('data-qa="address-sealed"');
      expect(page.body).toContain('Break the glass');
    }
    // The database's own line: row-level security returns the sealed row to nobody else.
    const asManager = await withActor(t.database.db, actorOf(org, 'management'), (trx) =>
      trx.selectFrom('sealed_addresses').selectAll().execute(),
    );
    expect(asManager).toEqual([]);
    const asHerWorker = await withActor(t.database.db, actorOf(org, 'partner'), (trx) =>
      trx.selectFrom('sealed_addresses').select('postcode').execute(),
    );
    expect(asHerWorker).toEqual([{ postcode: 'LS9 8QT' }]);
  });

  it('the known-person check still matches her postcode for her worker', async () => {
    const check = await herWorker.submit(
      '/intake/known-people',
      { givenName: 'Rosalind', familyName: 'Quennell', postcode: 'LS9 8QT' },
      '/intake/known-people',
    );
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Same postcode');
  });

  it('breaking the glass needs a reason, reveals it for that one response, is audited and shown to her worker', async () => {
    const url = `/partner-cases/${known.currentCaseId}/sealed-address`;
    const form = await manager.get(url);
    expect(form.body).toContain('data-qa="break-glass-form"');
    const short = await manager.submit(url, { reason: 'need it' }, url);
    expect(short.statusCode).toBe(400);
    expect(short.body).not.toContain('Larkspur');
    const revealed = await manager.submit(url, { reason: REASON }, url);
    expect(revealed.statusCode).toBe(200);
    expect(revealed.headers['cache-control']).toBe('no-store');
    expect(revealed.body).toContain('Z9 Larkspur Terrace');
    // For that one response only.
    expect((await manager.get(`/partner-cases/${known.currentCaseId}/contact`)).body).not.toContain('Larkspur');

    const api = await otherWorker.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/sealed-address/break-glass`, {
      json: { reason: 'Police welfare check requested by her MARAC.' },
    });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ addressLine1: 'Z9 Larkspur Terrace', postcode: 'LS9 8QT' });
    const his = await facilitator.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/sealed-address/break-glass`, {
      json: { reason: REASON },
    });
    expect(his.statusCode).toBe(404);
    expect(his.body).not.toContain('Larkspur');

    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id'])
      .where('record_id', '=', known.currentCaseId)
      .where('action', '=', 'partner_case.sealed_address_break_glass')
      .execute();
    expect(audit).toHaveLength(2);
    const own = await herWorker.get(`/partner-cases/${known.currentCaseId}/contact`);
    const breaks = own.body.slice(own.body.indexOf('data-qa="glass-breaks"'));
    expect(breaks).toContain(`Address viewed by Falmouth management worker on`);
    expect(breaks).toContain(REASON);
    expect(breaks).toContain('Police welfare check requested by her MARAC.');
    // Other users never see who looked.
    expect((await manager.get(`/partner-cases/${known.currentCaseId}/contact`)).body).not.toContain('data-qa="glass-breaks"');
    const auditPage = await dpo.get('/audit');
    expect(auditPage.body).toContain('Broke the glass to see a partner’s sealed address');
  });

  it('his side sees nothing of it, and her worker unseals it back to her record', async () => {
    for (const url of [
      `/partner-cases/${known.currentCaseId}/sealed-address`,
      `/partner-cases/${known.currentCaseId}/seal-address`,
    ]) {
      expect((await facilitator.get(url)).statusCode).toBe(404);
    }
    const refused = await manager.submit(`/partner-cases/${known.currentCaseId}/unseal-address`, {}, '/partner-cases');
    expect(refused.statusCode).toBe(403);
    const unsealed = await herWorker.submit(`/partner-cases/${known.currentCaseId}/unseal-address`, {}, '/partner-cases');
    expect(unsealed.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('partners')
      .select(['address_line_1', 'postcode', 'address_sealed'])
      .where('id', '=', partnerId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ address_line_1: 'Z9 Larkspur Terrace', postcode: 'LS9 8QT', address_sealed: false });
  });
});
