import { describe, expect, it } from 'vitest';
import {
  t,
  org,
  other,
  caseA,
  hers,
  herCaseId,
  herPartnerId,
  signedIn,
  misspelled,
  misspelledJson,
  searchApi,
  useKnownPeople,
} from '../../test/fixtures/known-people.js';

/* The known-person check finds people already known, and never tells a perpetrator-side user of a partner-side match. */
useKnownPeople();

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
        .replace(/name="_(?:csrf|formToken)" value="[^"]+"/g, '')
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
