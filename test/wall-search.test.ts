import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestProgramme } from './fixtures/programme.js';
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
 * The wall on the caseloads' search and filters (issue 12): each side searches only what it may
 * see. A perpetrator-side search or filter that would match a partner must answer exactly what one
 * matching nobody answers: the same status and the same body, on both pages and both APIs, for
 * every parameter (scope, q, status, worker, team, group, risk, overdue).
 *
 * Two checks. First, with the query unchanged: every request is answered, then a partner made to
 * match every one of them is added (her name, phone, safe number, postcode, date of birth and
 * reference; her case allocated to the facilitator himself and to his team by the owner, in a
 * partner-side group, her DASH high, her first contact overdue), and every answer must be the same
 * byte for byte. Second, a search for an existing partner's name, numbers and postcode answers
 * what a search for nobody answers, apart from the query echoed in the page's search box and links.
 */
useWall();

const PAGES = ['/participants', '/api/v1/participants', '/partner-cases', '/api/v1/partner-cases'];

let facilitator: TestClient;
let partnerGroupId: string;
let partnerWorkerId: string;
let partnerTeamId: string;

/** Every query the facilitator asks: each parameter alone, with values that would find the partner added below. */
function queries(): string[] {
  const q = [
    'Zebulon Quarterfield',
    'Zebulon',
    'Quarterfeild',
    'Kwarterfield',
    '07700 900999',
    '07700900999',
    '(07700) 900-888',
    '+44 7700 900999',
    'ZZ9 9ZZ',
    'zz99zz',
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
    'status=engaged',
    'status=open',
    'status=active',
    `worker=${orgA.users.perpetrator.id}`,
    `worker=${partnerWorkerId}`,
    `team=${orgA.teams.perpetrator}`,
    `team=${partnerTeamId}`,
    `group=${partnerGroupId}`,
    'risk=high',
    'risk=standard',
    'overdue=first-contact',
    `scope=mine&q=Zebulon&risk=high&overdue=first-contact&worker=${orgA.users.perpetrator.id}`,
    `scope=team&q=Quarterfield&team=${orgA.teams.perpetrator}&group=${partnerGroupId}`,
  ];
  return [...q, ...filters];
}

async function answers(): Promise<Map<string, StableAnswer>> {
  return answersTo(facilitator, PAGES, queries());
}

beforeAll(async () => {
  facilitator = await signedIn(orgA.users.perpetrator);
  partnerWorkerId = orgA.users.partner.id;
  partnerTeamId = orgA.teams.partner;
  partnerGroupId = (await createTestProgramme(t.database.db, orgA, { side: 'partner', sessionCount: 1 })).groupId;
});

describe('the caseloads’ search and filters keep to the perpetrator side', () => {
  it('a partner who matches every search and filter changes nothing the perpetrator side is answered', async () => {
    const before = await answers();
    const db = t.database.db;
    // Written as the owner, past every check the services make: the wall must hold on the read alone.
    const partner = await db
      .insertInto('partners')
      .values({
        organisation_id: orgA.id,
        participant_id: caseA.participantId,
        given_name: 'Zebulon',
        family_name: 'Quarterfield',
        date_of_birth: '1990-01-01',
        relationship: 'new',
        phone: '07700 900999',
        safe_phone: '07700 900888',
        postcode: 'ZZ9 9ZZ',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [reference, worker] of [
      ['PS-777777', orgA.users.perpetrator.id],
      ['PS-7777001', orgA.users.partner.id],
    ] as const) {
      const herCase = await db
        .insertInto('partner_cases')
        .values({
          organisation_id: orgA.id,
          partner_id: partner.id,
          reference,
          status: 'engaged',
          allocated_worker_id: worker,
          opened_on: '2025-01-06',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('partner_group_members')
        .values({ organisation_id: orgA.id, group_id: partnerGroupId, partner_case_id: herCase.id, added_by: worker })
        .execute();
      await sql`
        INSERT INTO dash_assessments (organisation_id, partner_case_id, completed_by, completed_on, safe_to_talk,
          safe_contact_checked, score_level, yes_count)
        VALUES (${orgA.id}::uuid, ${herCase.id}::uuid, ${orgA.users.partner.id}::uuid, '2025-02-01', true, true, 'high', 18)`.execute(
        db,
      );
    }
    const after = await answers();
    expect(differingAnswers(before, after)).toEqual([]);
    // The same searches find her on her side: the check above is of searches that do match someone.
    const manager = await signedIn(orgA.users.management);
    for (const query of [
      'q=Quarterfeild',
      'q=Kwarterfield',
      'q=07700%20900999',
      'q=(07700)%20900-888',
      'q=%2B44%207700%20900999',
      'q=zz99zz',
      'q=PS-7777',
      'q=1%2F1%2F1990',
      'q=Quarterfield%201990',
      'risk=high',
      'overdue=first-contact',
    ]) {
      const found = await manager.get(`/api/v1/partner-cases?${query}`);
      expect(found.statusCode, query).toBe(200);
      expect(found.body, query).toContain('PS-777777');
    }
    for (const [key, answer] of after) {
      // A page shows the search as typed in its box; the API echoes nothing.
      if (key.startsWith('/api/') || !key.includes('q=')) {
        expect(answer.body, key).not.toMatch(/Zebulon|Quarterfield|900999|900888|ZZ9 9ZZ|PS-7777/);
      }
      if (key.startsWith('/partner-cases') || key.startsWith('/api/v1/partner-cases')) {
        expect(answer.status, key).toBe(403);
      }
    }
  });

  it('a search for a partner’s name, phone, safe number or postcode answers what a search for nobody answers', async () => {
    const pairs: Array<[string, string]> = [
      ['RosalindA', 'Wendeline'],
      ['QuennellA', 'Tregarthen'],
      ['RosalindA QuennellA', 'Wendeline Tregarthen'],
      ['Quenel', 'Tregarth'],
      ['MarisolA FerrantA', 'Wendeline Tregarthen'],
      ['07700 900111', '07700 900123'],
      ['07700900222', '07700900123'],
      ['07700 900333', '07700 900123'],
      ['LS9 8QT', 'ZZ1 1ZZ'],
      ['ls98qt', 'zz11zz'],
      ['WX3 1MW', 'ZZ1 1ZZ'],
    ];
    await expectSearchesAnsweredAsNobody(facilitator, PAGES, pairs);
  });

  it('a refused value is refused alike whether or not it names something of hers', async () => {
    for (const path of ['/participants', '/api/v1/participants']) {
      const hers = stable(await facilitator.get(`${path}?status=engaged&worker=${partnerWorkerId}&team=${partnerTeamId}`));
      const none = stable(await facilitator.get(`${path}?status=contacting&worker=${randomUUID()}&team=${randomUUID()}`));
      expect(hers.status).toBe(path.startsWith('/api') ? 400 : 200);
      expect(hers.status).toBe(none.status);
      if (path.startsWith('/api')) {
        expect(hers.body).toBe(none.body);
      }
    }
  });
});
