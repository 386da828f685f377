import { beforeAll, describe, expect, it } from 'vitest';
import { WORK_SCOPES } from '../src/access/work-scope.js';
import { addTriageWork, triageCounts, type TriageWork } from './fixtures/triage.js';
import { caseA, leaks, orgA, riskA, signedIn, t, useWall } from './fixtures/wall.js';

/*
 * The wall on the dashboard's triage: his side (a facilitator, his teammate) is never shown a
 * partner-side count, not even a zero, in any scope or with a scope it does not know, and no page
 * it gets names a partner or links to her lists. Those outside the case sides get no counts at all.
 * Respect standard: nothing about her engagement with the partner service is disclosed to his side.
 */

useWall();
let work: TriageWork;
beforeAll(async () => {
  work = await addTriageWork(t.database.db, orgA);
});

const PARTNER_SIDE_CARDS = [
  'duties-overdue',
  'partner-first-contact-overdue',
  'duties-due',
  'marac-actions-overdue',
  'marac-actions-due',
];
const PARTNER_SIDE_WORDS = [
  'MARAC',
  '/marac',
  'Duties to inform',
  'First contacts with partners',
  '/partner-duties',
  '/partner-cases',
  'partner-first-contact',
];

describe('his side sees no partner-side count on the dashboard', () => {
  const queries = ['', ...WORK_SCOPES.map((s) => `?scope=${s}`), '?scope=everyone', '?scope=all&scope=mine'];
  for (const [who, user] of [
    ['a facilitator', () => orgA.users.perpetrator],
    ['a facilitator’s teammate', () => work.facilitatorMate],
  ] as const) {
    for (const query of queries) {
      it(`${who}: /dashboard${query}`, async () => {
        const client = await signedIn(user());
        const response = await client.get(`/dashboard${query}`);
        expect(response.statusCode).toBeLessThan(500);
        const cards = Object.keys(triageCounts(response.body));
        expect(cards.filter((c) => PARTNER_SIDE_CARDS.includes(c))).toEqual([]);
        expect(PARTNER_SIDE_WORDS.filter((w) => response.body.includes(w))).toEqual([]);
        expect(leaks(response, [...caseA.secrets, ...riskA.secrets, ...work.partnerNames])).toEqual([]);
      });
    }
  }

  it('while her worker and the manager do see them (so the check above is not vacuous)', async () => {
    for (const user of [orgA.users.partner, orgA.users.management]) {
      const cards = Object.keys(triageCounts((await (await signedIn(user)).get('/dashboard?scope=all')).body));
      expect(cards).toEqual(expect.arrayContaining(PARTNER_SIDE_CARDS));
    }
  });
});

describe('those outside the case sides get no counts at all', () => {
  for (const [who, user] of [
    ['an administrator', () => orgA.users.admin],
    ['a data-protection officer', () => orgA.users.dpo],
    ['a user in no team', () => orgA.users.noTeam],
  ] as const) {
    it(who, async () => {
      const response = await (await signedIn(user())).get('/dashboard?scope=all');
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(triageCounts(response.body)).toEqual({});
      expect(leaks(response, [...caseA.secrets, ...work.partnerNames])).toEqual([]);
    });
  }
});
