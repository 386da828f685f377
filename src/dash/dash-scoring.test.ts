import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import type { DashSummary, DashView } from './presenters.js';
import {
  t,
  org,
  known,
  partnerWorker,
  manager,
  facilitator,
  otherPartnerWorker,
  caseId,
  SAFE,
  COMMENT,
  JUDGEMENT_REASONS,
  formAnswers,
  apiBody,
  dashRows,
  countAll,
  viewedEvents,
  useDashChecklist,
} from '../../test/fixtures/dash.js';

/*
 * Her DASH (issue 6, point 3): the yes count and level computed on the server; professional
 * judgement may raise the level; a high level offers the MARAC referral. Partner side and
 * management only, every read audited.
 */
useDashChecklist();

describe('scoring and the MARAC referral', () => {
  let highId: string;

  it('14 yes answers score high: the score page offers no judgement, and the saved DASH offers the MARAC referral', async () => {
    const answers = { ...SAFE, ...formAnswers(14), 'q15-comment': COMMENT };
    const score = await partnerWorker.submit(`/partner-cases/${caseId}/dash/new/answers`, answers);
    expect(score.statusCode).toBe(200);
    expect(score.body).toContain('data-qa="dash-score">14 of 24 answered yes');
    expect(score.body).toContain('data-qa="judgement-not-needed"');
    expect(score.body).toContain('<input type="hidden" name="q14" value="yes">');
    expect(score.body).toContain(`action="/partner-cases/${caseId}/dash"`);
    const saved = await partnerWorker.submit(`/partner-cases/${caseId}/dash`, {
      ...answers,
      policeCalloutsPastYear: '2',
      herViewOfRisk: 'She thinks he will kill her if she leaves',
      // A yes count and a level sent with the form are ignored: the server counts.
      yesCount: '0',
      scoreLevel: 'standard',
    });
    expect(saved.statusCode).toBe(303);
    const rows = await dashRows();
    expect(rows.map((r) => [r.yes_count, r.score_level, r.judgement_level, r.completed_by])).toEqual([
      [14, 'high', null, org.users.partner.id],
    ]);
    highId = rows[0]?.id ?? '';
    expect(saved.headers.location).toBe(`/partner-cases/${caseId}/dash/${highId}?saved=1`);
    const page = await partnerWorker.get(`/partner-cases/${caseId}/dash/${highId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('High risk: refer to MARAC');
    expect(page.body).toContain(`href="/partner-cases/${caseId}/marac/new?dash=${highId}"`);
    expect(page.body).toContain('data-qa="dash-yes-count">14<');
    expect(page.body).toContain('data-qa="dash-level">High<');
    expect(page.body).toMatch(
      /Police call-outs in the past 12 months\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2\s*<\/dd>/,
    );
    expect(page.body).toContain('She thinks he will kill her if she leaves');
    expect(page.body).toContain('At work until six');
    expect(page.body).toContain(COMMENT);
    expect(page.body).toContain('Has Darren ever attempted to strangle');
    const answersStored = await t.database.db
      .selectFrom('dash_answers')
      .select(['question', 'answer', 'comment'])
      .where('dash_assessment_id', '=', highId)
      .orderBy('question')
      .execute();
    expect(answersStored).toHaveLength(24);
    expect(answersStored[14]).toEqual({ question: 15, answer: 'no', comment: COMMENT });
  });

  it('13 yes is medium: judgement may choose only high; 9 yes is standard; neither offers the MARAC referral', async () => {
    const score = await partnerWorker.submit(`/partner-cases/${caseId}/dash/new/answers`, { ...SAFE, ...formAnswers(13) });
    expect(score.body).toContain('13 of 24 answered yes');
    expect(score.body).toContain('value="high"');
    expect(score.body).not.toContain('value="medium"');
    expect(score.body).not.toContain('value="standard"');
    const medium = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/dash-assessments`, { json: apiBody(13) });
    expect(medium.statusCode).toBe(201);
    expect(medium.json<DashView>()).toMatchObject({
      yesCount: 13,
      scoreLevel: 'medium',
      finalLevel: 'medium',
      referToMarac: false,
    });
    const standard = await manager.request('POST', `/api/v1/partner-cases/${caseId}/dash-assessments`, {
      json: apiBody(9, { yesCount: 20, scoreLevel: 'high' }),
    });
    expect(standard.statusCode).toBe(201);
    const body = standard.json<DashView>();
    expect(body).toMatchObject({ yesCount: 9, scoreLevel: 'standard', finalLevel: 'standard', referToMarac: false });
    expect(body.answers).toHaveLength(24);
    const page = await partnerWorker.get(`/partner-cases/${caseId}/dash/${body.id}`);
    expect(page.body).not.toContain('High risk: refer to MARAC');
    expect(page.body).not.toContain('/marac/new');
    expect(page.body).toMatch(
      /Police call-outs in the past 12 months\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not recorded\s*<\/dd>/,
    );
    const nine = await partnerWorker.submit(`/partner-cases/${caseId}/dash/new/answers`, { ...SAFE, ...formAnswers(9) });
    expect(nine.body).toContain('value="medium"');
    expect(nine.body).toContain('value="high"');
  });

  it('professional judgement raises medium to high with its reasons, which are required', async () => {
    const noReasons = await partnerWorker.submit(`/partner-cases/${caseId}/dash`, {
      ...SAFE,
      ...formAnswers(11),
      judgementLevel: 'high',
    });
    expect(noReasons.statusCode).toBe(400);
    expectFieldError(noReasons.body, 'judgementReasons', 'Give the reasons for raising the level');
    const saved = await partnerWorker.submit(`/partner-cases/${caseId}/dash`, {
      ...SAFE,
      ...formAnswers(11),
      judgementLevel: 'high',
      judgementReasons: JUDGEMENT_REASONS,
    });
    expect(saved.statusCode).toBe(303);
    const row = (await dashRows()).at(-1);
    expect(row).toMatchObject({
      yes_count: 11,
      score_level: 'medium',
      judgement_level: 'high',
      judgement_reasons: JUDGEMENT_REASONS,
    });
    const page = await partnerWorker.get(`/partner-cases/${caseId}/dash/${row?.id}`);
    expect(page.body).toContain('High risk: refer to MARAC');
    expect(page.body).toContain('Raised to high by professional judgement');
    expect(page.body).toContain(JUDGEMENT_REASONS);
    expect(page.body).toContain('data-qa="dash-score-level">Medium<');
    expect(page.body).toContain(`/marac/new?dash=${row?.id}`);
    const api = await partnerWorker.get(`/api/v1/dash-assessments/${row?.id}`);
    expect(api.json<DashView>()).toMatchObject({
      scoreLevel: 'medium',
      judgementLevel: 'high',
      finalLevel: 'high',
      referToMarac: true,
    });
  });

  it('her DASHes are listed over time with their yes count and level, and her case page shows the latest', async () => {
    const list = await partnerWorker.get(`/partner-cases/${caseId}/dash`);
    expect(list.statusCode).toBe(200);
    const table = list.body.slice(list.body.indexOf('data-qa="dash-list"'));
    for (const row of await dashRows()) {
      expect(table).toContain(`/partner-cases/${caseId}/dash/${row.id}`);
    }
    const api = await partnerWorker.get(`/api/v1/partner-cases/${caseId}/dash-assessments`);
    const items = api.json<{ items: DashSummary[] }>().items;
    expect(items.map((i) => i.yesCount).sort((a, b) => a - b)).toEqual([9, 11, 13, 14]);
    expect(JSON.stringify(items)).not.toContain(COMMENT);
    const casePage = await partnerWorker.get(`/partner-cases/${caseId}/risk`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('data-qa="dash-status">Latest DASH on');
    // The latest, raised to high by judgement, prompts the MARAC referral on her case page too.
    expect(casePage.body).toContain('data-qa="dash-case-marac"');
    expect(casePage.body).toContain(`href="/partner-cases/${caseId}/dash/new"`);
    expect(casePage.body).toContain(`href="/partner-cases/${caseId}/dash"`);
    const exCase = await partnerWorker.get(`/partner-cases/${known.exCaseId}/risk`);
    expect(exCase.body).toContain('No DASH has been completed with this partner yet');
  });
});

describe('the wall and the audit', () => {
  const pages = (id: string, dashId: string) => [
    `/partner-cases/${id}/dash`,
    `/partner-cases/${id}/dash/new`,
    `/partner-cases/${id}/dash/${dashId}`,
    `/api/v1/partner-cases/${id}/dash-assessments`,
    `/api/v1/dash-assessments/${dashId}`,
  ];

  it('his side and another organisation are told "not found" on every DASH page and API route, and see nothing of it', async () => {
    const [first] = await dashRows();
    const dashId = first?.id ?? '';
    const before = await countAll();
    for (const client of [facilitator, otherPartnerWorker]) {
      for (const url of [...pages(caseId, dashId), ...pages(randomUUID(), randomUUID())]) {
        const response = await client.get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.body).not.toContain(dashId);
        expect(response.body).not.toContain(COMMENT);
      }
      for (const url of ['/dash/new', '/dash/new/answers', '/dash']) {
        const form = await client.submit(`/partner-cases/${caseId}${url}`, { ...SAFE, ...formAnswers(14) });
        expect(form.statusCode, url).toBe(404);
        expect(form.body).not.toContain('Darren');
      }
      const api = await client.request('POST', `/api/v1/partner-cases/${caseId}/dash-assessments`, {
        json: apiBody(14, { judgementLevel: 'standard' }),
      });
      expect(api.statusCode).toBe(404);
      expect(expectErrorShape(api).error.code).toBe('not_found');
    }
    // A DASH asked for under another of her cases' addresses is not found either.
    expect((await partnerWorker.get(`/partner-cases/${known.exCaseId}/dash/${dashId}`)).statusCode).toBe(404);
    expect((await partnerWorker.get(`/partner-cases/${caseId}/dash/not-a-uuid`)).statusCode).toBe(404);
    // His side's view of the man and his case list never mention her DASH.
    const his = await facilitator.get(`/participants/${known.participantId}`);
    expect(his.body).not.toContain('DASH');
    expect(his.body).not.toContain(dashId);
    expect(await countAll()).toBe(before);
  });

  it('every read is audited as dash.viewed: the list, a DASH, the API, and her case page', async () => {
    const [first] = await dashRows();
    const dashId = first?.id ?? '';
    const count = async () => (await viewedEvents()).length;
    let before = await count();
    for (const url of [
      `/partner-cases/${caseId}/dash`,
      `/partner-cases/${caseId}/dash/${dashId}`,
      `/api/v1/partner-cases/${caseId}/dash-assessments`,
      `/api/v1/dash-assessments/${dashId}`,
      `/partner-cases/${caseId}`,
    ]) {
      expect((await manager.get(url)).statusCode, url).toBe(200);
      expect(await count(), url).toBe(before + 1);
      before += 1;
    }
    const events = await viewedEvents();
    const mine = events.filter((e) => e.actor_user_id === org.users.management.id);
    expect(mine.map((e) => (e.details as { purpose?: string }).purpose).sort()).toEqual([
      'case_page',
      'list',
      'list',
      'view',
      'view',
    ]);
    expect(mine.filter((e) => e.record_id === dashId)).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(COMMENT);
    // Refused reads leave no read behind.
    expect(events.some((e) => e.actor_user_id === org.users.perpetrator.id)).toBe(false);
    const recorded = await t.database.db
      .selectFrom('audit_events')
      .select(['record_type', 'details'])
      .where('action', '=', 'dash.recorded')
      .execute();
    expect(recorded).toHaveLength(4);
    expect(recorded.every((r) => r.record_type === 'dash_assessment')).toBe(true);
    expect(JSON.stringify(recorded)).not.toContain(JUDGEMENT_REASONS);
  });
});
