import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import type { Referral } from '../../test/fixtures/marac.js';
import {
  t,
  org,
  known,
  partnerWorker,
  manager,
  facilitator,
  otherOrganisation,
  dashId,
  formDate,
  referralForm,
  apiReferral,
  auditCount,
  useMarac,
} from '../../test/fixtures/marac.js';

/*
 * MARAC referrals (issue 6, point 4): the meeting, the referral page with its outcome, actions and
 * closing, her case page, and the wall. Partner side and management only.
 */
useMarac();

let referralId: string;

// What the referral tests record first (marac-referrals.test.ts): her referral from her DASH on the
// form, one through the API the next day, and one for the ex-partner without her consent.
beforeAll(async () => {
  const made = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/marac`, {
    ...referralForm({ dashAssessmentId: dashId, policeCalloutsPastYear: '1', afraidOf: 'Him and his brother Corwin' }),
  });
  if (made.statusCode !== 303) {
    throw new Error(`Referral not made: ${made.statusCode}`);
  }
  const row = await t.database.db
    .selectFrom('marac_referrals')
    .select('id')
    .where('partner_case_id', '=', known.currentCaseId)
    .executeTakeFirstOrThrow();
  referralId = row.id;
  const next = await manager.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/marac-referrals`, {
    json: apiReferral({ referredOn: '2026-10-06', area: 'Northbridge' }),
  });
  const ex = await partnerWorker.request('POST', `/api/v1/partner-cases/${known.exCaseId}/marac-referrals`, {
    json: apiReferral({
      referredOn: '2023-01-10',
      professionalJudgement: true,
      judgementReasons: 'Threats to kill; she believes him',
      sheKnows: true,
      sheConsents: false,
      noConsentReason: 'Too frightened to agree; high risk of serious harm',
    }),
  });
  if (next.statusCode !== 201 || ex.statusCode !== 201) {
    throw new Error(`Referrals not made: ${next.statusCode} ${ex.statusCode}`);
  }
});

describe('the meeting, its outcome and actions', () => {
  let meetingId: string;

  it('a meeting is added for an area and date once; the referral is listed for it and appears on its printable list', async () => {
    const bad = await manager.submit('/marac/meetings', { area: '', ...formDate('meetsOn', '2026-02-30') });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'area', 'Enter the MARAC area');
    const added = await manager.submit('/marac/meetings', { area: 'Northbridge', ...formDate('meetsOn', '2030-01-15') });
    expect(added.statusCode).toBe(303);
    meetingId = (added.headers.location as string).split('/')[3]?.split('?')[0] ?? '';
    const twice = await partnerWorker.submit('/marac/meetings', { area: 'Northbridge', ...formDate('meetsOn', '2030-01-15') });
    expect(twice.statusCode).toBe(409);
    await manager.submit('/marac/meetings', { area: 'Wexcombe', ...formDate('meetsOn', '2030-01-20') });
    const wrongArea = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/marac`, {
      ...referralForm({ dashAssessmentId: dashId, area: 'Wexcombe', maracMeetingId: meetingId }),
    });
    expect(wrongArea.statusCode).toBe(400);
    expectFieldError(wrongArea.body, 'maracMeetingId', 'Choose a meeting for Wexcombe');
    const listed = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/marac`, {
      ...referralForm({
        dashAssessmentId: dashId,
        maracMeetingId: meetingId,
        sheKnows: 'no',
        sheConsents: 'no',
        noConsentReason: 'He checks her phone',
      }),
    });
    expect(listed.statusCode).toBe(303);
    const list = await manager.get('/marac?area=northbridge');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/marac/meetings/${meetingId}`);
    expect(list.body).not.toContain('Wexcombe</td>');
    expect(list.body).toContain('data-qa="risk-settings-link"');
    const meeting = await manager.get(`/marac/meetings/${meetingId}`);
    const table = meeting.body.slice(meeting.body.indexOf('data-qa="meeting-referrals"'));
    expect(table).toContain('RosalindM QuennellM');
    expect(table).toContain(known.hisName);
    expect(table).toContain('Visible high risk');
    expect(table).toContain('High (15 yes)');
    expect(table).toContain('Does not know');
    const print = await manager.get(`/marac/meetings/${meetingId}/print`);
    expect(print.body).toContain('Confidential: MARAC list');
    expect(print.body).toContain('RosalindM QuennellM');
    const api = await partnerWorker.get('/api/v1/marac-meetings?area=Northbridge');
    expect(api.json<{ meetings: Array<{ id: string; referralCount: number }> }>().meetings).toEqual([
      expect.objectContaining({ id: meetingId, referralCount: 1 }),
    ]);
  });

  it('a referral not yet heard is listed for a meeting of its area from its page', async () => {
    const unlisted = await t.database.db
      .selectFrom('marac_referrals')
      .select('id')
      .where('partner_case_id', '=', known.currentCaseId)
      .where('marac_meeting_id', 'is', null)
      .where('referred_on', '=', '2026-10-06')
      .executeTakeFirstOrThrow();
    const base = `/partner-cases/${known.currentCaseId}/marac/${unlisted.id}`;
    const page = await partnerWorker.get(base);
    expect(page.body).toContain('data-qa="meeting-choice-form"');
    expect(page.body).toContain(`value="${meetingId}"`);
    const wexcombe = await t.database.db
      .selectFrom('marac_meetings')
      .select('id')
      .where('area', '=', 'Wexcombe')
      .executeTakeFirstOrThrow();
    const wrong = await partnerWorker.submit(`${base}/meeting`, { maracMeetingId: wexcombe.id });
    expect(wrong.statusCode).toBe(400);
    expectFieldError(wrong.body, 'maracMeetingId', 'Choose a meeting for Northbridge');
    expect((await partnerWorker.submit(`${base}/meeting`, { maracMeetingId: meetingId })).statusCode).toBe(303);
    const meeting = await manager.get(`/marac/meetings/${meetingId}`);
    expect([...meeting.body.matchAll(/\/marac\/[0-9a-f-]{36}">RosalindM QuennellM/g)]).toHaveLength(2);
  });

  it('the outcome, actions and closing are recorded on the referral page; closing needs the outcome first', async () => {
    const base = `/partner-cases/${known.currentCaseId}/marac/${referralId}`;
    const early = await partnerWorker.submit(`${base}/close`, {});
    expect(early.statusCode).toBe(409);
    const bad = await partnerWorker.submit(`${base}/outcome`, { outcome: '' });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'outcome', 'Enter the outcome of the meeting');
    expectFieldError(bad.body, 'heardOn', 'Enter the date the MARAC heard it');
    expect(
      (
        await partnerWorker.submit(`${base}/outcome`, {
          outcome: 'Police flag on her address',
          ...formDate('heardOn', '2026-10-20'),
        })
      ).statusCode,
    ).toBe(303);
    const noAgency = await partnerWorker.submit(`${base}/actions`, { action: 'Fit a panic alarm' });
    expectFieldError(noAgency.body, 'agency', 'Enter the agency that will do it');
    expect(
      (
        await partnerWorker.submit(`${base}/actions`, {
          action: 'Fit a panic alarm',
          agency: 'Police',
          ...formDate('dueOn', '2026-11-01'),
        })
      ).statusCode,
    ).toBe(303);
    const action = await t.database.db
      .selectFrom('marac_actions')
      .select('id')
      .where('marac_referral_id', '=', referralId)
      .executeTakeFirstOrThrow();
    expect((await partnerWorker.submit(`${base}/actions/${action.id}/done`, {})).statusCode).toBe(303);
    expect((await partnerWorker.submit(`${base}/actions/${randomUUID()}/done`, {})).statusCode).toBe(404);
    const page = await partnerWorker.get(base);
    expect(page.body).toContain('Police flag on her address');
    expect(page.body).toContain('Fit a panic alarm');
    expect(page.body).toMatch(/Done \d+ \w+ \d{4}/);
    expect((await partnerWorker.submit(`${base}/close`, {})).statusCode).toBe(303);
    const closed = await partnerWorker.get(`/api/v1/marac-referrals/${referralId}`);
    expect(closed.json<Referral>().status).toBe('closed');
    const api = await partnerWorker.request('POST', `/api/v1/marac-referrals/${referralId}/outcome`, {
      json: { heardOn: '2026-10-21', outcome: 'Changed' },
    });
    expect(api.statusCode).toBe(409);
    expect(await auditCount('marac.action_recorded')).toBe(2);
  });

  it('the API records an outcome', async () => {
    const [other] = await t.database.db
      .selectFrom('marac_referrals')
      .select('id')
      .where('partner_case_id', '=', known.exCaseId)
      .where('status', '=', 'referred')
      .execute();
    const bad = await partnerWorker.request('POST', `/api/v1/marac-referrals/${other?.id}/outcome`, {
      json: { heardOn: '2026-10-21' },
    });
    expect(expectErrorShape(bad).error.fields).toHaveProperty('outcome');
    const done = await partnerWorker.request('POST', `/api/v1/marac-referrals/${other?.id}/outcome`, {
      json: { heardOn: '2026-10-21', outcome: 'IDVA allocated' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json<Referral>().status).toBe('heard');
  });
});

describe('her case page', () => {
  it('lists her referrals with their status and offers to refer; an audited read', async () => {
    const before = await auditCount('marac.viewed');
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/risk`);
    expect(page.statusCode).toBe(200);
    const section = page.body.slice(page.body.indexOf('id="marac"'));
    expect(section).toContain(`/partner-cases/${known.currentCaseId}/marac/${referralId}`);
    expect(section).toContain('Closed');
    expect(section).toContain('Visible high risk');
    expect(section).toContain(`href="/partner-cases/${known.currentCaseId}/marac/new" data-qa="refer-to-marac"`);
    expect(await auditCount('marac.viewed')).toBeGreaterThan(before);
  });
});

describe('the wall', () => {
  const routes = (caseId: string, id: string, meetingId: string) => [
    `/partner-cases/${caseId}/marac/new`,
    `/partner-cases/${caseId}/marac/${id}`,
    `/partner-cases/${caseId}/marac/${id}/print`,
    `/api/v1/partner-cases/${caseId}/marac-referrals`,
    `/api/v1/marac-referrals/${id}`,
    '/api/v1/marac-meetings',
    '/marac',
    `/marac/meetings/${meetingId}`,
    `/marac/meetings/${meetingId}/print`,
    '/settings/risk',
  ];

  it('a facilitator and another organisation are told "not found" on every page and API route', async () => {
    const meeting = await t.database.db.selectFrom('marac_meetings').select('id').executeTakeFirstOrThrow();
    const posts = (caseId: string, id: string) => [
      `/partner-cases/${caseId}/marac`,
      `/partner-cases/${caseId}/marac/${id}/outcome`,
      `/partner-cases/${caseId}/marac/${id}/actions`,
      `/partner-cases/${caseId}/marac/${id}/close`,
      `/partner-cases/${caseId}/marac/${id}/meeting`,
      '/marac/meetings',
      '/settings/risk',
    ];
    for (const client of [facilitator, otherOrganisation]) {
      for (const url of [
        ...routes(known.currentCaseId, referralId, meeting.id),
        ...routes(randomUUID(), randomUUID(), randomUUID()),
      ]) {
        const response = await client.get(url);
        // Another organisation's partner worker has a MARAC page of her own, with none of these meetings.
        const ownList = client === otherOrganisation && ['/marac', '/api/v1/marac-meetings'].includes(url);
        expect(response.statusCode, url).toBe(ownList ? 200 : 404);
        expect(response.body).not.toContain('Quennell');
        expect(response.body).not.toContain('Northbridge');
      }
      // Another organisation may add meetings of its own: only her case's routes are checked for it.
      for (const url of posts(known.currentCaseId, referralId).filter((u) => client === facilitator || u !== '/marac/meetings')) {
        expect(
          (await client.submit(url, referralForm({ professionalJudgement: 'yes', judgementReasons: 'x' }))).statusCode,
          url,
        ).toBe(404);
      }
      for (const url of [
        `/api/v1/partner-cases/${known.currentCaseId}/marac-referrals`,
        `/api/v1/marac-referrals/${referralId}/outcome`,
      ]) {
        const api = await client.request('POST', url, { json: {} });
        expect(api.statusCode, url).toBe(404);
        expect(expectErrorShape(api).error.code).toBe('not_found');
      }
    }
    // The case page of his does not mention it either, and his menu has no MARAC.
    const his = await facilitator.get(`/participants/${known.participantId}`);
    expect(his.body).not.toContain('MARAC');
    const referrals = await t.database.db.selectFrom('marac_referrals').select('referred_by').execute();
    expect(referrals.every((r) => r.referred_by !== org.users.perpetrator.id)).toBe(true);
  });

  it('a manager and her worker have MARAC in their menu; every read is audited', async () => {
    expect((await manager.get('/marac')).body).toContain('href="/marac"');
    expect((await partnerWorker.get('/marac')).body).not.toContain('data-qa="risk-settings-link"');
    const before = await auditCount('marac.viewed');
    await manager.get(`/partner-cases/${known.currentCaseId}/marac/${referralId}`);
    await manager.get(`/api/v1/marac-referrals/${referralId}`);
    await manager.get(`/api/v1/partner-cases/${known.currentCaseId}/marac-referrals`);
    await manager.get('/api/v1/marac-meetings');
    await manager.get('/marac');
    expect(await auditCount('marac.viewed')).toBe(before + 5);
  });
});
