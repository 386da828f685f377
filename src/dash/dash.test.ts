import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { withActor } from '../db/database.js';
import type { DashAnswer } from '../db/schema.js';
import type { DashSummary, DashView } from './presenters.js';
import { insertDash } from './repository.js';

/*
 * Her DASH risk identification checklist (issue 6, point 3): the safety questions first, and
 * nothing saved when it is not safe to talk; 24 answers, all required; the yes count and level
 * computed on the server; professional judgement may raise the level, never lower it; a high
 * level offers the MARAC referral. Partner side and management only, every read audited.
 */
let t: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let partnerWorker: TestClient;
let manager: TestClient;
let facilitator: TestClient;
let otherPartnerWorker: TestClient;
/** The current partner's case: no DASH until these tests record one. */
let caseId: string;

const SAFE = {
  safeToTalk: 'yes',
  safeContactChecked: 'yes',
  hisWhereabouts: 'At work until six',
  childrenWhereabouts: 'At school',
};
const COMMENT = 'She said he put his hands round her neck in the kitchen in August';
const JUDGEMENT_REASONS = 'Strangulation in August and he has started following her to work';

/** The 24 answers as the form sends them: the first `yes` are yes, one don't know, the rest no. */
function formAnswers(yes: number): Record<string, string> {
  const form: Record<string, string> = {};
  for (let n = 1; n <= 24; n++) {
    form[`q${n}`] = n <= yes ? 'yes' : n === 24 ? 'dont_know' : 'no';
  }
  return form;
}

function apiAnswers(yes: number): Record<string, DashAnswer> {
  return Object.fromEntries(Object.entries(formAnswers(yes)).map(([k, v]) => [k.slice(1), v as DashAnswer]));
}

const apiBody = (yes: number, extra: Record<string, unknown> = {}) => ({
  safeToTalk: true,
  safeContactChecked: true,
  answers: apiAnswers(yes),
  ...extra,
});

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function dashRows(id = caseId) {
  return t.database.db
    .selectFrom('dash_assessments')
    .select(['id', 'yes_count', 'score_level', 'judgement_level', 'judgement_reasons', 'completed_by'])
    .where('partner_case_id', '=', id)
    .orderBy('created_at')
    .execute();
}

const countAll = async () => {
  const row = await t.database.db
    .selectFrom('dash_assessments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const viewedEvents = async () =>
  t.database.db
    .selectFrom('audit_events')
    .select(['record_id', 'actor_user_id', 'details'])
    .where('action', '=', 'dash.viewed')
    .execute();

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Fenwick');
  other = await createTestOrganisation(t.database.db, 'Otterburn');
  known = await createCaseWithPartners(t.database.db, org, 'D');
  caseId = known.currentCaseId;
  [partnerWorker, manager, facilitator, otherPartnerWorker] = await Promise.all([
    signedIn(org.users.partner),
    signedIn(org.users.management),
    signedIn(org.users.perpetrator),
    signedIn(other.users.partner),
  ]);
});
afterAll(async () => t?.close());

describe('the safety questions come first', () => {
  it('the new DASH page asks only the safety questions', async () => {
    const page = await partnerWorker.get(`/partner-cases/${caseId}/dash/new`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Is it safe to talk now?');
    expect(page.body).toContain('Where are the children now?');
    expect(page.body).not.toContain('Are you very frightened?');
  });

  it('when it is not safe to talk, the page says stop and links to log a contact attempt, and nothing is saved', async () => {
    const before = await countAll();
    const stop = await partnerWorker.submit(`/partner-cases/${caseId}/dash/new`, { ...SAFE, safeToTalk: 'no' });
    expect(stop.statusCode).toBe(200);
    expect(stop.body).toContain('data-qa="dash-stop"');
    expect(stop.body).toContain(`href="/partner-cases/${caseId}/contact-attempts/new"`);
    expect(stop.body).not.toContain('Are you very frightened?');
    // Not even a forged last page, or the API, saves one.
    const forged = await partnerWorker.submit(`/partner-cases/${caseId}/dash`, { ...SAFE, safeToTalk: 'no', ...formAnswers(14) });
    expect(forged.body).toContain('data-qa="dash-stop"');
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/dash-assessments`, {
      json: apiBody(14, { safeToTalk: false }),
    });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields.safeToTalk).toContain('not safe to talk');
    expect(await countAll()).toBe(before);
  });

  it('the safety questions must be answered', async () => {
    const response = await partnerWorker.submit(`/partner-cases/${caseId}/dash/new`, {});
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'safeToTalk', 'Say whether it is safe to talk now');
    expectFieldError(response.body, 'safeContactChecked', 'Say whether her safe number and safe times were checked');
  });

  it('when it is safe, the 24 questions follow with his name filled in and the safety answers carried in the form', async () => {
    const page = await partnerWorker.submit(`/partner-cases/${caseId}/dash/new`, SAFE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Has Darren ever attempted to strangle/choke/suffocate/drown you?');
    expect(page.body).not.toContain('(...)');
    for (let n = 1; n <= 24; n++) {
      expect(page.body).toContain(`name="q${n}"`);
    }
    expect(page.body).toContain('<input type="hidden" name="safeToTalk" value="yes">');
    expect(page.body).toContain('<input type="hidden" name="hisWhereabouts" value="At work until six">');
    expect(page.body).toContain(`action="/partner-cases/${caseId}/dash/new/answers"`);
  });
});

describe('the 24 answers', () => {
  it('every answer is required: each missing one has its error beside it, and what was typed is kept', async () => {
    const answers = formAnswers(5);
    delete answers.q3;
    delete answers.q21;
    const response = await partnerWorker.submit(`/partner-cases/${caseId}/dash/new/answers`, {
      ...SAFE,
      ...answers,
      'q2-comment': COMMENT,
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'q3', 'Answer question 3: yes, no or don’t know');
    expectFieldError(response.body, 'q21', 'Answer question 21: yes, no or don’t know');
    expect(response.body).not.toContain('id="q4-error"');
    expect(response.body).toContain(COMMENT);
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/dash-assessments`, {
      json: { ...apiBody(5), answers: { 1: 'yes', 2: 'maybe' } },
    });
    expect(api.statusCode).toBe(400);
    const fields = expectErrorShape(api).error.fields;
    expect(fields['answers.2']).toBe('Answer question 2: yes, no or don’t know');
    expect(fields['answers.24']).toBe('Answer question 24: yes, no or don’t know');
    expect(await dashRows()).toEqual([]);
  });
});

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

  it('judgement cannot lower the level: a page error, a 400 from the API, nothing written, and the database refuses it too', async () => {
    const before = await countAll();
    const page = await partnerWorker.submit(`/partner-cases/${caseId}/dash`, {
      ...SAFE,
      ...formAnswers(12),
      judgementLevel: 'standard',
      judgementReasons: 'She says she is fine',
    });
    expect(page.statusCode).toBe(400);
    expectFieldError(page.body, 'judgementLevel', 'Professional judgement can raise the level, never lower it');
    expect(page.body).toContain('She says she is fine');
    const same = await partnerWorker.submit(`/partner-cases/${caseId}/dash`, {
      ...SAFE,
      ...formAnswers(12),
      judgementLevel: 'medium',
      judgementReasons: 'No change',
    });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('Professional judgement can raise the level, never lower it');
    for (const [yes, level] of [
      [14, 'medium'],
      [14, 'standard'],
      [10, 'standard'],
    ] as const) {
      const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/dash-assessments`, {
        json: apiBody(yes, { judgementLevel: level, judgementReasons: 'Lower it' }),
      });
      expect(api.statusCode, `${yes} ${level}`).toBe(400);
      expect(expectErrorShape(api).error.fields.judgementLevel).toBe(
        'Professional judgement can raise the level, never lower it',
      );
    }
    expect(await countAll()).toBe(before);
    // The second line: a direct insert through the repository fails on the database's check.
    const partner = { userId: org.users.partner.id, organisationId: org.id };
    const direct = (scoreLevel: 'medium' | 'high', yesCount: number, judgementLevel: 'standard' | 'medium') =>
      withActor(t.database.db, partner, (trx) =>
        insertDash(trx, {
          organisationId: org.id,
          partnerCaseId: caseId,
          completedOn: '2026-11-01',
          safeToTalk: true,
          safeContactChecked: true,
          hisWhereabouts: null,
          childrenWhereabouts: null,
          yesCount,
          scoreLevel,
          judgementLevel,
          judgementReasons: 'Lower it',
          policeCalloutsPastYear: null,
          herViewOfRisk: null,
          completedBy: org.users.partner.id,
          answers: {},
        }),
      );
    await expect(direct('medium', 12, 'standard')).rejects.toThrow();
    await expect(direct('high', 15, 'medium')).rejects.toThrow();
    await expect(direct('medium', 12, 'medium')).rejects.toThrow();
    expect(await countAll()).toBe(before);
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
    const casePage = await partnerWorker.get(`/partner-cases/${caseId}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('data-qa="dash-status">Latest DASH on');
    // The latest, raised to high by judgement, prompts the MARAC referral on her case page too.
    expect(casePage.body).toContain('data-qa="dash-case-marac"');
    expect(casePage.body).toContain(`href="/partner-cases/${caseId}/dash/new"`);
    expect(casePage.body).toContain(`href="/partner-cases/${caseId}/dash"`);
    const exCase = await partnerWorker.get(`/partner-cases/${known.exCaseId}`);
    expect(exCase.body).toContain('No DASH has been completed with her yet');
  });
});

describe('the API document', () => {
  it('lists the DASH endpoints', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/v1/partner-cases/{id}/dash-assessments'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/dash-assessments/{id}'] ?? {})).toEqual(['get']);
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
