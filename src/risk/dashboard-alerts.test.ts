import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * The dashboard's escalation alerts are bounded: the newest ten open alerts of each side the user
 * is told, read on an index in that order, and how many more there are; /risk-alerts lists them all.
 * Many alerts are raised the same day, so the order within a day is where a bound breaks if it breaks.
 */

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let facilitator: TestClient;
let partnerWorker: TestClient;
/** Open alerts of each side, newest first (raised on, then recorded at). */
let his: string[];
let hers: string[];

const alertIds = (body: string, qa: string) => {
  const table = new RegExp(`data-qa="${qa}"[\\s\\S]*?</table>`).exec(body)?.[0] ?? '';
  return [...table.matchAll(/action="\/risk-alerts\/([0-9a-f-]{36})\/dealt-with"/g)].map((m) => m[1] ?? '');
};

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  const db = t.database.db;
  const [him] = await addParticipants(db, org.id, [{ givenName: 'Ellis', familyName: 'Varden' }]);
  if (!him) {
    throw new Error('no participant');
  }
  const [herCase] = await addPartnerCases(db, org.id, him.participantId, [{ givenName: 'Juno', familyName: 'Ashby' }]);
  await db
    .updateTable('perpetrator_cases')
    .set({ allocated_worker_id: org.users.perpetrator.id })
    .where('id', '=', him.caseId)
    .execute();
  await db
    .updateTable('partner_cases')
    .set({ allocated_worker_id: org.users.partner.id })
    .where('id', '=', herCase?.caseId ?? '')
    .execute();
  const disclosure = await db
    .insertInto('disclosures')
    .values({
      organisation_id: org.id,
      participant_id: him.participantId,
      perpetrator_case_id: him.caseId,
      disclosed_on: '2026-03-02',
      type: 'threats',
      severity: 'high',
      detail: 'For the dashboard test',
      recorded_by: org.users.perpetrator.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const raise = async (side: 'perpetrator' | 'partner', i: number, acknowledged = false) =>
    db
      .insertInto('risk_alerts')
      .values({
        organisation_id: org.id,
        side,
        participant_id: him.participantId,
        source: 'disclosure',
        disclosure_id: disclosure.id,
        summary: `Alert ${side} ${i}`,
        // Three days, so most share their day with others.
        raised_on: ['2026-03-02', '2026-03-03', '2026-03-04'][i % 3] ?? '',
        acknowledged_by: acknowledged ? org.users.management.id : null,
        acknowledged_at: acknowledged ? new Date() : null,
      })
      .execute();
  for (let i = 0; i < 14; i += 1) {
    await raise('perpetrator', i);
  }
  for (let i = 0; i < 12; i += 1) {
    await raise('partner', i);
  }
  // Dealt with: never on the dashboard, never counted.
  await raise('perpetrator', 99, true);
  const open = async (side: 'perpetrator' | 'partner') =>
    (
      await db
        .selectFrom('risk_alerts')
        .select('id')
        .where('organisation_id', '=', org.id)
        .where('side', '=', side)
        .where('acknowledged_at', 'is', null)
        .orderBy('raised_on', 'desc')
        .orderBy('created_at', 'desc')
        .execute()
    ).map((r) => r.id);
  his = await open('perpetrator');
  hers = await open('partner');
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
});
afterAll(async () => t?.close());

describe('the dashboard’s escalation alerts show the newest ten of each side and how many more', () => {
  it('a manager sees the newest ten of each side, how many more, and the link to them all', async () => {
    expect(his).toHaveLength(14);
    const body = (await manager.get('/dashboard')).body;
    expect(alertIds(body, 'risk-alerts-his')).toEqual(his.slice(0, 10));
    expect(alertIds(body, 'risk-alerts-hers')).toEqual(hers.slice(0, 10));
    expect(/data-qa="risk-alerts-his-more"[^]*?<\/p>/.exec(body)?.[0]).toContain('And 4 more.');
    expect(/data-qa="risk-alerts-hers-more"[^]*?<\/p>/.exec(body)?.[0]).toContain('And 2 more.');
    expect(body).toContain('href="/risk-alerts"');
    // The full list is not bounded to ten.
    const all = (await manager.get('/risk-alerts')).body;
    expect(alertIds(all, 'risk-alerts-his')).toEqual(his);
    expect(all).not.toContain('data-qa="risk-alerts-his-more"');
  });

  it('each worker sees only the side they are told, for the men and women they work with', async () => {
    const hisSide = (await facilitator.get('/dashboard')).body;
    expect(alertIds(hisSide, 'risk-alerts-his')).toEqual(his.slice(0, 10));
    expect(hisSide).toContain('And 4 more.');
    expect(hisSide).not.toContain('risk-alerts-hers');
    expect(hisSide).not.toContain('Alert partner');
    const herSide = (await partnerWorker.get('/dashboard')).body;
    expect(alertIds(herSide, 'risk-alerts-hers')).toEqual(hers.slice(0, 10));
    expect(herSide).toContain('And 2 more.');
    expect(herSide).not.toContain('data-qa="risk-alerts-his"');
  });

  it('an alert dealt with leaves the dashboard and the next one takes its place', async () => {
    const first = his[0] ?? '';
    const done = await manager.request('POST', `/api/v1/risk-alerts/${first}/acknowledge`);
    expect(done.statusCode, done.body).toBeLessThan(300);
    const body = (await manager.get('/dashboard')).body;
    expect(alertIds(body, 'risk-alerts-his')).toEqual(his.slice(1, 11));
    expect(body).toContain('And 3 more.');
  });
});
