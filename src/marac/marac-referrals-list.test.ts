import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { addParticipants, addPartnerCases } from '../../test/fixtures/caseloads.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';

/*
 * Every MARAC referral across her cases (/marac/referrals and GET /api/v1/marac-referrals, issue
 * 12), newest referred first: searched by her name (typos found) or her case's reference, filtered
 * by status, the level of the DASH it was made from, her worker or scope, and the meeting's date.
 * A value it does not know is refused beside its field (400) and by a 400 naming it; his side is
 * told "not found" whatever it asks.
 */

let t: TestApp;
let org: TestOrganisation;
let partnerWorker: TestClient;
let manager: TestClient;
let facilitator: TestClient;
const referralOf: Record<string, string> = {};

type Listed = { items: Array<{ id: string; reference: string; name: string }>; total: number };

async function listed(client: TestClient, query: string): Promise<string[]> {
  const response = await client.request('GET', `/api/v1/marac-referrals${query ? `?${query}` : ''}`);
  expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
  return response.json<Listed>().items.map((r) => r.reference);
}

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Eastmoor');
  const db = t.database.db;
  const [him] = await addParticipants(db, org.id, [{ givenName: 'Leopold', familyName: 'Fairweather' }]);
  const cases = await addPartnerCases(db, org.id, him?.participantId ?? '', [
    { givenName: 'Philippa', familyName: 'Abbington' },
    { givenName: 'Henrietta', familyName: 'Lowther' },
    { givenName: 'Marguerite', familyName: 'Dunmore' },
  ]);
  const meeting = async (meetsOn: string) =>
    (
      await db
        .insertInto('marac_meetings')
        .values({ organisation_id: org.id, area: 'Eastmoor', meets_on: meetsOn, created_by: org.users.partner.id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const plan: Array<{
    reference: string;
    worker: string | null;
    referredOn: string;
    status: 'referred' | 'heard' | 'closed';
    meetsOn: string | null;
    yes: number | null;
  }> = [
    {
      reference: 'PS-555001',
      worker: org.users.partner.id,
      referredOn: '2026-01-10',
      status: 'heard',
      meetsOn: '2026-01-20',
      yes: 18,
    },
    {
      reference: 'PS-555002',
      worker: org.users.management.id,
      referredOn: '2026-02-05',
      status: 'referred',
      meetsOn: '2026-02-25',
      yes: 12,
    },
    { reference: 'PS-555003', worker: null, referredOn: '2026-03-01', status: 'closed', meetsOn: null, yes: null },
  ];
  for (const [i, p] of plan.entries()) {
    const caseId = cases[i]?.caseId ?? '';
    await db
      .updateTable('partner_cases')
      .set({ reference: p.reference, allocated_worker_id: p.worker })
      .where('id', '=', caseId)
      .execute();
    const dash =
      p.yes === null
        ? null
        : (
            await db
              .insertInto('dash_assessments')
              .values({
                organisation_id: org.id,
                partner_case_id: caseId,
                completed_on: p.referredOn,
                safe_to_talk: true,
                safe_contact_checked: true,
                yes_count: p.yes,
                score_level: p.yes >= 14 ? 'high' : 'medium',
                completed_by: org.users.partner.id,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
    const row = await db
      .insertInto('marac_referrals')
      .values({
        organisation_id: org.id,
        partner_case_id: caseId,
        dash_assessment_id: dash,
        referred_on: p.referredOn,
        area: 'Eastmoor',
        marac_meeting_id: p.meetsOn ? await meeting(p.meetsOn) : null,
        criteria: ['visible_high_risk'],
        safe_to_call: true,
        relationship: 'Ex-partner',
        she_knows: true,
        she_consents: true,
        status: p.status,
        heard_on: p.status === 'referred' ? null : (p.meetsOn ?? p.referredOn),
        outcome: p.status === 'referred' ? null : 'Heard: safety plan agreed',
        referred_by: org.users.partner.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    referralOf[p.reference] = row.id;
  }
  partnerWorker = t.client();
  await partnerWorker.signIn(org.users.partner.email, org.users.partner.password);
  manager = t.client();
  await manager.signIn(org.users.management.email, org.users.management.password);
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
});
afterAll(async () => t?.close());

describe('MARAC referrals across her cases', () => {
  it('lists every referral, newest referred first', async () => {
    expect(await listed(manager, '')).toEqual(['PS-555003', 'PS-555002', 'PS-555001']);
    const page = await partnerWorker.get('/marac/referrals');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 referrals');
    expect(page.body).toContain(`/marac/${referralOf['PS-555001'] ?? 'none'}`);
    expect(page.body).toContain('Philippa Abbington');
  });

  it('finds her by a misspelt name or by her case’s reference or its start', async () => {
    expect(await listed(manager, 'q=Abington')).toEqual(['PS-555001']);
    expect(await listed(manager, 'q=Henrieta%20Lowther')).toEqual(['PS-555002']);
    expect(await listed(manager, 'q=PS-555002')).toEqual(['PS-555002']);
    expect(await listed(manager, 'q=ps55500')).toEqual(['PS-555003', 'PS-555002', 'PS-555001']);
    expect(await listed(manager, 'q=Fairweather')).toEqual([]);
    expect(await listed(manager, 'q=07700%20900111')).toEqual([]);
  });

  it('filters by status, DASH level, worker, scope and the meeting’s dates', async () => {
    expect(await listed(manager, 'status=heard')).toEqual(['PS-555001']);
    expect(await listed(manager, 'status=closed')).toEqual(['PS-555003']);
    expect(await listed(manager, 'risk=high')).toEqual(['PS-555001']);
    expect(await listed(manager, 'risk=medium')).toEqual(['PS-555002']);
    expect(await listed(manager, 'risk=standard')).toEqual([]);
    expect(await listed(manager, `worker=${org.users.partner.id}`)).toEqual(['PS-555001']);
    expect(await listed(partnerWorker, 'scope=mine')).toEqual(['PS-555001']);
    expect(await listed(manager, 'scope=mine')).toEqual(['PS-555002']);
    expect(await listed(manager, 'from=2026-02-01')).toEqual(['PS-555002']);
    expect(await listed(manager, 'to=2026-01-31')).toEqual(['PS-555001']);
    expect(await listed(manager, 'from=2026-01-20&to=2026-02-25')).toEqual(['PS-555002', 'PS-555001']);
    expect(await listed(manager, 'q=Abbington&status=heard&risk=high&scope=all')).toEqual(['PS-555001']);
    const page = await manager.get('/marac/referrals?status=heard');
    expect(page.body).toContain('1 referral');
    expect(page.body).toContain('Clear filters');
  });

  it('refuses a value it does not know: beside its field on the page, a 400 naming it in the API', async () => {
    for (const [query, field] of [
      ['status=open', 'status'],
      ['risk=extreme', 'risk'],
      ['worker=someone', 'worker'],
      ['from=2026-02-30', 'from'],
      ['to=soon', 'to'],
      ['from=2026-03-01&to=2026-02-01', 'to'],
      ['q=x', 'q'],
      ['scope=everyone', 'scope'],
    ] as const) {
      const api = await manager.request('GET', `/api/v1/marac-referrals?${query}`);
      expect(api.statusCode, query).toBe(400);
      expect(Object.keys(api.json<{ error: { fields: Record<string, string> } }>().error.fields), query).toContain(field);
      const page = await manager.get(`/marac/referrals?${query}`);
      expect(page.statusCode, query).toBe(400);
      expect(page.body, query).toContain(`id="${field}-error"`);
    }
  });

  it('his side is told "not found", whatever it asks', async () => {
    for (const query of ['', '?q=Abbington', '?status=open', '?after=%25%25']) {
      expect((await facilitator.get(`/marac/referrals${query}`)).statusCode, query).toBe(404);
      const api = await facilitator.request('GET', `/api/v1/marac-referrals${query}`);
      expect(api.statusCode, query).toBe(404);
      expect(api.body).not.toContain('PS-5550');
    }
  });
});
