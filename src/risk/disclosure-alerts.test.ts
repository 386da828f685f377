import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../test/fixtures/cases.js';
import { withActor } from '../db/database.js';
import { insertDisclosure } from '../programme/journey/disclosures-repository.js';
import { raiseForDisclosure } from './escalation.js';
import {
  t,
  org,
  known,
  other,
  facilitator,
  currentWorker,
  exWorker,
  manager,
  DETAIL,
  SUMMARY,
  itemsOf,
  partnerSideAlertOf,
  useDisclosureAlerts,
} from '../../test/fixtures/disclosure-alerts.js';

/*
 * Her side's escalation alert from his disclosure (issue 6; migration 0018). His facilitator records
 * that he talked of coercing his partner into sex, against a risk assessment rating sexual violence
 * "none". His side writes one alert about him for her side and reads nothing of hers; each of his
 * partners' workers is told, for her own case, and marks it dealt with for her own case.
 */
useDisclosureAlerts();

let alertId: string;
let otherAlertId: string;

describe('his side writes her side’s alert about him', () => {
  it('his facilitator records the disclosure: one alert for his side, one about him for hers, with no detail', async () => {
    const response = await facilitator.request('POST', `/api/v1/participants/${known.participantId}/disclosures`, {
      json: { type: 'sexual', severity: 'high', disclosedOn: '2026-11-20', detail: DETAIL },
    });
    expect(response.statusCode).toBe(201);
    const disclosureId = (JSON.parse(response.body) as { id: string }).id;
    const rows = await t.database.db
      .selectFrom('risk_alerts')
      .selectAll()
      .where('participant_id', '=', known.participantId)
      .orderBy('side')
      .execute();
    expect(rows.map((r) => [r.side, r.partner_case_id, r.source, r.disclosure_id])).toEqual([
      ['partner', null, 'disclosure', disclosureId],
      ['perpetrator', null, 'disclosure', disclosureId],
    ]);
    const hers = rows[0];
    expect(hers).toMatchObject({ summary: SUMMARY, dash_assessment_id: null, acknowledged_by: null, acknowledged_at: null });
    for (const row of rows) {
      expect(row.summary).not.toContain('christening');
    }
    alertId = hers?.id ?? '';
  });

  it('in a transaction of his facilitator that reads none of her cases, and reads nothing of it back', async () => {
    const his = actorOf(org, 'perpetrator');
    const seen = await withActor(t.database.db, his, async (trx) => {
      const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(trx)).rows[0]?.n);
      const before = {
        cases: await count(sql`SELECT count(*)::text AS n FROM partner_cases`),
        partners: await count(sql`SELECT count(*)::text AS n FROM partners`),
      };
      const perpetratorCase = await trx
        .selectFrom('perpetrator_cases')
        .select('id')
        .where('participant_id', '=', other.participantId)
        .executeTakeFirstOrThrow();
      const disclosureId = await insertDisclosure(trx, {
        organisationId: org.id,
        participantId: other.participantId,
        perpetratorCaseId: perpetratorCase.id,
        sessionId: null,
        disclosedOn: '2026-11-20',
        type: 'sexual',
        severity: 'high',
        detail: DETAIL,
        recordedBy: his.userId,
      });
      const raised = await raiseForDisclosure(trx, {
        organisationId: org.id,
        participantId: other.participantId,
        disclosureId,
        disclosureType: 'sexual',
        disclosedOn: '2026-11-20',
        createdBy: his.userId,
      });
      const hersAfter = await count(sql`SELECT count(*)::text AS n FROM risk_alerts WHERE side = 'partner'`);
      const role = (await sql<{ role: string }>`SELECT current_user AS role`.execute(trx)).rows[0]?.role;
      return { ...before, raised, hersAfter, role };
    });
    expect(seen).toEqual({ cases: 0, partners: 0, raised: true, hersAfter: 0, role: 'parallel_app' });
    // Committed all the same, for her side to read.
    const written = await partnerSideAlertOf(other.participantId);
    expect(written).toMatchObject({ partner_case_id: null, source: 'disclosure', summary: SUMMARY });
    otherAlertId = written.id;
  });

  it('the facilitator reads no partner-side alert directly, nor on his pages, dashboard or API', async () => {
    const direct = await withActor(t.database.db, actorOf(org, 'perpetrator'), async (trx) => {
      const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM risk_alerts WHERE side = 'partner'`.execute(trx);
      return Number(rows[0]?.n);
    });
    expect(direct).toBe(0);
    const bodies = [
      (await facilitator.get('/risk-alerts')).body,
      (await facilitator.get('/dashboard')).body,
      (await facilitator.get('/api/v1/risk-alerts')).body,
      (await facilitator.get(`/participants/${known.participantId}/risk-picture`)).body,
    ];
    expect(bodies[0]).toContain('review the participant’s risk');
    expect(bodies[1]).toContain('review the participant’s risk');
    for (const body of bodies) {
      expect(body).not.toContain('review the partner’s safety plan');
      expect(body).not.toContain('risk-alerts-hers');
      expect(body).not.toContain('partnerCaseId');
      for (const secret of [known.currentCaseId, known.exCaseId, ...known.secrets]) {
        expect(body).not.toContain(secret);
      }
    }
  });
});

describe('her side: one item for each of his partners’ open cases', () => {
  it('the manager sees it once for each partner case; each worker’s dashboard shows her own case’s', async () => {
    expect((await itemsOf(manager, alertId)).sort()).toEqual([known.currentCaseId, known.exCaseId].sort());
    const current = await currentWorker.get('/dashboard');
    expect(current.body).toContain(`/partner-cases/${known.currentCaseId}/risk-picture`);
    expect(current.body).not.toContain(`/partner-cases/${known.exCaseId}/risk-picture`);
    expect(current.body).toContain('review the partner’s safety plan');
    const ex = await exWorker.get('/dashboard');
    expect(ex.body).toContain(`/partner-cases/${known.exCaseId}/risk-picture`);
    expect(ex.body).not.toContain(`/partner-cases/${known.currentCaseId}/risk-picture`);
    const page = await manager.get('/risk-alerts');
    expect(page.body).toContain(`name="partnerCaseId" value="${known.currentCaseId}"`);
    expect(page.body).toContain(`name="partnerCaseId" value="${known.exCaseId}"`);
    for (const body of [current.body, ex.body, page.body]) {
      expect(body).not.toContain('christening');
    }
    expect(current.body).not.toContain('review the participant’s risk');
    expect(ex.body).not.toContain('review the participant’s risk');
  });

  it('each worker marks it dealt with for her own case; the other partner’s stays open until her worker does', async () => {
    const done = await currentWorker.submit(`/risk-alerts/${alertId}/dealt-with`, {
      partnerCaseId: known.currentCaseId,
      returnTo: 'list',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/risk-alerts?done=1');
    expect(await itemsOf(manager, alertId)).toEqual([known.exCaseId]);
    expect((await exWorker.get('/dashboard')).body).toContain(`/partner-cases/${known.exCaseId}/risk-picture`);
    const currentDashboard = (await currentWorker.get('/dashboard')).body;
    expect(currentDashboard).toContain('data-qa="risk-alerts-hers"');
    expect(currentDashboard).not.toContain(`name="partnerCaseId" value="${known.currentCaseId}"`);
    // Dealt with for her case, on her timeline; still open on the other's.
    const hers = await currentWorker.get(`/partner-cases/${known.currentCaseId}/risk-picture`);
    expect(hers.body).toContain(`${SUMMARY} (dealt with by Larchfield partner worker)`);
    const theirs = await exWorker.get(`/partner-cases/${known.exCaseId}/risk-picture`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).toContain(`${SUMMARY} (open)`);
    const row = await partnerSideAlertOf(known.participantId);
    expect(row.acknowledged_at).toBeNull();

    const api = await exWorker.request('POST', `/api/v1/risk-alerts/${alertId}/acknowledge`, {
      json: { partnerCaseId: known.exCaseId },
    });
    expect(api.statusCode).toBe(204);
    expect(await itemsOf(manager, alertId)).toEqual([]);
    // Again: harmless, and not audited twice.
    const again = await exWorker.request('POST', `/api/v1/risk-alerts/${alertId}/acknowledge`, {
      json: { partnerCaseId: known.exCaseId },
    });
    expect(again.statusCode).toBe(204);
    const acks = await t.database.db
      .selectFrom('risk_alert_case_acknowledgements')
      .select(['partner_case_id', 'acknowledged_by'])
      .where('risk_alert_id', '=', alertId)
      .orderBy('acknowledged_at')
      .execute();
    expect(acks).toEqual([
      { partner_case_id: known.currentCaseId, acknowledged_by: org.users.partner.id },
      { partner_case_id: known.exCaseId, acknowledged_by: expect.any(String) },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['record_type', 'record_id', 'details'])
      .where('action', '=', 'risk_alert.acknowledged')
      .where('record_id', '=', alertId)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { record_type: 'risk_alert', record_id: alertId, details: { side: 'partner', partnerCaseId: known.currentCaseId } },
      { record_type: 'risk_alert', record_id: alertId, details: { side: 'partner', partnerCaseId: known.exCaseId } },
    ]);
  });

  it('his side reads none of her acknowledgements, and cannot write a partner-side alert of any other shape', async () => {
    const his = actorOf(org, 'perpetrator');
    const read = await withActor(t.database.db, his, (trx) =>
      trx.selectFrom('risk_alert_case_acknowledgements').select('partner_case_id').execute(),
    );
    expect(read).toEqual([]);
    const { disclosure_id: disclosureId } = await partnerSideAlertOf(known.participantId);
    const namingHerCase = withActor(t.database.db, his, (trx) =>
      trx
        .insertInto('risk_alerts')
        .values({
          organisation_id: org.id,
          side: 'partner',
          participant_id: known.participantId,
          partner_case_id: known.currentCaseId,
          source: 'disclosure',
          disclosure_id: disclosureId,
          summary: 'Written past the wall',
          raised_on: '2026-11-22',
        })
        .execute(),
    );
    await expect(namingHerCase).rejects.toThrow(/row-level security/);
  });

  it('400 when no case, or a case not told, is named; 404 when the alert is not visible; nothing written', async () => {
    const url = `/api/v1/risk-alerts/${otherAlertId}/acknowledge`;
    const missing = await manager.request('POST', url);
    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'invalid', fields: { partnerCaseId: expect.any(String) } } });
    for (const partnerCaseId of [known.currentCaseId, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expect((await manager.request('POST', url, { json: { partnerCaseId } })).statusCode).toBe(400);
    }
    expect((await manager.request('POST', url, { json: [] })).statusCode).toBe(400);
    const page = await manager.submit(`/risk-alerts/${otherAlertId}/dealt-with`, { returnTo: 'list' });
    expect(page.statusCode).toBe(400);
    expect((await facilitator.request('POST', url, { json: { partnerCaseId: other.currentCaseId } })).statusCode).toBe(404);
    const unknown = '/api/v1/risk-alerts/00000000-0000-4000-8000-000000000000/acknowledge';
    expect((await manager.request('POST', unknown, { json: { partnerCaseId: other.currentCaseId } })).statusCode).toBe(404);
    const acks = await t.database.db
      .selectFrom('risk_alert_case_acknowledgements')
      .select('partner_case_id')
      .where('risk_alert_id', '=', otherAlertId)
      .execute();
    expect(acks).toEqual([]);
  });

  it('a closed partner case is not told: not listed, not on her timeline, not to be marked dealt with', async () => {
    await t.database.db
      .updateTable('partner_cases')
      .set({ status: 'closed', closed_on: '2026-11-21' })
      .where('id', '=', other.exCaseId)
      .execute();
    expect(await itemsOf(manager, otherAlertId)).toEqual([other.currentCaseId]);
    const closed = await manager.get(`/partner-cases/${other.exCaseId}/risk-picture`);
    expect(closed.statusCode).toBe(200);
    expect(closed.body).not.toContain('review the partner’s safety plan');
    expect((await manager.get(`/partner-cases/${other.currentCaseId}/risk-picture`)).body).toContain(`${SUMMARY} (open)`);
    const combined = await manager.get(`/risk-picture/${other.participantId}`);
    expect(combined.body.split('review the partner’s safety plan').length - 1).toBe(1);
    const response = await manager.request('POST', `/api/v1/risk-alerts/${otherAlertId}/acknowledge`, {
      json: { partnerCaseId: other.exCaseId },
    });
    expect(response.statusCode).toBe(400);
  });
});
