import { describe, expect, it } from 'vitest';
import { actorOf, createCaseWithPartners } from '../../test/fixtures/cases.js';
import { withActor } from '../db/database.js';
import { raiseForDash } from './escalation.js';
import { insertDash } from './test-rows.js';
import {
  t,
  org,
  known,
  facilitator,
  partnerWorker,
  DETAIL,
  alertsOf,
  useEscalationAlerts,
} from '../../test/fixtures/risk-alerts.js';

/*
 * Escalation alerts (issue 6, point 5): seed 000's Ben and Zoe. His risk assessment rates sexual
 * violence "none"; her DASH says "yes" to question 16; in the session on sexual abuse he talks of
 * coercing her into sex. Which alerts each side sees: risk-alert-access.test.ts. (The risk
 * picture's pages: picture.test.ts; her side's alert about him, case by case:
 * disclosure-alerts.test.ts.)
 */
useEscalationAlerts();

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
      summary:
        'Disclosed sexual abuse on 20 November 2026: the participant’s risk assessment rated this none — review the participant’s risk',
    });
    // Her side's is about him (no case named): her side's lists tell it to each of his partners' open cases.
    expect(alerts.find((a) => a.side === 'partner')).toMatchObject({
      partner_case_id: null,
      source: 'disclosure',
      level_before: null,
      acknowledged_at: null,
      summary: 'Disclosed sexual abuse on 20 November 2026: the risk may have risen — review the partner’s safety plan',
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
      'Disclosed coercive control on 19 November 2026: the participant has no risk assessment — review the participant’s risk',
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
      'Disclosed threats on 21 November 2026: the participant’s risk assessment did not rate this — review the participant’s risk',
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
      [
        'partner',
        other.currentCaseId,
        'dash',
        'DASH on 2 November 2026: risk identified as medium — review the partner’s safety plan',
      ],
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
