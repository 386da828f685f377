// Planning a group's sessions from its schedule and the programme's templates, across the autumn clock change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFieldError } from '../../../test/fixtures/assertions.js';
import type { TestProgramme } from '../../../test/fixtures/programme.js';
import { auditCount, type DeliveryTest } from '../delivery-test-setup.js';
import { setUpSessionsTest } from './sessions-test-setup.js';

let d: DeliveryTest;
let programme: TestProgramme;
let groupId: string;
let sessionIds: string[] = [];

beforeAll(async () => {
  ({ d, programme, groupId } = await setUpSessionsTest());
});
afterAll(async () => d?.t.close());

describe('planning sessions from the schedule and the templates', () => {
  it('plans weekly sessions at 18:30 London time across the last Sunday of October, each with the two regular facilitators', async () => {
    const response = await d.facilitator.submit(`/groups/${groupId}/sessions`, { count: '4', skipBankHolidays: 'no' });
    expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
    const rows = await d.t.database.db
      .selectFrom('programme_sessions')
      .select(['id', 'starts_at', 'title', 'sequence', 'session_template_id', 'kind', 'side'])
      .where('group_id', '=', groupId)
      .orderBy('sequence')
      .execute();
    sessionIds = rows.map((r) => r.id);
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual([
      '2026-10-12T17:30:00.000Z',
      '2026-10-19T17:30:00.000Z',
      '2026-10-26T18:30:00.000Z',
      '2026-11-02T18:30:00.000Z',
    ]);
    // The programme's three templates, in order, then round again (a rolling cycle).
    expect(rows.map((r) => r.title)).toEqual(['Session 1', 'Session 2', 'Session 3', 'Session 1']);
    expect(rows.map((r) => r.session_template_id)).toEqual([...programme.templateIds, programme.templateIds[0]]);
    const facilitators = await d.t.database.db
      .selectFrom('session_facilitators')
      .select(['session_id', 'user_id', 'role'])
      .where('session_id', 'in', sessionIds)
      .execute();
    expect(facilitators).toHaveLength(8);
    const page = await d.facilitator.get(`/groups/${groupId}`);
    expect(page.body).toContain('Monday 19 October 2026, 18:30 to 21:00');
    expect(page.body).toContain('Monday 26 October 2026, 18:30 to 21:00');
    expect(page.body).not.toContain('19:30');
    expect(await auditCount(d.t, 'session.generated', groupId)).toBe(1);
  });

  it('continues after the last planned session, passing over bank holidays when asked', async () => {
    const response = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/sessions`, {
      json: { count: 2, skipBankHolidays: true },
    });
    expect(response.statusCode).toBe(201);
    const rows = await d.t.database.db
      .selectFrom('programme_sessions')
      .select(['starts_at', 'sequence'])
      .where('id', 'in', response.json<{ ids: string[] }>().ids)
      .orderBy('sequence')
      .execute();
    expect(rows.map((r) => [r.sequence, r.starts_at.toISOString()])).toEqual([
      [5, '2026-11-09T18:30:00.000Z'],
      [6, '2026-11-16T18:30:00.000Z'],
    ]);
  });

  it('asks which 01:30 is meant when the clocks go back on a date planned, and plans it at the time chosen', async () => {
    // A group meeting on Sundays at 01:30 (a night shelter's late group, say): on 25 October 2026 01:30 happens twice.
    const created = await d.facilitator.request('POST', '/api/v1/groups', {
      json: {
        programmeId: programme.programmeId,
        name: 'Sunday night group',
        intake: 'closed',
        venueId: programme.venueId,
        dayOfWeek: 7,
        startTime: '01:30',
        durationMinutes: 90,
        capacity: 10,
        startDate: '2026-10-18',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const nightGroup = created.json<{ group: { id: string } }>().group.id;
    const planned = () =>
      d.t.database.db
        .selectFrom('programme_sessions')
        .select('starts_at')
        .where('group_id', '=', nightGroup)
        .orderBy('sequence')
        .execute();

    const asked = await d.facilitator.submit(`/groups/${nightGroup}/sessions`, { count: '2', skipBankHolidays: 'no' });
    expect(asked.statusCode).toBe(400);
    expect(asked.body).toContain('01:30 on 25 October 2026 happens twice in London');
    expect(asked.body).toContain('name="offset" type="radio" value="GMT"');
    expect(await planned()).toEqual([]);

    const chosen = await d.facilitator.submit(`/groups/${nightGroup}/sessions`, {
      count: '2',
      skipBankHolidays: 'no',
      offset: 'GMT',
    });
    expect(chosen.statusCode, chosen.body.slice(0, 400)).toBe(303);
    expect((await planned()).map((row) => row.starts_at.toISOString())).toEqual([
      '2026-10-18T00:30:00.000Z', // 01:30 BST
      '2026-10-25T01:30:00.000Z', // the second 01:30, in GMT
    ]);
  });

  it('refuses a bad number of sessions with a field error and plans nothing', async () => {
    const before = await d.t.database.db.selectFrom('programme_sessions').select('id').execute();
    const response = await d.facilitator.submit(`/groups/${groupId}/sessions`, { count: '0', skipBankHolidays: 'no' });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'count', 'The number of sessions must be a whole number from 1 to 100');
    const api = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/sessions`, { json: { count: 'lots' } });
    expect(api.statusCode).toBe(400);
    expect(await d.t.database.db.selectFrom('programme_sessions').select('id').execute()).toHaveLength(before.length);
  });
});
