import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../test/fixtures/cases.js';
import { withActor } from '../db/database.js';
import { raiseForDash } from './escalation.js';
import { insertDash } from './test-rows.js';
import {
  t,
  org,
  known,
  facilitator,
  partnerWorker,
  manager,
  admin,
  DETAIL,
  alertsOf,
  useEscalationAlerts,
} from '../../test/fixtures/risk-alerts.js';

/*
 * Escalation alerts (issue 6, point 5): his facilitator and her worker each see the alerts of their
 * own side only; the manager sees both; the administrator none.
 */
useEscalationAlerts();

describe('who sees which alerts', () => {
  // The alerts the escalation tests raise first (risk-escalation.test.ts): his disclosure of sexual
  // abuse against "none", and her DASH going from medium to high.
  beforeAll(async () => {
    const disclosed = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/disclosures`, {
      json: { type: 'sexual', severity: 'high', disclosedOn: '2026-11-20', detail: DETAIL },
    });
    if (disclosed.statusCode !== 201) {
      throw new Error(`Disclosure not recorded: ${disclosed.statusCode}`);
    }
    const partner = actorOf(org, 'partner');
    const dashId = await insertDash(t.database.db, partner, {
      partnerCaseId: known.currentCaseId,
      completedOn: '2026-11-22',
      yesCount: 15,
      scoreLevel: 'high',
      answers: [[16, 'yes']],
    });
    await withActor(t.database.db, partner, (trx) =>
      raiseForDash(trx, {
        organisationId: org.id,
        partnerCaseId: known.currentCaseId,
        participantId: known.participantId,
        dashAssessmentId: dashId,
        finalLevel: 'high',
        completedOn: '2026-11-22',
      }),
    );
  });

  it('the facilitator never sees partner-side alerts: not on the alerts page, the dashboard or the API', async () => {
    // His case allocated to the facilitator, so the dashboard counts him as "mine".
    await t.database.db
      .updateTable('perpetrator_cases')
      .set({ allocated_worker_id: org.users.perpetrator.id })
      .where('participant_id', '=', known.participantId)
      .execute();
    const page = await facilitator.get('/risk-alerts');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('review the participant’s risk');
    const dashboard = await facilitator.get('/dashboard');
    expect(dashboard.body).toContain('data-qa="risk-alerts-his"');
    expect(dashboard.body).toContain('review the participant’s risk');
    const api = await facilitator.get('/api/v1/risk-alerts');
    expect(api.statusCode).toBe(200);
    const list = JSON.parse(api.body) as Array<{ side: string; partnerCase: unknown }>;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a) => a.side === 'perpetrator' && a.partnerCase === null)).toBe(true);
    for (const body of [page.body, dashboard.body, api.body]) {
      expect(body).not.toContain('review the partner’s safety plan');
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
    expect(dashboard.body).not.toContain('review the participant’s risk');
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
