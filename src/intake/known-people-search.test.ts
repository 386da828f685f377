import { beforeAll, describe, expect, it } from 'vitest';
import type { KnownPeople } from './service.js';
import {
  t,
  org,
  hers,
  herPartnerId,
  signedIn,
  misspelledJson,
  searchApi,
  useKnownPeople,
} from '../../test/fixtures/known-people.js';

/* The known-person check finds participants by phone and postcode; who may search, and what they send. */
useKnownPeople();

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
