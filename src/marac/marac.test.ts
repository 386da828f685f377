import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { withActor } from '../db/database.js';
import { levelForYesCount } from '../dash/questions.js';

/*
 * MARAC referrals (issue 6, point 4): pre-filled from her DASH (referenced, never copied) and her
 * case; criteria worked out on the server; consent, or why not; the referral page with the DASH
 * answers, outcome, actions and closing. Partner side and management only.
 */
let t: TestApp;
let org: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let partnerWorker: TestClient;
let manager: TestClient;
let facilitator: TestClient;
let otherOrganisation: TestClient;
let dashId: string;
let referralId: string;

type Referral = {
  id: string;
  criteria: Array<{ code: string }>;
  dashAssessmentId: string | null;
  status: string;
  safeNumber: string | null;
  relationship: string;
  dash: { id: string; yesCount: number; answers: Array<{ question: number; answer: string; comment: string | null }> } | null;
};

/** A DASH with her, written as her worker would (the DASH form is its own capability): `yes` "yes" answers out of 24. */
async function recordDash(caseId: string, yes: number, callouts: number | null, completedOn = '2026-10-01'): Promise<string> {
  return withActor(t.database.db, actorOf(org, 'partner'), async (trx) => {
    const row = await trx
      .insertInto('dash_assessments')
      .values({
        organisation_id: org.id,
        partner_case_id: caseId,
        completed_on: completedOn,
        safe_to_talk: true,
        safe_contact_checked: true,
        yes_count: yes,
        score_level: levelForYesCount(yes),
        police_callouts_past_year: callouts,
        completed_by: org.users.partner.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('dash_answers')
      .values(
        Array.from({ length: 24 }, (_, i) => ({
          dash_assessment_id: row.id,
          organisation_id: org.id,
          question: i + 1,
          answer: i < yes ? ('yes' as const) : ('no' as const),
          comment: `Answer note ${i + 1}`,
        })),
      )
      .execute();
    return row.id;
  });
}

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

const formDate = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

/** A complete referral form as her worker would send it, with her knowledge and consent. */
const referralForm = (extra: Record<string, string> = {}) => ({
  ...formDate('referredOn', '2026-10-05'),
  area: 'Northbridge',
  safeToCall: 'yes',
  safeNumber: '07700 900222',
  relationship: 'Current partner',
  sheKnows: 'yes',
  sheConsents: 'yes',
  ...extra,
});

const apiReferral = (extra: Record<string, unknown> = {}) => ({
  referredOn: '2026-06-01',
  area: 'Wexcombe',
  safeToCall: true,
  sheKnows: true,
  sheConsents: true,
  ...extra,
});

async function auditCount(action: string): Promise<number> {
  const rows = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', action).execute();
  return rows.length;
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Harrowgate');
  const other = await createTestOrganisation(t.database.db, 'Elsewhere');
  known = await createCaseWithPartners(t.database.db, org, 'M');
  [partnerWorker, manager, facilitator, otherOrganisation] = await Promise.all([
    signedIn(org.users.partner),
    signedIn(org.users.management),
    signedIn(org.users.perpetrator),
    signedIn(other.users.partner),
  ]);
  dashId = await recordDash(known.currentCaseId, 15, 1);
});
afterAll(async () => t?.close());

describe('a referral made from her DASH', () => {
  it('the new-referral form shows her DASH’s 24 answers read-only, ticks visible high risk and pre-fills from her case', async () => {
    const before = await auditCount('marac.viewed');
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/marac/new`);
    expect(page.statusCode).toBe(200);
    const answers = page.body.slice(page.body.indexOf('data-qa="dash-answers"'));
    expect([...answers.matchAll(/data-qa="dash-answer-\d+"/g)]).toHaveLength(24);
    expect(answers).toContain('Answer note 24');
    expect(answers).toContain(`Has ${known.hisName} ever threatened to kill you`);
    expect(page.body).toMatch(/data-qa="criterion-visible_high_risk" data-met="yes"/);
    expect(page.body).toMatch(/data-qa="criterion-escalation" data-met="no"/);
    expect(page.body).toMatch(/data-qa="criterion-repeat" data-met="no"/);
    expect(page.body).toContain(`name="dashAssessmentId" value="${dashId}"`);
    // From her case: safe number and times, the relationship with his name, her child and school.
    expect(page.body).toContain('value="07700 900222"');
    expect(page.body).toContain('Mornings');
    expect(page.body).toContain(`value="Current partner of ${known.hisName}"`);
    expect(page.body).toContain('PoppyM');
    expect(page.body).toContain('Sandpiper Green Primary M');
    expect(page.body).toContain('can go ahead without her knowledge or consent');
    expect(await auditCount('marac.viewed')).toBe(before + 1);
  });

  it('a DASH named in the address is used if it is hers; another case’s DASH is not found', async () => {
    const older = await recordDash(known.currentCaseId, 3, 0, '2026-01-01');
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/marac/new?dash=${older}`);
    expect(page.body).toContain(`name="dashAssessmentId" value="${older}"`);
    expect(page.body).toMatch(/data-qa="criterion-visible_high_risk" data-met="no"/);
    const exDash = await recordDash(known.exCaseId, 2, 0, '2025-01-01');
    expect((await partnerWorker.get(`/partner-cases/${known.currentCaseId}/marac/new?dash=${exDash}`)).statusCode).toBe(404);
    expect((await partnerWorker.get(`/partner-cases/${known.currentCaseId}/marac/new?dash=nonsense`)).statusCode).toBe(404);
  });

  it('saving stores the DASH by reference, and the referral page, print view and API show its answers', async () => {
    const response = await partnerWorker.submit(`/partner-cases/${known.currentCaseId}/marac`, {
      ...referralForm({ dashAssessmentId: dashId, policeCalloutsPastYear: '1', afraidOf: 'Him and his brother Corwin' }),
    });
    expect(response.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('marac_referrals')
      .selectAll()
      .where('partner_case_id', '=', known.currentCaseId)
      .executeTakeFirstOrThrow();
    referralId = row.id;
    expect(response.headers.location).toBe(`/partner-cases/${known.currentCaseId}/marac/${referralId}?saved=1`);
    expect(row).toMatchObject({
      dash_assessment_id: dashId,
      criteria: ['visible_high_risk'],
      status: 'referred',
      safe_to_call: true,
    });
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/marac/${referralId}`);
    expect(page.statusCode).toBe(200);
    expect([...page.body.matchAll(/data-qa="dash-answer-\d+"/g)]).toHaveLength(24);
    expect(page.body).toContain('Him and his brother Corwin');
    expect(page.body).toContain('Visible high risk');
    const print = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/marac/${referralId}/print`);
    expect([...print.body.matchAll(/data-qa="dash-answer-\d+"/g)]).toHaveLength(24);
    expect(print.body).not.toContain('govuk-service-navigation');
    const api = await partnerWorker.get(`/api/v1/marac-referrals/${referralId}`);
    expect(api.statusCode).toBe(200);
    const body = api.json<Referral>();
    expect(body.dash?.id).toBe(dashId);
    expect(body.dash?.answers).toHaveLength(24);
    expect(body.dash?.answers[0]).toEqual({
      question: 1,
      text: expect.any(String),
      answer: 'yes',
      answerLabel: 'Yes',
      comment: 'Answer note 1',
    });
    expect(body.criteria.map((c) => c.code)).toEqual(['visible_high_risk']);
    const list = await partnerWorker.get(`/api/v1/partner-cases/${known.currentCaseId}/marac-referrals`);
    expect(list.json<Referral[]>().map((r) => r.id)).toEqual([referralId]);
    const made = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'marac.referral_made')
      .where('record_id', '=', referralId)
      .execute();
    expect(made).toHaveLength(1);
    expect(JSON.stringify(made)).not.toContain('Corwin');
  });

  it('the API pre-fills what it is not sent from her DASH and her case', async () => {
    const response = await manager.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/marac-referrals`, {
      json: apiReferral({ referredOn: '2026-10-06', area: 'Northbridge' }),
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<Referral>();
    expect(body.dashAssessmentId).toBe(dashId);
    expect(body.safeNumber).toBe('07700 900222');
    expect(body.relationship).toBe(`Current partner of ${known.hisName}`);
    // Referred the day before: a repeat as well.
    expect(body.criteria.map((c) => c.code)).toEqual(['visible_high_risk', 'repeat']);
    // Another woman's DASH cannot be named, even by management.
    const exDash = await t.database.db
      .selectFrom('dash_assessments')
      .select('id')
      .where('partner_case_id', '=', known.exCaseId)
      .executeTakeFirstOrThrow();
    const foreign = await manager.request('POST', `/api/v1/partner-cases/${known.currentCaseId}/marac-referrals`, {
      json: apiReferral({ dashAssessmentId: exDash.id, professionalJudgement: true, judgementReasons: 'x' }),
    });
    expect(foreign.statusCode).toBe(400);
    expect(expectErrorShape(foreign).error.fields).toEqual({ dashAssessmentId: 'Choose one of her own DASH checklists' });
  });
});

describe('the criteria', () => {
  const exUrl = () => `/api/v1/partner-cases/${known.exCaseId}/marac-referrals`;

  it('no criterion is an error; judgement needs reasons; she cannot consent without knowing; no consent needs a reason', async () => {
    const none = await partnerWorker.submit(
      `/partner-cases/${known.exCaseId}/marac`,
      referralForm({ policeCalloutsPastYear: '2' }),
    );
    expect(none.statusCode).toBe(400);
    expectFieldError(none.body, 'criteria', 'This referral meets no MARAC criterion');
    expect(none.body).toContain('value="Northbridge"');
    const judgement = await partnerWorker.submit(
      `/partner-cases/${known.exCaseId}/marac`,
      referralForm({ professionalJudgement: 'yes' }),
    );
    expect(judgement.statusCode).toBe(400);
    expectFieldError(judgement.body, 'judgementReasons', 'Give the reasons for your professional judgement');
    const consent = await partnerWorker.submit(
      `/partner-cases/${known.exCaseId}/marac`,
      referralForm({
        professionalJudgement: 'yes',
        judgementReasons: 'Strangulation disclosed',
        sheKnows: 'no',
        sheConsents: 'no',
      }),
    );
    expect(consent.statusCode).toBe(400);
    expectFieldError(consent.body, 'noConsentReason', 'Say why she does not know of the referral');
    // Every fault at once: the missing date with the rules between answers.
    const all = await partnerWorker.submit(`/partner-cases/${known.exCaseId}/marac`, {
      professionalJudgement: 'yes',
      sheKnows: 'no',
      sheConsents: 'no',
    });
    expect(all.statusCode).toBe(400);
    expectFieldError(all.body, 'referredOn', 'Enter the date of the referral');
    expectFieldError(all.body, 'judgementReasons', 'Give the reasons for your professional judgement');
    expectFieldError(all.body, 'noConsentReason', 'Say why she does not know of the referral');
    const impossible = await partnerWorker.request('POST', exUrl(), {
      json: apiReferral({ professionalJudgement: true, judgementReasons: 'x', sheKnows: false, sheConsents: true }),
    });
    expect(impossible.statusCode).toBe(400);
    expect(expectErrorShape(impossible).error.fields).toHaveProperty('sheConsents');
    const api = await partnerWorker.request('POST', exUrl(), { json: apiReferral({ policeCalloutsPastYear: 0 }) });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields).toHaveProperty('criteria');
    const missing = await partnerWorker.request('POST', exUrl(), { json: {} });
    expect(Object.keys(expectErrorShape(missing).error.fields)).toEqual(
      expect.arrayContaining(['referredOn', 'safeToCall', 'sheKnows', 'sheConsents']),
    );
    const rows = await t.database.db
      .selectFrom('marac_referrals')
      .select('id')
      .where('partner_case_id', '=', known.exCaseId)
      .execute();
    expect(rows).toEqual([]);
  });

  it('without consent, a high-risk referral goes ahead with the reason recorded', async () => {
    const response = await partnerWorker.request('POST', exUrl(), {
      json: apiReferral({
        referredOn: '2023-01-10',
        professionalJudgement: true,
        judgementReasons: 'Threats to kill; she believes him',
        sheKnows: true,
        sheConsents: false,
        noConsentReason: 'Too frightened to agree; high risk of serious harm',
      }),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json<Referral>().criteria.map((c) => c.code)).toEqual(['professional_judgement']);
  });

  it('escalation: 3 police call-outs meet the default setting, 2 do not, and 2 do once the setting is 2', async () => {
    const three = await partnerWorker.request('POST', exUrl(), {
      json: apiReferral({ referredOn: '2026-06-01', policeCalloutsPastYear: 3 }),
    });
    expect(three.statusCode).toBe(201);
    expect(three.json<Referral>().criteria.map((c) => c.code)).toEqual(['escalation']);
    const two = await partnerWorker.request('POST', exUrl(), {
      json: apiReferral({ referredOn: '2024-06-01', policeCalloutsPastYear: 2 }),
    });
    expect(two.statusCode).toBe(400);
    // The setting is management's: her worker is told "not found".
    expect((await partnerWorker.get('/settings/risk')).statusCode).toBe(404);
    const refused = await manager.submit('/settings/risk', { maracCalloutThreshold: '0' });
    expect(refused.statusCode).toBe(400);
    expectFieldError(refused.body, 'maracCalloutThreshold', 'Enter a whole number of call-outs from 1 to 50');
    const saved = await manager.submit('/settings/risk', { maracCalloutThreshold: '2' });
    expect(saved.statusCode).toBe(303);
    expect((await manager.get('/settings/risk')).body).toContain('value="2"');
    expect(await auditCount('settings.risk_changed')).toBe(1);
    const again = await partnerWorker.request('POST', exUrl(), {
      json: apiReferral({ referredOn: '2024-06-01', policeCalloutsPastYear: 2 }),
    });
    expect(again.statusCode).toBe(201);
    expect(again.json<Referral>().criteria.map((c) => c.code)).toEqual(['escalation']);
  });

  it('repeat: an earlier referral within the 12 months before is ticked with its date; one longer before is not', async () => {
    const within = await partnerWorker.request('POST', exUrl(), {
      json: apiReferral({ referredOn: '2026-09-01', professionalJudgement: true, judgementReasons: 'Stalking' }),
    });
    expect(within.json<Referral>().criteria.map((c) => c.code)).toEqual(['professional_judgement', 'repeat']);
    // 2024-06-01 is more than 12 months before 2025-07-01.
    const outside = await partnerWorker.request('POST', exUrl(), {
      json: apiReferral({ referredOn: '2025-07-01', professionalJudgement: true, judgementReasons: 'Stalking' }),
    });
    expect(outside.json<Referral>().criteria.map((c) => c.code)).toEqual(['professional_judgement']);
    const form = await partnerWorker.get(`/partner-cases/${known.exCaseId}/marac/new`);
    expect(form.body).toMatch(/data-qa="criterion-repeat" data-met="yes"/);
    expect(form.body).toContain('Referred to MARAC on 1 September 2026');
    // The area last referred to is offered again.
    expect(form.body).toContain('name="area" type="text" value="Wexcombe"');
    // Her earlier referrals pre-fill "previous MARACs".
    expect(form.body).toContain('Referred 1 September 2026 to Wexcombe MARAC');
  });
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
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}`);
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
