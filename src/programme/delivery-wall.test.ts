import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestProgramme, type TestProgramme } from '../../test/fixtures/programme.js';
import { createTestParticipant } from '../../test/fixtures/programme-members.js';
import { setUpDeliveryTest, type DeliveryTest } from './delivery-test-setup.js';

/*
 * The wall for programme delivery: every programme route the app serves, walked with the ids of the
 * partner service's own support group (its programme, module, template, group and session) by
 * everyone who must not see it. Nothing of it may come back, and no input may cause a 500.
 */
let d: DeliveryTest;
let hers: TestProgramme;
let secrets: string[];
let ids: string[];

beforeAll(async () => {
  d = await setUpDeliveryTest('Wallside');
  const db = d.t.database.db;
  const man = await createTestParticipant(db, d.org, { givenName: 'Perran', familyName: 'Hosking' });
  await createTestProgramme(db, d.org, { label: 'His', participantIds: [man.participantId] });
  hers = await createTestProgramme(db, d.org, { side: 'partner', label: 'Zephyrine' });
  // Venues are shared by both sides by design; the group, its programme and its sessions are not.
  await db.updateTable('venues').set({ name: 'Shared hall' }).where('id', '=', hers.venueId).execute();
  await db.updateTable('programme_sessions').set({ title: 'Quillon circle' }).where('group_id', '=', hers.groupId).execute();
  await db
    .updateTable('programme_modules')
    .set({ title: 'Marigold module' })
    .where('programme_id', '=', hers.programmeId)
    .execute();
  secrets = ['Zephyrine', 'Quillon circle', 'Marigold module'];
  // One of each kind of her records (each session, module and template is reached the same way).
  ids = [
    hers.programmeId,
    hers.groupId,
    hers.sessions[0]?.id ?? '',
    hers.moduleIds[0] ?? '',
    hers.templateIds[0] ?? '',
    man.participantId,
    randomUUID(),
    'not-a-uuid',
  ];
});
afterAll(async () => d?.t.close());

/** Routes that could take the id of a programme, group, session, module or template (test/wall-routes.test.ts walks the rest). */
const PROGRAMME_ROUTE =
  /programme|group|session|venue|calendar|feed|non-association|enrolment|module|template|register|review|disclosure|journey|alert/;

function leaks(response: LightMyRequestResponse): string[] {
  const haystack = `${JSON.stringify(response.headers)}\n${response.body}`;
  return secrets.filter((secret) => haystack.includes(secret));
}

async function walk(client: TestClient): Promise<{ checked: number; found: string[] }> {
  const found: string[] = [];
  let checked = 0;
  const token = await client.csrfToken('/account');
  const body = {
    reason: 'probe',
    count: 1,
    date: '2026-12-01',
    time: '10:00',
    title: 'probe',
    name: 'probe',
    userId: randomUUID(),
  };
  for (const route of d.t.app.routeCatalogue) {
    if (!route.url.includes(':') || !PROGRAMME_ROUTE.test(route.url)) {
      continue;
    }
    for (const id of ids) {
      const url = route.url.replace(/:[A-Za-z]+/g, id);
      const responses: LightMyRequestResponse[] = [];
      if (route.method === 'GET') {
        responses.push(await client.get(url));
      } else if (url.startsWith('/api/')) {
        responses.push(await client.request(route.method as 'POST', url, { json: body }));
      } else {
        responses.push(
          await client.request(route.method as 'POST', url, {
            form: Object.fromEntries(Object.entries({ ...body, _csrf: token }).map(([k, v]) => [k, String(v)])),
          }),
        );
      }
      for (const response of responses) {
        checked += 1;
        expect(response.statusCode, `${route.method} ${url}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
        found.push(...leaks(response).map((secret) => `${route.method} ${url} -> ${secret}`));
      }
    }
  }
  return { checked, found };
}

describe('the partner service’s own groups, walked by everyone who must not see them', () => {
  it.each([
    ['a perpetrator-side facilitator', () => d.org.users.perpetrator],
    ['an administrator', () => d.org.users.admin],
    ['a user in no team', () => d.org.users.noTeam],
  ])(
    '%s finds nothing of them on any route',
    async (_who, user) => {
      const client = await d.signedIn(user());
      const { checked, found } = await walk(client);
      expect(checked).toBeGreaterThan(300);
      expect(found.slice(0, 10)).toEqual([]);
      // Nothing was changed behind the wall by all those posts.
      const changes = await d.t.database.db
        .selectFrom('session_changes')
        .select('id')
        .where(
          'session_id',
          'in',
          hers.sessions.map((s) => s.id),
        )
        .execute();
      expect(changes).toEqual([]);
    },
    // Several hundred requests.
    120_000,
  );

  it('the partner worker does see them (the walk would find the secrets)', async () => {
    const page = await d.partnerWorker.get(`/groups/${hers.groupId}`);
    expect(leaks(page)).toContain('Zephyrine');
  });
});
