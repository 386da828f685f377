import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { ZPartnerCaseInput } from '../partner-support/schemas.js';
import { PartnerCaseService } from '../partner-support/service.js';
import type { KnownPeople } from './service.js';

let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let caseA: Awaited<ReturnType<typeof createCaseWithPartners>>;
/** Everything that would tell a perpetrator-side user that her record exists. */
let hers: string[];
let herCaseId: string;
let herPartnerId: string;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fenwick');
  other = await createTestOrganisation(t.database.db, 'Ashgrove');
  caseA = await createCaseWithPartners(t.database.db, org, 'A');
  await createCaseWithPartners(t.database.db, other, 'B');
  herCaseId = await new PartnerCaseService(t.database.db).create(
    actorOf(org, 'management'),
    caseA.participantId,
    ZPartnerCaseInput.parse({
      givenName: 'Rosalind',
      familyName: 'Quennell',
      dateOfBirth: '1990-03-14',
      relationship: 'new',
      phone: '07700 900555',
      postcode: 'NB4 2RQ',
      status: 'open',
    }),
    { ip: null },
  );
  const row = await t.database.db
    .selectFrom('partner_cases')
    .select(['reference', 'partner_id'])
    .where('id', '=', herCaseId)
    .executeTakeFirstOrThrow();
  herPartnerId = row.partner_id;
  hers = ['Rosalind', 'Quennell', 'NB4', '900555', herCaseId, herPartnerId, row.reference, ...caseA.secrets];
});
afterAll(async () => t?.close());

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

const misspelled = {
  givenName: 'Rosalyn',
  familyName: 'Quenel',
  'dateOfBirth-day': '14',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '1990',
};
const misspelledJson = { givenName: 'Rosalyn', familyName: 'Quenel', dateOfBirth: '1990-03-14' };

async function searchApi(client: TestClient, body: unknown): Promise<KnownPeople> {
  const response = await client.request('POST', '/api/v1/intake/known-people', { json: body });
  expect(response.statusCode).toBe(200);
  return response.json<KnownPeople>();
}

describe('the known-person check finds people already known', () => {
  it('finds an existing partner by a misspelled name and her date of birth, with the reasons, for management', async () => {
    const manager = await signedIn(org.users.management);
    const page = await manager.submit('/intake/known-people', misspelled, '/intake/known-people');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Partner-side matches');
    expect(page.body).toContain(`href="/partner-cases/${herCaseId}"`);
    expect(page.body).toContain('Rosalind Quennell');
    expect(page.body).toContain('Similar name (Rosalyn Quenel ~ Rosalind Quennell)');
    expect(page.body).toContain('Same date of birth');
  });

  it('finds her for her partner support worker through the API, first and with the reasons', async () => {
    const worker = await signedIn(org.users.partner);
    const result = await searchApi(worker, misspelledJson);
    expect(result.partners[0]).toMatchObject({
      id: herPartnerId,
      partnerCaseId: herCaseId,
      name: 'Rosalind Quennell',
      relationshipLabel: 'New partner',
      participant: { id: caseA.participantId, name: caseA.hisName },
      reasons: ['Similar name (Rosalyn Quenel ~ Rosalind Quennell)', 'Same date of birth'],
    });
    expect(result.partners[0]?.score).toBeGreaterThan(0.9);
  });

  it('finds her by phone and postcode written differently, after a change of last name', async () => {
    const worker = await signedIn(org.users.partner);
    const result = await searchApi(worker, { givenName: 'Rosalind', familyName: 'Hartigan', phone: '+44 7700 900555' });
    expect(result.partners.map((p) => p.id)).toContain(herPartnerId);
    const byPostcode = await searchApi(worker, { givenName: 'Rosalind', familyName: 'Hartigan', postcode: 'nb42rq' });
    expect(byPostcode.partners[0]?.reasons).toEqual([
      'Partly similar name (Rosalind Hartigan ~ Rosalind Quennell)',
      'Same postcode',
    ]);
  });

  it('finds a participant by a misspelled name and swapped names', async () => {
    const facilitator = await signedIn(org.users.perpetrator);
    const result = await searchApi(facilitator, { givenName: 'Daren', familyName: 'Whitlok' });
    expect(result.participants.map((p) => p.id)).toEqual([caseA.participantId]);
    const swapped = await searchApi(facilitator, { givenName: 'WhitlockA', familyName: 'Darren', dateOfBirth: '1984-05-02' });
    expect(swapped.participants[0]?.reasons[0]).toMatch(/^First and last names swapped/);
  });

  it('never matches another organisation’s people', async () => {
    const manager = await signedIn(other.users.management);
    const result = await searchApi(manager, misspelledJson);
    expect(result.partners.map((p) => p.name)).not.toContain('Rosalind Quennell');
    const his = await searchApi(manager, { givenName: 'Darren', familyName: 'WhitlockA', dateOfBirth: '1984-05-02' });
    expect(his.participants.map((p) => p.id)).not.toContain(caseA.participantId);
    expect(his.participants.map((p) => p.name)).toEqual(['Darren WhitlockB']);
  });
});

describe('participants found by phone and postcode', () => {
  let hisId: string;

  beforeAll(async () => {
    const facilitator = await signedIn(org.users.perpetrator);
    const created = await facilitator.request('POST', '/api/v1/participants', {
      json: {
        givenName: 'Caspian',
        familyName: 'Treloar',
        dateOfBirth: '1977-08-19',
        phone: '07700 900 876',
        postcode: 'nb7 1xy',
        addressLine1: '8 Hollin Lane',
      },
    });
    hisId = created.json<{ participant: { id: string } }>().participant.id;
  });

  it('finds him by a nickname and his phone written another way, with the reasons, on the page and the API', async () => {
    const facilitator = await signedIn(org.users.perpetrator);
    const result = await searchApi(facilitator, { givenName: 'Cas', familyName: 'Treloar', phone: '+44 7700 900876' });
    expect(result.participants[0]).toMatchObject({
      id: hisId,
      name: 'Caspian Treloar',
      reasons: ['Partly similar name (Cas Treloar ~ Caspian Treloar)', 'Same phone number'],
    });
    const page = await facilitator.submit(
      '/intake/known-people',
      { givenName: 'Cas', familyName: 'Treloar', phone: '07700900876' },
      '/intake/known-people',
    );
    expect(page.body).toContain(`href="/participants/${hisId}"`);
    expect(page.body).toContain('Same phone number');
  });

  it('finds him by his postcode typed without a space, and by date of birth and postcode under another name', async () => {
    const manager = await signedIn(org.users.management);
    const byPostcode = await searchApi(manager, { givenName: 'Caspian', familyName: 'Trelawney', postcode: 'NB71XY' });
    expect(byPostcode.participants.find((p) => p.id === hisId)?.reasons).toEqual([
      'Partly similar name (Caspian Trelawney ~ Caspian Treloar)',
      'Same postcode',
    ]);
    const otherName = await searchApi(manager, {
      givenName: 'Kasper',
      familyName: 'Lowe',
      dateOfBirth: '1977-08-19',
      postcode: 'NB7 1XY',
    });
    expect(otherName.participants.find((p) => p.id === hisId)?.reasons).toEqual(['Same date of birth', 'Same postcode']);
  });

  it('tells the partner side a participant matched and why, and nothing else of his details', async () => {
    const worker = await signedIn(org.users.partner);
    const response = await worker.request('POST', '/api/v1/intake/known-people', {
      json: { givenName: 'Cas', familyName: 'Treloar', postcode: 'NB7 1XY' },
    });
    const result = response.json<KnownPeople>();
    expect(result.participants.map((p) => p.id)).toContain(hisId);
    expect(Object.keys(result.participants[0] ?? {}).sort()).toEqual(['href', 'id', 'name', 'reasons', 'reference', 'score']);
    expect(response.body).not.toContain('Hollin Lane');
    expect(response.body).not.toContain('900 876');
  });

  it('a phone shared by him and a partner shows her only to the partner side and management', async () => {
    const facilitator = await signedIn(org.users.perpetrator);
    const worker = await signedIn(org.users.partner);
    // Rosalind Quennell's phone (07700 900555), searched under his name.
    const search = { givenName: 'Rosalind', familyName: 'Treloar', phone: '07700 900555' };
    const theirs = await searchApi(facilitator, search);
    expect(theirs.partners).toEqual([]);
    expect(hers.filter((secret) => JSON.stringify(theirs).includes(secret))).toEqual([]);
    const hersFound = await searchApi(worker, search);
    expect(hersFound.partners.map((p) => p.id)).toContain(herPartnerId);
    expect(hersFound.partners.find((p) => p.id === herPartnerId)?.reasons).toContain('Same phone number');
  });
});

describe('the wall: a perpetrator-side user is never told of a partner-side match', () => {
  it('gets his matches and nothing of hers, on the page and through the API', async () => {
    const facilitator = await signedIn(org.users.perpetrator);
    const page = await facilitator.submit('/intake/known-people', misspelled, '/intake/known-people');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Partner-side');
    expect(page.body).not.toContain('partner-match');
    expect(hers.filter((secret) => page.body.includes(secret))).toEqual([]);

    const api = await facilitator.request('POST', '/api/v1/intake/known-people', { json: misspelledJson });
    expect(api.json()).toEqual({ participants: [], partners: [] });
    expect(hers.filter((secret) => api.body.includes(secret))).toEqual([]);
  });

  it('answers a search that matches her exactly as one that matches nobody', async () => {
    const facilitator = await signedIn(org.users.perpetrator);
    const nobody = { givenName: 'Perpetua', familyName: 'Zanzibar', dateOfBirth: '1971-07-07' };
    const matchingHer = await facilitator.request('POST', '/api/v1/intake/known-people', { json: misspelledJson });
    const matchingNobody = await facilitator.request('POST', '/api/v1/intake/known-people', { json: nobody });
    expect(matchingHer.body).toEqual(matchingNobody.body);
    const strip = (body: string) =>
      body
        .replace(/name="_csrf" value="[^"]+"/g, '')
        .replace(/nonce="[^"]+"/g, '')
        .replace(/value="[^"]*"/g, '');
    const herPage = await facilitator.submit('/intake/known-people', misspelled, '/intake/known-people');
    const nobodyPage = await facilitator.submit(
      '/intake/known-people',
      { ...misspelled, givenName: 'Perpetua', familyName: 'Zanzibar' },
      '/intake/known-people',
    );
    expect(strip(herPage.body)).toEqual(strip(nobodyPage.body));
  });

  it('records each search in the audit log with counts only, never the name searched for', async () => {
    const facilitator = await signedIn(org.users.perpetrator);
    await searchApi(facilitator, misspelledJson);
    const entries = await t.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'intake.known_person_search')
      .where('actor_user_id', '=', org.users.perpetrator.id)
      .execute();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.at(-1)?.details).toEqual({ participantMatches: 0 });
    const all = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'intake.known_person_search')
      .execute();
    expect(all.some((entry) => 'partnerMatches' in entry.details)).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/Rosalyn|Quenel|1990-03-14|Whitlok|900555/);
  });
});

describe('who may search, and what they send', () => {
  it('shows the page and the navigation item to every case-holding side only', async () => {
    for (const side of ['perpetrator', 'partner', 'management'] as const) {
      const client = await signedIn(org.users[side]);
      const page = await client.get('/intake/known-people');
      expect(page.statusCode, side).toBe(200);
      expect(page.body).toContain('Known people check');
      expect(page.body).toContain('name="_csrf"');
    }
    for (const side of ['admin', 'dpo'] as const) {
      const client = await signedIn(org.users[side]);
      expect((await client.get('/intake/known-people')).statusCode, side).toBe(403);
      expect((await client.request('POST', '/api/v1/intake/known-people', { json: misspelledJson })).statusCode).toBe(403);
    }
  });

  it('sends the signed-out browser to sign in, and answers the API with 401', async () => {
    const client = t.client();
    const page = await client.get('/intake/known-people');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/sign-in/);
    const api = await client.request('POST', '/api/v1/intake/known-people', { json: misspelledJson });
    expect(api.statusCode).toBe(401);
  });

  it('never puts the searched name in a URL: a query string searches nothing', async () => {
    const manager = await signedIn(org.users.management);
    const page = await manager.get('/intake/known-people?givenName=Rosalyn&familyName=Quenel');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Rosalind Quennell');
  });

  it('shows field errors for bad input, not a server error', async () => {
    const manager = await signedIn(org.users.management);
    const page = await manager.submit(
      '/intake/known-people',
      {
        givenName: '',
        familyName: 'x'.repeat(101),
        'dateOfBirth-day': '31',
        'dateOfBirth-month': '2',
        'dateOfBirth-year': '1990',
        postcode: 'nope',
        phone: 'call me',
      },
      '/intake/known-people',
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    for (const field of ['givenName', 'familyName', 'dateOfBirth', 'postcode', 'phone']) {
      expect(page.body, field).toContain(`id="${field}-error"`);
    }
    const api = await manager.request('POST', '/api/v1/intake/known-people', { json: { givenName: 7, dateOfBirth: 'soon' } });
    expect(api.statusCode).toBe(400);
    const body = api.json<{ error: { code: string; fields: Record<string, string> } }>();
    expect(body.error.code).toBe('invalid');
    expect(Object.keys(body.error.fields).sort()).toEqual(['dateOfBirth', 'familyName', 'givenName']);
    const odd = await manager.request('POST', '/api/v1/intake/known-people', {
      json: { givenName: "O'Brien\u0301 %_", familyName: '\\\\' },
    });
    expect(odd.statusCode).toBe(200);
  });
});
