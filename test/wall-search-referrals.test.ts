import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from './fixtures/http.js';
import {
  answersTo,
  differingAnswers,
  expectSearchesAnsweredAsNobody,
  stable,
  type StableAnswer,
} from './fixtures/wall-search.js';
import { caseA, orgA, signedIn, t, useWall } from './fixtures/wall.js';

/*
 * The wall on the referrals list's search and filters (issue 12). A referral is his record, but
 * it may have been made by his partner (who referred is kept partner-side, in
 * referral_community_sources) and may have opened partner cases (partner_cases.referral_id). A
 * perpetrator-side search or filter that would match a partner must answer exactly what one
 * matching nobody answers, on the page and in the API, for every parameter.
 *
 * As test/wall-search.test.ts does for the caseloads, two checks. First, every request is
 * answered, then a partner made to match each of them is added to his referral (as who referred
 * him, with her name and number, and as a partner case it opened, allocated to the facilitator
 * himself), and every answer must be the same byte for byte. Second, a search for an existing
 * partner's name, numbers, postcode and reference answers what a search for nobody answers,
 * apart from the query echoed in the page's search box and links.
 */
useWall();

const PAGES = ['/referrals', '/api/v1/referrals'];

let facilitator: TestClient;
let referralId: string;

function queries(): string[] {
  const q = [
    'Zebulon Quarterfield',
    'Zebulon',
    'Quarterfeild',
    'Kwarterfield',
    '07700 900999',
    '07700900999',
    '+44 7700 900999',
    'ZZ9 9ZZ',
    'PS-777777',
    'PS-7777',
    '1990-01-01',
    '1/1/1990',
    'Quarterfield 1990',
  ].map((value) => `q=${encodeURIComponent(value)}`);
  const filters = [
    'scope=mine',
    'scope=team',
    'scope=all',
    'status=received',
    'source=community',
    'area=Quarterfield',
    `worker=${orgA.users.perpetrator.id}`,
    `worker=${orgA.users.partner.id}`,
    'from=2026-01-01&to=2026-12-31',
    'sort=name',
    'sort=reference&dir=desc',
    `scope=mine&q=Zebulon&source=community&worker=${orgA.users.perpetrator.id}&sort=name`,
  ];
  return [...q, ...filters];
}

async function answers(): Promise<Map<string, StableAnswer>> {
  return answersTo(facilitator, PAGES, queries());
}

beforeAll(async () => {
  facilitator = await signedIn(orgA.users.perpetrator);
  const db = t.database.db;
  // His referral, made by someone in the community: his side sees it as a community referral, never who made it.
  const referral = await db
    .insertInto('referrals')
    .values({
      organisation_id: orgA.id,
      reference: 'RF-600600',
      participant_id: caseA.participantId,
      channel: 'phone',
      source: 'community',
      reason: 'Community referral. The referrer’s account is held by the partner support service.',
      area: 'Riverside',
      received_on: '2026-02-03',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  referralId = referral.id;
  await db
    .insertInto('referral_status_history')
    .values({ organisation_id: orgA.id, referral_id: referralId, to_status: 'received', reason_code: 'referral_received' })
    .execute();
  // His case is the facilitator's, so "my cases" lists the referral.
  await db
    .updateTable('perpetrator_cases')
    .set({ allocated_worker_id: orgA.users.perpetrator.id })
    .where('participant_id', '=', caseA.participantId)
    .execute();
});

describe('the referrals list’s search and filters keep to his record', () => {
  it('a partner who referred him and whose case the referral opened changes nothing the perpetrator side is answered', async () => {
    const before = await answers();
    const db = t.database.db;
    // Written as the owner, past every check the services make: the wall must hold on the read alone.
    await db
      .insertInto('referral_community_sources')
      .values({
        referral_id: referralId,
        organisation_id: orgA.id,
        relationship: 'partner',
        name: 'Zebulon Quarterfield',
        phone: '07700 900999',
        safe_to_contact: 'Weekday mornings',
        account: 'Quarterfield told us about the last incident',
      })
      .execute();
    const partner = await db
      .insertInto('partners')
      .values({
        organisation_id: orgA.id,
        participant_id: caseA.participantId,
        given_name: 'Zebulon',
        family_name: 'Quarterfield',
        date_of_birth: '1990-01-01',
        relationship: 'current',
        phone: '07700 900999',
        postcode: 'ZZ9 9ZZ',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('partner_cases')
      .values({
        organisation_id: orgA.id,
        partner_id: partner.id,
        reference: 'PS-777777',
        status: 'open',
        allocated_worker_id: orgA.users.perpetrator.id,
        opened_on: '2026-02-03',
        referral_id: referralId,
      })
      .execute();
    const after = await answers();
    expect(differingAnswers(before, after)).toEqual([]);
    for (const [key, answer] of after) {
      expect(answer.status, key).toBe(200);
      // A page shows the search and the area as typed in their boxes; the API echoes nothing.
      if (key.startsWith('/api/') || !/[?&](q|area)=/.test(key)) {
        expect(answer.body, key).not.toMatch(/Zebulon|Quarterfield|900999|ZZ9 9ZZ|PS-7777|Weekday mornings/);
      }
    }
    // The filters that keep his referral do list it: the checks above are of lists that hold something.
    for (const query of ['scope=mine', 'source=community', `worker=${orgA.users.perpetrator.id}`, 'q=RF-600600']) {
      expect((await facilitator.get(`/api/v1/referrals?${query}`)).body, query).toContain('RF-600600');
    }
  });

  it('a search for a partner’s name, phone, postcode or reference answers what a search for nobody answers', async () => {
    const pairs: Array<[string, string]> = [
      ['RosalindA', 'Wendeline'],
      ['QuennellA', 'Tregarthen'],
      ['RosalindA QuennellA', 'Wendeline Tregarthen'],
      ['Quenel', 'Tregarth'],
      ['MarisolA FerrantA', 'Wendeline Tregarthen'],
      ['Zebulon Quarterfield', 'Wendeline Tregarthen'],
      ['07700 900111', '07700 900123'],
      ['07700 900999', '07700 900123'],
      ['LS9 8QT', 'ZZ1 1ZZ'],
      ['WX3 1MW', 'ZZ1 1ZZ'],
      ['PS-777777', 'PS-999999'],
    ];
    await expectSearchesAnsweredAsNobody(facilitator, PAGES, pairs);
  });

  it('a worker filter naming her worker is answered as one naming nobody', async () => {
    for (const path of PAGES) {
      const hers = stable(await facilitator.get(`${path}?worker=${orgA.users.partner.id}`));
      const none = stable(await facilitator.get(`${path}?worker=${randomUUID()}`));
      expect(hers.status).toBe(200);
      expect(hers.status).toBe(none.status);
      const withoutIds = (body: string) => body.replace(/worker=[0-9a-f-]{36}/g, 'worker=«id»');
      expect(withoutIds(hers.body)).toBe(withoutIds(none.body));
    }
  });
});
