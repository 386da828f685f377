import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import { withActor } from '../db/database.js';
import { raiseForDash } from './escalation.js';
import { insertDash, insertRiskAssessment } from './test-rows.js';

/*
 * Escalation alerts (issue 6, point 5): seed 000's Ben and Zoe. His risk assessment rates sexual
 * violence "none"; her DASH says "yes" to question 16; in the session on sexual abuse he talks of
 * coercing her into sex. His facilitator and her worker each see the alerts of their own side only;
 * the manager sees both. (The risk picture's pages: picture.test.ts; her side's alert about him,
 * case by case: disclosure-alerts.test.ts.)
 */
let t: TestApp;
let org: TestOrganisation;
let known: Awaited<ReturnType<typeof createCaseWithPartners>>;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
let admin: TestClient;

const DETAIL = 'In the session on sexual respect he said he made Zoe have sex after the party';
const HER_COMMENT = 'She said he forces her when he has been drinking';

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function alertsOf(participantId: string) {
  return t.database.db
    .selectFrom('risk_alerts')
    .select(['side', 'partner_case_id', 'source', 'summary', 'level_before', 'level_after', 'acknowledged_at', 'id'])
    .where('participant_id', '=', participantId)
    .orderBy('created_at')
    .orderBy('side')
    .execute();
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Heronsgate');
  known = await createCaseWithPartners(t.database.db, org, 'H');
  [facilitator, partnerWorker, manager, admin] = await Promise.all([
    signedIn(org.users.perpetrator),
    signedIn(org.users.partner),
    signedIn(org.users.management),
    signedIn(org.users.admin),
  ]);
  // His risk assessment: sexual violence "none" (his account), physical violence "high".
  await insertRiskAssessment(t.database.db, actorOf(org, 'perpetrator'), {
    participantId: known.participantId,
    version: 1,
    assessedOn: '2026-10-01',
    overallLevel: 'medium',
    ratings: { sexual_violence: 'none', physical_violence: 'high', coercive_control: 'low', stalking: 'none' },
  });
  // Her DASH (the current partner's case): question 16 "yes", with her words in a comment.
  await insertDash(t.database.db, actorOf(org, 'partner'), {
    partnerCaseId: known.currentCaseId,
    completedOn: '2026-10-05',
    yesCount: 11,
    scoreLevel: 'medium',
    answers: [
      [16, 'yes', HER_COMMENT],
      [8, 'no'],
      [12, 'yes'],
    ],
  });
});
afterAll(async () => t?.close());

describe('escalation alerts from his disclosures', () => {
  it('a sexual abuse disclosure against "none" raises one alert for his side and one for hers about him, with no detail', async () => {
    const response = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/disclosures`, {
      json: { type: 'sexual', severity: 'high', disclosedOn: '2026-11-20', detail: DETAIL },
    });
    expect(response.statusCode).toBe(201);
    const alerts = await alertsOf(known.participantId);
    expect(alerts.map((a) => a.side).sort()).toEqual(['partner', 'perpetrator']);
    const his = alerts.find((a) => a.side === 'perpetrator');
    expect(his).toMatchObject({
      partner_case_id: null,
      source: 'disclosure',
      level_before: 'medium',
      summary: 'Disclosed sexual abuse on 20 November 2026: his risk assessment rated this none — review his risk',
    });
    // Her side's is about him (no case named): her side's lists tell it to each of his partners' open cases.
    expect(alerts.find((a) => a.side === 'partner')).toMatchObject({
      partner_case_id: null,
      source: 'disclosure',
      level_before: null,
      acknowledged_at: null,
      summary: 'Disclosed sexual abuse on 20 November 2026: the risk may have risen — review her safety plan',
    });
    for (const alert of alerts) {
      expect(alert.summary).not.toContain('party');
      expect(alert.summary).not.toContain('Zoe');
    }
  });

  it('a disclosure in a domain his assessment rated high raises none', async () => {
    const before = (await alertsOf(known.participantId)).length;
    const response = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/disclosures`, {
      json: { type: 'physical', severity: 'medium', disclosedOn: '2026-11-21', detail: 'He pushed her against the door' },
    });
    expect(response.statusCode).toBe(201);
    expect(await alertsOf(known.participantId)).toHaveLength(before);
  });

  it('a disclosure of "other" behaviour speaks to no domain and raises none', async () => {
    const before = (await alertsOf(known.participantId)).length;
    await facilitator.request('POST', `/api/v1/participants/${known.participantId}/disclosures`, {
      json: { type: 'other', severity: 'low', disclosedOn: '2026-11-21', detail: 'He shouted at the neighbour' },
    });
    expect(await alertsOf(known.participantId)).toHaveLength(before);
  });

  it('a man with no risk assessment: a disclosure raises alerts for both sides', async () => {
    const other = await createCaseWithPartners(t.database.db, org, 'J');
    const response = await facilitator.request('POST', `/api/v1/participants/${other.participantId}/disclosures`, {
      json: {
        type: 'coercive_control',
        severity: 'medium',
        disclosedOn: '2026-11-19',
        detail: 'He checks her phone every night',
      },
    });
    expect(response.statusCode).toBe(201);
    const alerts = await alertsOf(other.participantId);
    expect(alerts.map((a) => a.side).sort()).toEqual(['partner', 'perpetrator']);
    expect(alerts.find((a) => a.side === 'perpetrator')?.summary).toBe(
      'Disclosed coercive control on 19 November 2026: he has no risk assessment — review his risk',
    );
  });

  it('a domain his assessment did not rate raises alerts too', async () => {
    const before = (await alertsOf(known.participantId)).length;
    const response = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/disclosures`, {
      json: { type: 'threats', severity: 'high', disclosedOn: '2026-11-21', detail: 'He said she would never leave him alive' },
    });
    expect(response.statusCode).toBe(201);
    const added = (await alertsOf(known.participantId)).slice(before);
    expect(added.map((a) => [a.side, a.partner_case_id]).sort()).toEqual([
      ['partner', null],
      ['perpetrator', null],
    ]);
    expect(added.find((a) => a.side === 'perpetrator')?.summary).toBe(
      'Disclosed threats on 21 November 2026: his risk assessment did not rate this — review his risk',
    );
  });
});

describe('escalation alerts from her DASH', () => {
  it('a DASH that goes medium to high raises one alert for her side only', async () => {
    const before = await alertsOf(known.participantId);
    const partner = actorOf(org, 'partner');
    const secondId = await insertDash(t.database.db, partner, {
      partnerCaseId: known.currentCaseId,
      completedOn: '2026-11-22',
      yesCount: 15,
      scoreLevel: 'high',
      answers: [[16, 'yes']],
    });
    const raised = await withActor(t.database.db, partner, (trx) =>
      raiseForDash(trx, {
        organisationId: org.id,
        partnerCaseId: known.currentCaseId,
        participantId: known.participantId,
        dashAssessmentId: secondId,
        finalLevel: 'high',
        completedOn: '2026-11-22',
      }),
    );
    expect(raised).toBe(true);
    const added = (await alertsOf(known.participantId)).slice(before.length);
    expect(added).toEqual([
      expect.objectContaining({
        side: 'partner',
        partner_case_id: known.currentCaseId,
        source: 'dash',
        level_before: 'medium',
        level_after: 'high',
        summary: 'DASH on 22 November 2026: risk raised from medium to high — consider a MARAC referral',
      }),
    ]);
  });

  it('her worker records DASHes through the API: the first at medium, then high, each alerts her side only', async () => {
    const other = await createCaseWithPartners(t.database.db, org, 'K');
    const dash = (yes: number, completedOn: string) => ({
      safeToTalk: true,
      safeContactChecked: true,
      completedOn,
      answers: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), i < yes ? 'yes' : 'no'])),
    });
    for (const [yes, on] of [
      [11, '2026-11-02'],
      [12, '2026-11-09'],
      [15, '2026-11-16'],
    ] as const) {
      const response = await partnerWorker.request('POST', `/api/v1/partner-cases/${other.currentCaseId}/dash-assessments`, {
        json: dash(yes, on),
      });
      expect(response.statusCode).toBe(201);
    }
    const alerts = await alertsOf(other.participantId);
    expect(alerts.map((a) => [a.side, a.partner_case_id, a.source, a.summary])).toEqual([
      ['partner', other.currentCaseId, 'dash', 'DASH on 2 November 2026: risk identified as medium — review her safety plan'],
      [
        'partner',
        other.currentCaseId,
        'dash',
        'DASH on 16 November 2026: risk raised from medium to high — consider a MARAC referral',
      ],
    ]);
    // His facilitator's pages and API say nothing of it.
    for (const body of [
      (await facilitator.get('/risk-alerts')).body,
      (await facilitator.get('/api/v1/risk-alerts')).body,
      (await facilitator.get(`/participants/${other.participantId}/risk-picture`)).body,
    ]) {
      expect(body).not.toContain('DASH');
    }
  });

  it('a DASH no higher than the one before raises none; a first DASH at standard raises none', async () => {
    const partner = actorOf(org, 'partner');
    const same = await insertDash(t.database.db, partner, {
      partnerCaseId: known.currentCaseId,
      completedOn: '2026-11-23',
      yesCount: 14,
      scoreLevel: 'high',
      answers: [],
    });
    const standard = await insertDash(t.database.db, actorOf(org, 'management'), {
      partnerCaseId: known.exCaseId,
      completedOn: '2026-11-23',
      yesCount: 3,
      scoreLevel: 'standard',
      answers: [],
    });
    const results = await withActor(t.database.db, actorOf(org, 'management'), async (trx) => [
      await raiseForDash(trx, {
        organisationId: org.id,
        partnerCaseId: known.currentCaseId,
        participantId: known.participantId,
        dashAssessmentId: same,
        finalLevel: 'high',
        completedOn: '2026-11-23',
      }),
      await raiseForDash(trx, {
        organisationId: org.id,
        partnerCaseId: known.exCaseId,
        participantId: known.participantId,
        dashAssessmentId: standard,
        finalLevel: 'standard',
        completedOn: '2026-11-23',
      }),
    ]);
    expect(results).toEqual([false, false]);
  });
});

describe('who sees which alerts', () => {
  it('the facilitator never sees partner-side alerts: not on the alerts page, the dashboard or the API', async () => {
    // His case allocated to the facilitator, so the dashboard counts him as "mine".
    await t.database.db
      .updateTable('perpetrator_cases')
      .set({ allocated_worker_id: org.users.perpetrator.id })
      .where('participant_id', '=', known.participantId)
      .execute();
    const page = await facilitator.get('/risk-alerts');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('review his risk');
    const dashboard = await facilitator.get('/dashboard');
    expect(dashboard.body).toContain('data-qa="risk-alerts-his"');
    expect(dashboard.body).toContain('review his risk');
    const api = await facilitator.get('/api/v1/risk-alerts');
    expect(api.statusCode).toBe(200);
    const list = JSON.parse(api.body) as Array<{ side: string; partnerCase: unknown }>;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a) => a.side === 'perpetrator' && a.partnerCase === null)).toBe(true);
    for (const body of [page.body, dashboard.body, api.body]) {
      expect(body).not.toContain('review her safety plan');
      expect(body).not.toContain('DASH on');
      expect(body).not.toContain('risk-alerts-hers');
      for (const secret of known.secrets) {
        expect(body).not.toContain(secret);
      }
    }
  });

  it('the facilitator cannot acknowledge a partner-side alert: 404 by page and API', async () => {
    const hers = (await alertsOf(known.participantId)).filter((a) => a.side === 'partner');
    for (const alert of hers) {
      expect((await facilitator.request('POST', `/api/v1/risk-alerts/${alert.id}/acknowledge`)).statusCode).toBe(404);
      expect((await facilitator.submit(`/risk-alerts/${alert.id}/dealt-with`, {})).statusCode).toBe(404);
      const named = { partnerCaseId: known.currentCaseId };
      expect((await facilitator.submit(`/risk-alerts/${alert.id}/dealt-with`, named)).statusCode).toBe(404);
      expect((await facilitator.request('POST', `/api/v1/risk-alerts/${alert.id}/acknowledge`, { json: named })).statusCode).toBe(
        404,
      );
    }
    expect((await alertsOf(known.participantId)).every((a) => a.acknowledged_at === null)).toBe(true);
  });

  it('her worker sees her side’s alerts for her own cases on the dashboard, never his side’s', async () => {
    const dashboard = await partnerWorker.get('/dashboard');
    expect(dashboard.body).toContain('data-qa="risk-alerts-hers"');
    expect(dashboard.body).toContain('consider a MARAC referral');
    expect(dashboard.body).not.toContain('review his risk');
    expect(dashboard.body).not.toContain('risk-alerts-his');
    // The ex-partner's case is allocated to the manager: not on this worker's dashboard.
    expect(dashboard.body).not.toContain(`/partner-cases/${known.exCaseId}/risk-picture`);
    const api = JSON.parse((await partnerWorker.get('/api/v1/risk-alerts')).body) as Array<{ side: string }>;
    expect(api.every((a) => a.side === 'partner')).toBe(true);
  });

  it('her worker acknowledges an alert; it leaves the list, audited; again is harmless', async () => {
    const alert = (await alertsOf(known.participantId)).find((a) => a.side === 'partner' && a.source === 'dash');
    if (!alert) {
      throw new Error('expected a DASH alert');
    }
    expect((await partnerWorker.get('/risk-alerts')).body).toContain(alert.id);
    const response = await partnerWorker.submit(`/risk-alerts/${alert.id}/dealt-with`, { returnTo: 'dashboard' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/dashboard?done=1#risk-alerts');
    expect((await partnerWorker.request('POST', `/api/v1/risk-alerts/${alert.id}/acknowledge`)).statusCode).toBe(204);
    const after = await partnerWorker.get('/risk-alerts');
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain(alert.id);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('record_id')
      .where('action', '=', 'risk_alert.acknowledged')
      .execute();
    expect(audit.map((a) => a.record_id)).toEqual([alert.id]);
  });

  it('the API document lists the escalation alert endpoints', async () => {
    const doc = JSON.parse((await manager.get('/api/v1/openapi.json')).body) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/risk-alerts', '/api/v1/risk-alerts/{id}/acknowledge']),
    );
  });

  it('a manager sees both sides’ alerts; the administrator has none (403)', async () => {
    const page = await manager.get('/risk-alerts');
    expect(page.body).toContain('data-qa="risk-alerts-his"');
    expect(page.body).toContain('data-qa="risk-alerts-hers"');
    expect((await admin.get('/risk-alerts')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/risk-alerts')).statusCode).toBe(403);
    expect((await manager.request('POST', '/api/v1/risk-alerts/not-a-uuid/acknowledge')).statusCode).toBe(404);
  });
});
