import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from './fixtures/http.js';
import { caseA, leaks, orgA, signedIn, t, useWall } from './fixtures/wall.js';

/*
 * The wall on the duties list's search and order (issue 12): duties to inform a partner are
 * partner-side (src/access/policy.ts, partnerDuty.view: partner side and management), so anyone
 * else is answered "not found" before the search, the order or the cursor is read. A search that
 * would find a partner, one that finds nobody, a sort and a refused value are answered alike, byte
 * for byte, on the page and in the API, for the facilitator, the administrator and the
 * data-protection officer; and whether she has duties waiting changes none of those answers.
 */
useWall();

const PAGES = ['/partner-duties', '/api/v1/partner-duties'];
const NOBODY = 'q=Wendeline';

let outsiders: Array<[string, TestClient]>;
let references: string[];

/** The body without what changes on every render (the sign-out form's CSRF and one-time tokens, the scripts' nonce). */
function stable(response: LightMyRequestResponse): { status: number; body: string } {
  const body = response.body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/name="_formToken" value="[^"]*"/g, 'name="_formToken" value=""')
    .replace(/nonce="[^"]*"/g, 'nonce=""');
  return { status: response.statusCode, body };
}

/** Searches that find her (her name, misspelt, each word, her references), that find nobody, sorted, and refused. */
function queries(): string[] {
  const q = [
    'RosalindA',
    'QuennellA',
    'Quenel',
    'RosalindA QuennellA',
    'MarisolA FerrantA',
    'Ferant',
    ...references,
    (references[0] ?? '').slice(0, 5),
    'Wendeline Tregarthen',
    'PS-999999',
    'x',
    'a'.repeat(101),
  ].map((value) => `q=${encodeURIComponent(value)}`);
  return [
    ...q,
    'q=RosalindA&sort=name&dir=desc',
    'q=QuennellA&sort=type',
    'sort=name',
    'sort=type&dir=desc',
    'sort=partner',
    'dir=up',
    'q=RosalindA&sort=bogus',
    'scope=mine&overdue=1&q=MarisolA',
  ];
}

async function answers(): Promise<Map<string, { status: number; body: string }>> {
  const answered = new Map<string, { status: number; body: string }>();
  for (const [who, client] of outsiders) {
    for (const path of PAGES) {
      for (const query of [NOBODY, ...queries()]) {
        answered.set(`${who} ${path}?${query}`, stable(await client.get(`${path}?${query}`)));
      }
    }
  }
  return answered;
}

beforeAll(async () => {
  outsiders = [
    ['facilitator', await signedIn(orgA.users.perpetrator)],
    ['administrator', await signedIn(orgA.users.admin)],
    ['data-protection officer', await signedIn(orgA.users.dpo)],
  ];
  references = (
    await t.database.db
      .selectFrom('partner_cases')
      .select('reference')
      .where('id', 'in', [caseA.currentCaseId, caseA.exCaseId])
      .orderBy('reference')
      .execute()
  ).map((r) => r.reference);
});

describe('the duties list’s search and order keep to the partner side', () => {
  it('answers anyone else "not found" alike, whether the search would find her or nobody, sorted or refused', async () => {
    const before = await answers();
    for (const [key, answer] of before) {
      const [who, rest] = [key.slice(0, key.indexOf(' /')), key.slice(key.indexOf(' /') + 1)];
      const path = rest.slice(0, rest.indexOf('?'));
      expect(answer.status, key).toBe(404);
      expect(answer.body, key).toBe(before.get(`${who} ${path}?${NOBODY}`)?.body);
    }
    for (const [, client] of outsiders) {
      for (const path of PAGES) {
        for (const query of queries()) {
          const secrets = caseA.secrets.filter((s) => !decodeURIComponent(query).includes(s));
          expect(leaks(await client.get(`${path}?${query}`), secrets), `${path}?${query}`).toEqual([]);
        }
      }
    }

    // Her cases given duties waiting (his event, written as the owner): nothing anyone else is answered changes.
    await t.database.db
      .insertInto('participant_events')
      .values({
        organisation_id: orgA.id,
        participant_id: caseA.participantId,
        type: 'missed_session',
        occurred_on: '2026-03-02',
        basic_summary: 'Missed a session (wall search test)',
      })
      .execute();
    const after = await answers();
    expect([...before.keys()].filter((key) => before.get(key)?.body !== after.get(key)?.body)).toEqual([]);
  });

  it('the same searches find her duties on her side: the check above is of searches that do find someone', async () => {
    const manager = await signedIn(orgA.users.management);
    for (const [query, caseId] of [
      ['q=Quenel', caseA.currentCaseId],
      ['q=RosalindA%20QuennellA&sort=name&dir=desc', caseA.currentCaseId],
      ['q=Ferant&sort=type', caseA.exCaseId],
    ] as const) {
      for (const path of PAGES) {
        const found = await manager.get(`${path}?${query}`);
        expect(found.statusCode, `${path}?${query}`).toBe(200);
        expect(found.body, `${path}?${query}`).toContain(caseId);
      }
    }
    for (const reference of references) {
      const found = await manager.get(`/api/v1/partner-duties?q=${reference}`);
      expect(found.json<{ items: unknown[] }>().items.length, reference).toBeGreaterThan(0);
    }
  });
});
