import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from './fixtures/http.js';
import { leaks, orgA, riskA, signedIn, useWall } from './fixtures/wall.js';

/*
 * The wall on the MARAC lists' parameters (issue 12): MARAC referrals, actions and meetings are
 * partner-side data, so a perpetrator-side user, an administrator and a data-protection officer
 * are told "not found" by /marac/referrals, /marac/actions, the meetings (/marac) and their API,
 * and told it byte for byte the same whatever they ask: a search for her name or reference, every
 * filter, every sort and dir (known or not), a cursor. A 400 for a bad sort would tell them the
 * list exists and what it takes.
 */
useWall();

const LISTS = [
  '/marac/referrals',
  '/api/v1/marac-referrals',
  '/marac/actions',
  '/api/v1/marac-actions',
  '/marac',
  '/api/v1/marac-meetings',
];

function stable(response: LightMyRequestResponse): { status: number; body: string } {
  const body = response.body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/name="_formToken" value="[^"]*"/g, 'name="_formToken" value=""')
    .replace(/nonce="[^"]*"/g, 'nonce=""');
  return { status: response.statusCode, body };
}

function queries(): string[] {
  return [
    'sort=referred',
    'sort=reference&dir=desc',
    'sort=name&dir=asc',
    'sort=due&dir=desc',
    'sort=agency',
    'sort=date&dir=desc',
    'sort=area&area=Riverside',
    'sort=sideways',
    'dir=up',
    'sort=name&dir=sideways',
    'scope=mine&sort=reference',
    'status=referred&risk=high&sort=name&dir=desc',
    `worker=${orgA.users.partner.id}&sort=referred&dir=asc`,
    'due=overdue&sort=agency&dir=desc',
    'from=2026-01-01&to=2026-12-31&sort=reference',
    'q=QuennellA&sort=name',
    'q=Rosalind%20Quenell&sort=name&dir=desc',
    'q=PS-&sort=reference&dir=desc',
    'after=%25%25&sort=name',
  ];
}

describe('the MARAC lists answer the perpetrator side the same whatever the parameters', () => {
  const users = ['perpetrator', 'admin', 'dpo'] as const;
  const clients: Partial<Record<(typeof users)[number], TestClient>> = {};
  beforeAll(async () => {
    for (const user of users) {
      clients[user] = await signedIn(orgA.users[user]);
    }
  });

  for (const user of users) {
    it(`${user}: not found, the same answer for every sort, dir, search and filter`, async () => {
      const client = clients[user];
      if (!client) {
        throw new Error(`${user} not signed in`);
      }
      for (const path of LISTS) {
        const plain = await client.get(path);
        expect(plain.statusCode, path).toBe(404);
        const expected = stable(plain);
        for (const query of queries()) {
          const response = await client.get(`${path}?${query}`);
          expect(stable(response), `${path}?${query}`).toEqual(expected);
          expect(leaks(response, riskA.secrets), `${path}?${query}`).toEqual([]);
        }
      }
    });
  }
});
