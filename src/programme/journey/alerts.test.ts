import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { createCaseWithPartners } from '../../../test/fixtures/cases.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { statementsDuring } from '../../../test/fixtures/statements.js';

/*
 * Acceptance (issue 4): a session's attendance and a disclosure are recorded; the disclosure reaches
 * his partner's worker as a basic alert without the note text, and nothing of what he said in the
 * session (the disclosure's detail, the participation note) reaches any partner-side response.
 */
const DETAIL = 'He said he pushed her against the fridge when she asked about the money';
const NOTE = 'Minimised throughout; blamed her for the argument over the car keys';
const SENTENCE = 'Disclosed physical violence on 5 January 2026';

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let manager: TestClient;
let darren: Awaited<ReturnType<typeof createCaseWithPartners>>;
let group: TestProgramme;
let eventId: string;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Calder');
  facilitator = await t.signedIn(org.users.perpetrator);
  partnerWorker = await t.signedIn(org.users.partner);
  manager = await t.signedIn(org.users.management);
  // His current partner's case is allocated to the partner worker, his ex-partner's to the manager.
  darren = await createCaseWithPartners(t.database.db, org, 'C');
  group = await createTestProgramme(t.database.db, org, { participantIds: [darren.participantId], sessionCount: 3 });
});
afterAll(async () => t?.close());

const sessionId = () => group.sessions[0]?.id ?? '';
const enrolmentId = () => group.enrolments[0]?.enrolmentId ?? '';

/** Every partner-side response her worker can get about him and her case. */
async function partnerSideResponses(client: TestClient) {
  return Promise.all([
    client.get('/dashboard'),
    client.get(`/partner-cases/${darren.currentCaseId}/tab/support`),
    client.get(`/participants/${darren.participantId}/tab/programme`),
    client.get('/api/v1/partner-alerts'),
    client.get(`/api/v1/partner-cases/${darren.currentCaseId}/programme`),
    client.get(`/api/v1/participants/${darren.participantId}/attendance`),
    client.get(`/api/v1/participants/${darren.participantId}`),
  ]);
}

describe('a disclosure in a session reaches her worker as a basic alert', () => {
  it('records the session’s attendance with a participation note, then the disclosure from the register', async () => {
    const id = enrolmentId();
    const saved = await facilitator.submit(`/programme/sessions/${sessionId()}/register`, {
      enrolment: id,
      [`outcome-${id}`]: 'attended_not_complied',
      [`minutesLate-${id}`]: '',
      [`note-${id}`]: NOTE,
    });
    expect(saved.statusCode).toBe(303);
    const register = await facilitator.get(`/programme/sessions/${sessionId()}/register`);
    const link = `/participants/${darren.participantId}/disclosures/new?session=${sessionId()}`;
    expect(register.body).toContain(link);
    const form = await facilitator.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Disclosed in the session “Session 1” on 5 January 2026');
    const recorded = await facilitator.submit(`/participants/${darren.participantId}/disclosures`, {
      sessionId: sessionId(),
      type: 'physical',
      severity: 'high',
      'disclosedOn-day': '5',
      'disclosedOn-month': '1',
      'disclosedOn-year': '2026',
      detail: DETAIL,
    });
    expect(recorded.statusCode, recorded.body.slice(0, 300)).toBe(303);
    const his = await facilitator.get(`/participants/${darren.participantId}/tab/programme`);
    expect(his.body).toContain(DETAIL);
    expect(his.body).toMatch(/data-qa="disclosures"[\s\S]*Physical violence[\s\S]*High/);
    const event = await t.database.db
      .selectFrom('participant_events')
      .select(['id', 'basic_summary', 'disclosure_id', 'session_id'])
      .where('participant_id', '=', darren.participantId)
      .where('type', '=', 'disclosure')
      .executeTakeFirstOrThrow();
    expect(event.basic_summary).toBe(SENTENCE);
    expect(event.session_id).toBe(sessionId());
    eventId = event.id;
  });

  it('shows her worker the basic sentence on her dashboard, her case page and the API, and never the detail or the note', async () => {
    const responses = await partnerSideResponses(partnerWorker);
    for (const response of responses) {
      expect(response.statusCode, response.raw.req.url).toBe(200);
      expect(response.body).not.toContain(DETAIL);
      expect(response.body).not.toContain('pushed her');
      expect(response.body).not.toContain(NOTE);
      expect(response.body).not.toContain('Minimised throughout');
    }
    const [dashboard, herCase, hisPage, alerts, caseApi, attendance] = responses;
    expect(dashboard?.body).toMatch(new RegExp(`data-qa="partner-alerts"[\\s\\S]*${SENTENCE}`));
    expect(herCase?.body).toMatch(new RegExp(`data-qa="partner-alerts"[\\s\\S]*${SENTENCE}`));
    // His attendance and status: one session attended, what she may be told.
    expect(herCase?.body).toMatch(/data-qa="his-attendance"[\s\S]*Attending/);
    expect(hisPage?.body).toContain(SENTENCE);
    expect(alerts?.json()).toEqual([
      {
        eventId,
        partnerCase: { id: darren.currentCaseId, reference: expect.any(String), name: 'RosalindC QuennellC' },
        participant: { id: darren.participantId, name: darren.hisName },
        summary: SENTENCE,
        occurredOn: '2026-01-05',
      },
    ]);
    expect(caseApi?.json()).toMatchObject({ alerts: [{ eventId, summary: SENTENCE }] });
    expect(attendance?.json()).toMatchObject({
      enrolments: [{ statusLabel: 'Attending', sessionsAttended: 1, sessionsMissed: 0, hours: '2.5' }],
    });
    expect((await partnerWorker.get(`/api/v1/participants/${darren.participantId}/disclosures`)).statusCode).toBe(403);
    expect((await partnerWorker.get(`/programme/sessions/${sessionId()}/register`)).statusCode).toBe(403);
  });

  it('audits her worker’s reading of the alerts as a partner-side read', async () => {
    const reads = await t.database.db
      .selectFrom('audit_events')
      .select(['record_id', 'details'])
      .where('action', '=', 'partner_alert.viewed')
      .where('actor_user_id', '=', org.users.partner.id)
      .execute();
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.some((r) => r.record_id === darren.currentCaseId)).toBe(true);
    expect(JSON.stringify(reads)).toContain(eventId);
  });

  it('gives each partner’s worker her own alert: the manager holding the ex-partner’s case sees it too', async () => {
    const alerts = (await manager.get('/api/v1/partner-alerts')).json<Array<{ partnerCase: { id: string } }>>();
    expect(alerts.map((a) => a.partnerCase.id).sort()).toEqual([darren.currentCaseId, darren.exCaseId].sort());
  });

  it('reads her case’s unseen alerts, his enrolments and his latest events in one statement', async () => {
    const statements = await statementsDuring(() => partnerWorker.get(`/api/v1/partner-cases/${darren.currentCaseId}/programme`));
    const programme = statements.filter((text) => text.includes('"partner_alert_acknowledgements"'));
    expect(programme).toHaveLength(1);
    expect(programme[0]).toContain('"programme_enrolments"');
    expect(programme[0]).toContain('"participant_events"');
  });

  it('is marked as seen by her worker, for her case only', async () => {
    const seen = await partnerWorker.submit(`/partner-cases/${darren.currentCaseId}/alerts/${eventId}/seen`, {
      returnTo: 'case',
    });
    expect(seen.statusCode).toBe(303);
    expect(seen.headers.location).toBe(`/partner-cases/${darren.currentCaseId}?saved=1#programme`);
    expect((await partnerWorker.get('/api/v1/partner-alerts')).json()).toEqual([]);
    expect((await partnerWorker.get(`/partner-cases/${darren.currentCaseId}/tab/support`)).body).not.toContain(
      'data-qa="partner-alerts"',
    );
    // Still told as part of his record of events, just no longer an alert.
    expect((await partnerWorker.get(`/partner-cases/${darren.currentCaseId}/tab/support`)).body).toContain(SENTENCE);
    const again = await partnerWorker.request('POST', `/api/v1/partner-cases/${darren.currentCaseId}/alerts/${eventId}/seen`);
    expect(again.statusCode).toBe(204);
    const managerAlerts = (await manager.get('/api/v1/partner-alerts')).json<Array<{ partnerCase: { id: string } }>>();
    expect(managerAlerts.map((a) => a.partnerCase.id)).toEqual([darren.exCaseId]);
    const acknowledged = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'partner_alert.acknowledged')
      .where('record_id', '=', darren.currentCaseId)
      .execute();
    expect(acknowledged).toHaveLength(1);
  });

  it('refuses an alert that is not this case’s, or not an alert, as bad input', async () => {
    const url = (id: string) => `/api/v1/partner-cases/${darren.currentCaseId}/alerts/${id}/seen`;
    for (const id of ['not-a-uuid', randomUUID()]) {
      const response = await partnerWorker.request('POST', url(id));
      expect(response.statusCode, id).toBe(400);
    }
    const missed = await t.database.db.selectFrom('participant_events').select('id').where('type', '!=', 'disclosure').execute();
    for (const row of missed) {
      expect((await partnerWorker.request('POST', url(row.id))).statusCode).toBe(400);
    }
  });
});

describe('his side never learns whether she was told', () => {
  it('answers every alert route with 404 to the facilitator, and his pages say nothing of acknowledgements', async () => {
    for (const response of [
      await facilitator.get('/api/v1/partner-alerts'),
      await facilitator.get(`/api/v1/partner-cases/${darren.currentCaseId}/programme`),
      await facilitator.request('POST', `/api/v1/partner-cases/${darren.currentCaseId}/alerts/${eventId}/seen`),
      await facilitator.submit(`/partner-cases/${darren.currentCaseId}/alerts/${eventId}/seen`, {}),
    ]) {
      expect(response.statusCode).toBe(404);
    }
    for (const url of [
      `/participants/${darren.participantId}/tab/programme`,
      `/programme/enrolments/${enrolmentId()}/journey`,
      `/programme/sessions/${sessionId()}/register`,
      '/dashboard',
      `/api/v1/participants/${darren.participantId}/attendance`,
    ]) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toMatch(/Mark as seen|acknowledg|partner-alerts/i);
    }
  });

  it('cannot read or write acknowledgements in the database either', async () => {
    const asFacilitator = { userId: org.users.perpetrator.id, organisationId: org.id };
    const count = await withActor(t.database.db, asFacilitator, async (trx) => {
      const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM partner_alert_acknowledgements`.execute(trx);
      return Number(rows[0]?.n);
    });
    expect(count).toBe(0);
    const write = withActor(t.database.db, asFacilitator, (trx) =>
      trx
        .insertInto('partner_alert_acknowledgements')
        .values({
          partner_case_id: darren.exCaseId,
          event_id: eventId,
          organisation_id: org.id,
          acknowledged_by: org.users.perpetrator.id,
        })
        .execute(),
    );
    await expect(write).rejects.toThrow(/row-level security/);
    const asPartner = { userId: org.users.partner.id, organisationId: org.id };
    const details = await withActor(t.database.db, asPartner, (trx) => trx.selectFrom('disclosures').select('detail').execute());
    expect(details).toEqual([]);
    const notes = await withActor(t.database.db, asPartner, (trx) =>
      trx.selectFrom('participation_notes').select('body').execute(),
    );
    expect(notes).toEqual([]);
  });
});

describe('the API document', () => {
  it('lists the register, disclosures, journey, progress and alert endpoints', async () => {
    const doc = (await manager.get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/api/v1/programme/sessions/{id}/register')).toEqual(['get', 'put']);
    expect(methods('/api/v1/participants/{id}/disclosures')).toEqual(['get', 'post']);
    expect(methods('/api/v1/programme/enrolments/{id}/journey')).toEqual(['get', 'post']);
    expect(methods('/api/v1/programme/enrolments/{id}/progress')).toEqual(['get']);
    expect(methods('/api/v1/programme/enrolments/{id}/summary')).toEqual(['get']);
    expect(methods('/api/v1/participants/{id}/attendance')).toEqual(['get']);
    expect(methods('/api/v1/programme/reviews/{id}/resolve')).toEqual(['post']);
    expect(methods('/api/v1/partner-alerts')).toEqual(['get']);
    expect(methods('/api/v1/partner-cases/{id}/alerts/{eventId}/seen')).toEqual(['post']);
  });
});
