import { expect } from 'vitest';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { setUpDeliveryTest, type DeliveryTest } from '../delivery-test-setup.js';

/*
 * What the session tests share (sessions-planning and sessions-changes .test.ts): a programme of
 * three session templates, a partner-side group, and his new group meeting on Mondays at 18:30 from
 * 12 October 2026 with the programme's two regular facilitators.
 */
export type SessionsTest = {
  d: DeliveryTest;
  programme: TestProgramme;
  partnerGroup: TestProgramme;
  groupId: string;
};

export async function setUpSessionsTest(): Promise<SessionsTest> {
  const d = await setUpDeliveryTest('Sessions');
  const programme = await createTestProgramme(d.t.database.db, d.org, { label: 'S', sessionCount: 3 });
  const partnerGroup = await createTestProgramme(d.t.database.db, d.org, { side: 'partner', label: 'S' });
  // A new group meeting on Mondays at 18:30 from 12 October 2026: the clocks go back on Sunday 25 October.
  const created = await d.facilitator.request('POST', '/api/v1/groups', {
    json: {
      programmeId: programme.programmeId,
      name: 'Autumn Monday group',
      intake: 'closed',
      venueId: programme.venueId,
      dayOfWeek: 1,
      startTime: '18:30',
      durationMinutes: 150,
      capacity: 10,
      startDate: '2026-10-12',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const groupId = created.json<{ group: { id: string } }>().group.id;
  for (const user of programme.facilitators) {
    const added = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/facilitators`, {
      json: { userId: user.id, role: 'regular' },
    });
    expect(added.statusCode, added.body).toBe(200);
  }
  return { d, programme, partnerGroup, groupId };
}

/**
 * Plans the group's sessions as the planning tests do: four weekly from 12 October 2026, then two
 * more passing over bank holidays. Gives the first four's ids, in order.
 */
export async function planFirstSessions({ d, groupId }: SessionsTest): Promise<string[]> {
  const planned = await d.facilitator.submit(`/groups/${groupId}/sessions`, { count: '4', skipBankHolidays: 'no' });
  expect(planned.statusCode, planned.body.slice(0, 400)).toBe(303);
  const firstFour = await d.t.database.db
    .selectFrom('programme_sessions')
    .select('id')
    .where('group_id', '=', groupId)
    .orderBy('sequence')
    .execute();
  const more = await d.facilitator.request('POST', `/api/v1/groups/${groupId}/sessions`, {
    json: { count: 2, skipBankHolidays: true },
  });
  expect(more.statusCode).toBe(201);
  return firstFour.map((r) => r.id);
}
