import { describe, expect, it } from 'vitest';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { withActor } from '../db/database.js';
import { insertDash } from './repository.js';
import {
  t,
  org,
  partnerWorker,
  caseId,
  SAFE,
  COMMENT,
  formAnswers,
  apiBody,
  dashRows,
  countAll,
  useDashChecklist,
} from '../../test/fixtures/dash.js';

/*
 * Her DASH risk identification checklist (issue 6, point 3): the safety questions first, and
 * nothing saved when it is not safe to talk; 24 answers, all required; professional judgement may
 * raise the level, never lower it; the API document.
 */
useDashChecklist();

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
    expectFieldError(response.body, 'safeContactChecked', 'Say whether the partner’s safe number and safe times were checked');
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

describe('professional judgement', () => {
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
});

describe('the API document', () => {
  it('lists the DASH endpoints', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/v1/partner-cases/{id}/dash-assessments'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/dash-assessments/{id}'] ?? {})).toEqual(['get']);
  });
});
