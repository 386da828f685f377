import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from './fixtures/http.js';
import { expectSearchesAnsweredAsNobody } from './fixtures/wall-search.js';
import { caseA, leaks, orgA, signedIn, t, useWall } from './fixtures/wall.js';

/*
 * The wall on the names the partners are known by and the current partner's interpreter need
 * (migration 0044, issue 12 "a case at a glance"). createCaseWithPartners gives the current
 * partner "RozzieA" and "KurmanjiA", the ex-partner "SollyA", all among caseA's secrets, so
 * test/wall-routes.test.ts also walks every route for them. Here, by name: his case file's every
 * tab (its band included), his API record, both caseloads and their APIs, the partner cases of his
 * record, her case and her API record, and the dashboard, as the facilitator and as the
 * administrator and the DPO; and a search for them answers as a search for nobody.
 */
useWall();

const HERS = ['RozzieA', 'KurmanjiA', 'SollyA'];

const HIS_TABS = ['', '/contact', '/risk', '/tab/programme', '/tab/children', '/documents', '/tab/shares', '/history'];

function urls(): string[] {
  const his = `/participants/${caseA.participantId}`;
  return [
    '/',
    '/participants',
    '/partner-cases',
    '/api/v1/participants',
    '/api/v1/partner-cases',
    ...HIS_TABS.map((tab) => `${his}${tab}`),
    `/api/v1/participants/${caseA.participantId}`,
    `/api/v1/participants/${caseA.participantId}/partner-cases`,
    `/partner-cases/${caseA.currentCaseId}`,
    `/partner-cases/${caseA.currentCaseId}/contact`,
    `/partner-cases/${caseA.currentCaseId}/edit`,
    `/api/v1/partner-cases/${caseA.currentCaseId}`,
    `/api/v1/partner-cases/${caseA.exCaseId}`,
  ];
}

describe('her known-as name and interpreter need never reach the perpetrator side', () => {
  let facilitator: TestClient;

  beforeAll(async () => {
    facilitator = await signedIn(orgA.users.perpetrator);
  });

  it('the fixture recorded them on her record, so the checks below look for something there', async () => {
    const rows = await t.database.db
      .selectFrom('partners')
      .select(['known_as', 'interpreter_language'])
      .where('participant_id', '=', caseA.participantId)
      .orderBy('known_as')
      .execute();
    expect(rows).toEqual([
      { known_as: 'RozzieA', interpreter_language: 'KurmanjiA' },
      { known_as: 'SollyA', interpreter_language: null },
    ]);
    expect(HERS.every((value) => caseA.secrets.includes(value))).toBe(true);
  });

  it('her worker sees them on her case band and API record (the checks can find them)', async () => {
    const partnerWorker = await signedIn(orgA.users.partner);
    const page = await partnerWorker.get(`/partner-cases/${caseA.currentCaseId}`);
    expect(page.body).toContain('(known as RozzieA)');
    expect(page.body).toMatch(/data-qa="band-interpreter">KurmanjiA</);
    expect((await partnerWorker.get(`/api/v1/partner-cases/${caseA.currentCaseId}`)).json()).toMatchObject({
      knownAs: 'RozzieA',
      interpreterLanguage: 'KurmanjiA',
    });
  });

  it('the facilitator, the administrator and the DPO are shown neither on any page or API answer', async () => {
    for (const user of [orgA.users.perpetrator, orgA.users.admin, orgA.users.dpo]) {
      const client = await signedIn(user);
      for (const url of urls()) {
        const response = await client.get(url);
        expect(leaks(response, HERS), `${user.email} ${url}`).toEqual([]);
        expect(response.statusCode, `${user.email} ${url}`).not.toBe(500);
      }
    }
  });

  it('his band shows his own interpreter need and none of hers', async () => {
    const page = await facilitator.get(`/participants/${caseA.participantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-qa="band-interpreter">Not needed</);
    expect(page.body).not.toContain('known as');
  });

  it('a search for either on either caseload answers what a search for nobody answers', async () => {
    await expectSearchesAnsweredAsNobody(
      facilitator,
      ['/participants', '/api/v1/participants', '/partner-cases', '/api/v1/partner-cases'],
      [
        ['RozzieA', 'Yarrowby'],
        ['KurmanjiA', 'Quoddity'],
        ['SollyA', 'Vexhollow'],
      ],
    );
  });
});
