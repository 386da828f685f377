import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { TestClient } from './fixtures/http.js';
import { t, orgA, orgB, caseA, riskA, leaks, signedIn, useWall } from './fixtures/wall.js';

/*
 * The confidentiality wall, end to end: every route and API endpoint the app serves is walked as
 * each user who must not see partner-side data, over a case with a current and an ex-partner,
 * and no response body or header may contain anything of hers.
 */
useWall();

/**
 * Every concrete URL for a route pattern, with each id that could reach a partner-side record; a
 * nested record's route (a child under his record or her case) also gets each id first and each
 * nested id after it.
 */
function urlsFor(pattern: string, ids: string[], nestedIds: string[] = []): string[] {
  const params = pattern.match(/:[A-Za-z]+/g) ?? [];
  if (params.length === 0) {
    return [pattern];
  }
  const same = ids.map((id) => pattern.replace(/:[A-Za-z]+/g, id));
  if (params.length === 1) {
    return same;
  }
  const nested = ids.flatMap((id) => nestedIds.map((inner) => pattern.replace(/:[A-Za-z]+/, id).replace(/:[A-Za-z]+/g, inner)));
  return [...same, ...nested];
}

async function walkEveryRoute(
  client: TestClient,
  ids: string[],
  secrets: string[],
  nestedIds: string[] = [],
): Promise<{ checked: number; found: string[] }> {
  const found: string[] = [];
  let checked = 0;
  const token = await client.csrfToken('/account');
  for (const route of t.app.routeCatalogue) {
    if (route.url.startsWith('/assets') || route.url === '/sign-out') {
      continue;
    }
    for (const url of urlsFor(route.url, ids, nestedIds)) {
      const responses: LightMyRequestResponse[] = [];
      if (route.method === 'GET') {
        responses.push(await client.get(url));
      } else if (url.startsWith('/api/')) {
        responses.push(await client.request(route.method as 'POST', url, { json: {} }));
        responses.push(
          await client.request(route.method as 'POST', url, {
            json: {
              givenName: 'Test',
              familyName: 'Probe',
              relationship: 'current',
              body: 'probe',
              direction: 'outside',
              recipient: 'x',
              information: 'x',
              basis: 'consent',
              reason: 'x',
              linked: true,
              school: 'probe school',
              notes: 'probe',
              ageYears: 4,
            },
          }),
        );
      } else {
        responses.push(await client.request(route.method as 'POST', url, { form: { _csrf: token } }));
        responses.push(
          await client.request(route.method as 'POST', url, {
            form: {
              _csrf: token,
              givenName: 'Test',
              familyName: 'Probe',
              relationship: 'current',
              body: 'probe',
              linked: 'yes',
              school: 'probe school',
              ageYears: '4',
            },
          }),
        );
      }
      for (const response of responses) {
        checked += 1;
        expect(response.statusCode, `${route.method} ${url}`).toBeLessThan(500);
        found.push(...leaks(response, secrets).map((secret) => `${route.method} ${url} -> ${secret}`));
      }
    }
  }
  return { checked, found };
}

// Last: the walk really posts to every route, and a facilitator may legitimately edit his record.
// Each walk sends a few thousand requests: more than the default 30 seconds on a busy machine.
describe('every route and API endpoint, walked by everyone who must not see her', { timeout: 180_000 }, () => {
  // The data-protection officer audits who read which record, so sees partner case ids in the
  // audit log, but never her personal data; everyone else may not even learn that her case exists.
  const outsiders: Array<[string, () => { email: string; password: string }, 'personal' | 'secrets']> = [
    ['a perpetrator-side facilitator', () => orgA.users.perpetrator, 'secrets'],
    ['an administrator', () => orgA.users.admin, 'secrets'],
    ['a data-protection officer', () => orgA.users.dpo, 'personal'],
    ['a user in no team', () => orgA.users.noTeam, 'secrets'],
    ['a manager of another organisation', () => orgB.users.management, 'secrets'],
    ['a partner worker of another organisation', () => orgB.users.partner, 'secrets'],
  ];

  it.each(outsiders)('%s finds nothing of her on any route or API endpoint', async (_who, user, mustNotSee) => {
    const client = await signedIn(user());
    const ids = [
      caseA.participantId,
      caseA.currentCaseId,
      caseA.exCaseId,
      caseA.childId,
      riskA.reportId,
      riskA.meetingId,
      riskA.dashId,
      riskA.referralId,
      randomUUID(),
      'not-a-uuid',
    ];
    const herRisk = mustNotSee === 'personal' ? riskA.secrets : [...riskA.secrets, riskA.dashId, riskA.referralId];
    const { checked, found } = await walkEveryRoute(
      client,
      ids,
      [...caseA[mustNotSee], ...herRisk],
      [caseA.childId, riskA.dashId, riskA.referralId],
    );
    expect(checked).toBeGreaterThan(100);
    expect(found.slice(0, 10)).toEqual([]);
    // Nothing was written behind the wall by all those posts.
    const notes = await t.database.db
      .selectFrom('partner_case_notes')
      .select('id')
      .where('partner_case_id', '=', caseA.currentCaseId)
      .execute();
    expect(notes).toHaveLength(1);
    const childDetails = await t.database.db
      .selectFrom('child_partner_details')
      .select(['partner_id', 'school', 'notes'])
      .where('child_id', '=', caseA.childId)
      .executeTakeFirstOrThrow();
    expect(childDetails.school).toBe('Sandpiper Green Primary A');
    expect(childDetails.notes).toMatch(/^Child note A:/);
  });
});
