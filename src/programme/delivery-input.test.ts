import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHandled, oddBodies, oddText } from '../../test/fixtures/assertions.js';
import { createTestProgramme, type TestProgramme } from '../../test/fixtures/programme.js';
import { createTestParticipant } from '../../test/fixtures/programme-members.js';
import { setUpDeliveryTest, type DeliveryTest } from './delivery-test-setup.js';

/* Any input, however odd, to the programme delivery API and forms answers below 500, with the error shape. */
let d: DeliveryTest;
let programme: TestProgramme;
let participantId: string;

beforeAll(async () => {
  d = await setUpDeliveryTest('Oddities');
  programme = await createTestProgramme(d.t.database.db, d.org, { label: 'Odd', sessionCount: 2 });
  participantId = (await createTestParticipant(d.t.database.db, d.org)).participantId;
});
afterAll(async () => d?.t.close());

const endpoints = (): Array<[string, () => string, () => Record<string, unknown>]> => [
  [
    'programmes',
    () => '/api/v1/programmes',
    () => ({ kind: 'group_dapp', name: 'Odd', absenceReviewAfter: 2, completionMinHours: 30 }),
  ],
  [
    'groups',
    () => '/api/v1/groups',
    () => ({
      programmeId: programme.programmeId,
      name: 'Odd group',
      intake: 'rolling',
      dayOfWeek: 1,
      startTime: '18:30',
      durationMinutes: 150,
      capacity: 8,
      startDate: '2026-01-05',
    }),
  ],
  [
    'placement',
    () => `/api/v1/groups/${programme.groupId}/members`,
    () => ({ enrolmentId: programme.groupId, unexpected: 'field' }),
  ],
  ['generate', () => `/api/v1/groups/${programme.groupId}/sessions`, () => ({ count: 1, skipBankHolidays: true })],
  [
    'catch-up',
    () => `/api/v1/groups/${programme.groupId}/catch-up-sessions`,
    () => ({ templateId: programme.templateIds[0], date: '2026-02-02', time: '10:00' }),
  ],
  [
    'reschedule',
    () => `/api/v1/sessions/${programme.sessions[0]?.id}/reschedule`,
    () => ({ date: '2026-02-03', time: '18:30', reason: 'Odd' }),
  ],
  [
    'waiting list',
    () => `/api/v1/participants/${participantId}/enrolments`,
    () => ({ programmeId: programme.programmeId, readyOn: '2026-01-01', reasonCode: 'returning' }),
  ],
  [
    'non-association',
    () => `/api/v1/participants/${participantId}/non-associations`,
    () => ({ otherReference: 'PA-1', reasonCode: 'other' }),
  ],
  ['venues', () => '/api/v1/venues', () => ({ name: 'Odd venue', address: 'Somewhere' })],
];

describe('odd JSON bodies', () => {
  it.each(endpoints())('%s answers every body below 500', async (_name, url, valid) => {
    await fc.assert(
      fc.asyncProperty(oddBodies(valid()), async (json) => {
        const response = await d.manager.request('POST', url(), { json });
        expectHandled(response, `POST ${url()} ${String(JSON.stringify(json)).slice(0, 200)}`);
      }),
      { numRuns: 25 },
    );
  });
});

describe('odd form answers', () => {
  it('the group form and the reschedule form answer any text below 500 and keep the page', async () => {
    const token = await d.facilitator.csrfToken('/account');
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: oddText, startTime: oddText, capacity: oddText, startDate: oddText, dayOfWeek: oddText }),
        async (form) => {
          const response = await d.facilitator.request('POST', '/groups/new', {
            form: { ...form, programmeId: programme.programmeId, intake: 'rolling', durationMinutes: '150', _csrf: token },
          });
          expect(response.statusCode, JSON.stringify(form)).toBeLessThan(500);
        },
      ),
      { numRuns: 25 },
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ date: oddText, time: oddText, reason: oddText }), async (form) => {
        const response = await d.facilitator.request('POST', `/sessions/${programme.sessions[1]?.id}/reschedule`, {
          form: { ...form, _csrf: token },
        });
        expect(response.statusCode, JSON.stringify(form)).toBeLessThan(500);
      }),
      { numRuns: 25 },
    );
  });

  it('calendar weeks that are not real dates show this week', async () => {
    for (const week of ['0000-01-01', '9999-12-31', '2026-02-30', '%00', "'; DROP TABLE venues; --"]) {
      const response = await d.facilitator.get(`/calendar?week=${encodeURIComponent(week)}`);
      expect(response.statusCode, week).toBe(200);
    }
  });
});
