import { beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../test/fixtures/cases.js';
import {
  DETAIL,
  HER_COMMENT,
  admin,
  dashId,
  facilitator,
  known,
  manager,
  org,
  partnerWorker,
  t,
  useEscalationAlerts,
} from '../../test/fixtures/risk-alerts.js';
import { insertMaracReferral } from './test-rows.js';

/*
 * The risk picture over time (issue 6, point 5): seed 000's Ben and Zoe. His risk assessment rates
 * sexual violence "none"; her DASH says "yes" to question 16; in the session on sexual abuse he
 * talks of coercing her into sex. The manager sees his account set against hers; his facilitator and her
 * worker each see only their own side, and the alerts of their own side.
 */
useEscalationAlerts();

beforeAll(async () => {
  await insertMaracReferral(t.database.db, actorOf(org, 'partner'), {
    partnerCaseId: known.currentCaseId,
    dashAssessmentId: dashId,
    referredOn: '2026-10-07',
    area: 'Northbridge MARAC',
  });
  // In the session on sexual respect he talks of coercing her into sex: his side's alert, and the basic event for hers.
  const disclosure = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/disclosures`, {
    json: { type: 'sexual', severity: 'high', disclosedOn: '2026-11-20', detail: DETAIL },
  });
  expect(disclosure.statusCode).toBe(201);
});

describe('the minimisation flag (acceptance)', () => {
  it('shows for a manager on the combined picture: sexual violence rated none, Q16 answered yes', async () => {
    const page = await manager.get(`/risk-picture/${known.participantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="minimisation-flag-sexual_violence"');
    expect(page.body).toContain('Q16:');
    // Stalking is rated none too, but she answered "no" to Q8: not flagged.
    expect(page.body).not.toContain('minimisation-flag-stalking');
    // Coercive control is rated low, not none: not flagged although Q12 is yes.
    expect(page.body).not.toContain('minimisation-flag-coercive_control');
    // Both sides are on it: his assessment, her DASH and MARAC.
    expect(page.body).toContain('data-qa="timeline-risk_assessment"');
    expect(page.body).toContain('data-qa="timeline-dash"');
    expect(page.body).toContain('data-qa="timeline-marac"');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['record_id', 'details'])
      .where('action', '=', 'risk_picture.viewed_combined')
      .where('actor_user_id', '=', org.users.management.id)
      .execute();
    expect(audit.map((a) => a.record_id)).toContain(known.participantId);
  });

  it('is 404 on the combined page to the facilitator, the partner worker and the administrator', async () => {
    for (const client of [facilitator, partnerWorker, admin]) {
      const page = await client.get(`/risk-picture/${known.participantId}`);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain('minimisation');
    }
  });

  it('is never on his side’s page nor on hers, for anyone', async () => {
    for (const client of [facilitator, manager]) {
      const his = await client.get(`/participants/${known.participantId}/risk-picture`);
      expect(his.statusCode).toBe(200);
      expect(his.body).not.toMatch(/minimis/i);
    }
    for (const client of [partnerWorker, manager]) {
      const hers = await client.get(`/partner-cases/${known.currentCaseId}/risk-picture`);
      expect(hers.statusCode).toBe(200);
      expect(hers.body).not.toMatch(/minimis/i);
    }
    const api = await facilitator.get('/api/v1/risk-alerts');
    expect(api.body).not.toMatch(/minimis/i);
  });

  it('a bad id answers 404, and signed out the pages send to sign in and the API answers 401', async () => {
    expect((await manager.get('/risk-picture/not-a-uuid')).statusCode).toBe(404);
    expect((await manager.get('/risk-picture/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const anonymous = t.client();
    const page = await anonymous.get(`/risk-picture/${known.participantId}`);
    expect([302, 303]).toContain(page.statusCode);
    expect((await anonymous.get('/api/v1/risk-alerts')).statusCode).toBe(401);
  });
});

describe('each side’s timeline', () => {
  it('her side shows her DASHes, MARAC and his basic events, never the detail of what he said; audited', async () => {
    const page = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/risk-picture`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="timeline-dash"');
    expect(page.body).toContain('data-qa="timeline-marac"');
    expect(page.body).toContain('Northbridge MARAC');
    expect(page.body).toContain('Disclosed sexual abuse on 20 November 2026');
    expect(page.body).not.toContain(DETAIL);
    expect(page.body).not.toContain('data-qa="timeline-risk_assessment"');
    expect(page.body).not.toContain('review the participant’s risk');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('record_id')
      .where('action', '=', 'risk_picture.viewed_her_side')
      .where('actor_user_id', '=', org.users.partner.id)
      .execute();
    expect(audit.map((a) => a.record_id)).toContain(known.currentCaseId);
  });

  it('his side shows his assessments, disclosures and alerts, never her DASH or MARAC', async () => {
    const page = await facilitator.get(`/participants/${known.participantId}/risk-picture`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="timeline-risk_assessment"');
    expect(page.body).toContain('data-qa="timeline-disclosure"');
    expect(page.body).toContain(DETAIL);
    expect(page.body).toContain('review the participant’s risk');
    for (const absent of [
      'timeline-dash',
      'timeline-marac',
      'DASH',
      'MARAC',
      'review the partner’s safety plan',
      HER_COMMENT,
      ...known.secrets,
    ]) {
      expect(page.body).not.toContain(absent);
    }
  });

  it('her side’s page is 404 to his side; his side’s is 403 to hers', async () => {
    expect((await facilitator.get(`/partner-cases/${known.currentCaseId}/risk-picture`)).statusCode).toBe(404);
    expect((await partnerWorker.get(`/participants/${known.participantId}/risk-picture`)).statusCode).toBe(403);
    expect((await admin.get(`/participants/${known.participantId}/risk-picture`)).statusCode).toBe(403);
  });

  it('case pages link to their side’s picture, and to the combined one only for management', async () => {
    const hisForFacilitator = await facilitator.get(`/participants/${known.participantId}/risk`);
    expect(hisForFacilitator.body).toContain(`href="/participants/${known.participantId}/risk-picture"`);
    expect(hisForFacilitator.body).not.toContain('/risk-picture/');
    const hersForWorker = await partnerWorker.get(`/partner-cases/${known.currentCaseId}/risk`);
    expect(hersForWorker.body).toContain(`href="/partner-cases/${known.currentCaseId}/risk-picture"`);
    expect(hersForWorker.body).not.toContain('/risk-picture/');
    const hisForManager = await manager.get(`/participants/${known.participantId}/risk`);
    expect(hisForManager.body).toContain(`href="/risk-picture/${known.participantId}"`);
    const hersForManager = await manager.get(`/partner-cases/${known.currentCaseId}/risk`);
    expect(hersForManager.body).toContain(`href="/risk-picture/${known.participantId}"`);
  });
});
