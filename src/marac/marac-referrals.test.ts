import { describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import type { Referral } from '../../test/fixtures/marac.js';
import {
  t,
  known,
  partnerWorker,
  manager,
  dashId,
  recordDash,
  referralForm,
  apiReferral,
  auditCount,
  useMarac,
} from '../../test/fixtures/marac.js';

/*
 * MARAC referrals (issue 6, point 4): pre-filled from her DASH (referenced, never copied) and her
 * case; criteria worked out on the server; consent, or why not. The meeting, outcome and the wall:
 * marac-meetings.test.ts.
 */
useMarac();

let referralId: string;

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
    expect(page.body).toContain('can go ahead without the partner’s knowledge or consent');
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
    expect(expectErrorShape(foreign).error.fields).toEqual({
      dashAssessmentId: 'Choose one of this partner’s own DASH checklists',
    });
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
    expectFieldError(consent.body, 'noConsentReason', 'Say why the partner does not know of the referral');
    // Every fault at once: the missing date with the rules between answers.
    const all = await partnerWorker.submit(`/partner-cases/${known.exCaseId}/marac`, {
      professionalJudgement: 'yes',
      sheKnows: 'no',
      sheConsents: 'no',
    });
    expect(all.statusCode).toBe(400);
    expectFieldError(all.body, 'referredOn', 'Enter the date of the referral');
    expectFieldError(all.body, 'judgementReasons', 'Give the reasons for your professional judgement');
    expectFieldError(all.body, 'noConsentReason', 'Say why the partner does not know of the referral');
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
