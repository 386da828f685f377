import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { team } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';

let t: TestApp;
let org: TestOrganisation;
let manager: TestClient;
let facilitator: TestClient;
let partnerWorker: TestClient;

beforeAll(async () => {
  ({ t, org, facilitator, partnerWorker, manager } = await team('Fenwold'));
});
afterAll(async () => t?.close());

const agencyReferral = (overrides: Record<string, string> = {}): Record<string, string> => ({
  givenName: 'Lucan',
  familyName: 'Penhallow',
  'dateOfBirth-day': '4',
  'dateOfBirth-month': '7',
  'dateOfBirth-year': '1983',
  gender: 'man',
  channel: 'phone',
  source: 'agency',
  agencyType: 'childrens_services',
  referrerName: 'Ines Caradoc',
  referrerOrganisation: 'Fenwold children’s services',
  referrerPhone: '01632 960123',
  reason: 'Police call-outs to the family home; children on a child in need plan.',
  mandated: 'no',
  area: 'Fenwold',
  relationshipContext: 'heterosexual',
  ...overrides,
});

async function historyOf(referralId: string) {
  return t.database.db
    .selectFrom('referral_status_history')
    .select(['from_status', 'to_status', 'reason_code', 'changed_by'])
    .where('referral_id', '=', referralId)
    .orderBy('id')
    .execute();
}

async function caseStatusOf(referralId: string): Promise<string | undefined> {
  const row = await t.database.db
    .selectFrom('referrals')
    .innerJoin('perpetrator_cases', 'perpetrator_cases.participant_id', 'referrals.participant_id')
    .select('perpetrator_cases.status')
    .where('referrals.id', '=', referralId)
    .executeTakeFirst();
  return row?.status;
}

async function record(client: TestClient, form: Record<string, string>): Promise<string> {
  const response = await client.submit('/referrals/new', form);
  expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
  const id = /\/referrals\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '')?.[1];
  expect(id).toBeDefined();
  return id ?? '';
}

describe('recording a referral', () => {
  it('records him at once with a case in status referred, and starts the history', async () => {
    const id = await record(manager, agencyReferral());
    const page = await manager.get(`/referrals/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lucan Penhallow');
    expect(page.body).toContain('Agency: Children’s services');
    expect(page.body).toContain('Ines Caradoc');
    expect(await caseStatusOf(id)).toBe('referred');
    expect(await historyOf(id)).toEqual([
      { from_status: null, to_status: 'received', reason_code: 'referral_received', changed_by: org.users.management.id },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'referral.created')
      .where('record_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.details)).not.toContain('Penhallow');
  });

  it('answers missing or inconsistent answers with field errors, and writes nothing', async () => {
    const before = await t.database.db.selectFrom('referrals').select('id').execute();
    const response = await manager.submit(
      '/referrals/new',
      agencyReferral({ reason: '', agencyType: '', givenName: '', referrerPhone: 'call me' }),
    );
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter the reason for the referral',
      'Select the kind of agency',
      'Enter the first name',
      'Enter referrer’s phone number in the right format',
    ]) {
      expect(response.body).toContain(message);
    }
    expect(response.body).toContain('value="Penhallow"');
    expect(await t.database.db.selectFrom('referrals').select('id').execute()).toHaveLength(before.length);
  });

  it('the API takes the same referral and refuses bad input with a 400', async () => {
    const bad = await manager.request('POST', '/api/v1/referrals', { json: { givenName: 'Tamsin', source: 'agency' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: {
        code: 'invalid',
        fields: { familyName: expect.any(String), reason: expect.any(String), channel: expect.any(String) },
      },
    });
    const good = await manager.request('POST', '/api/v1/referrals', {
      json: {
        givenName: 'Jago',
        familyName: 'Trewin',
        channel: 'email',
        source: 'self',
        reason: 'Worried about his anger at home.',
      },
    });
    expect(good.statusCode).toBe(201);
    expect(good.json()).toMatchObject({ referral: { sourceLabel: 'Self-referral', status: 'received' } });
  });
});

describe('a referral from his partner stays on the partner side', () => {
  let referralId: string;
  const community = {
    communityRelationship: 'partner',
    communityName: 'Morwenna Penrose',
    communityPhone: '07700 900765',
    communitySafeToContact: 'Weekday mornings only',
  };

  beforeAll(async () => {
    referralId = await record(
      partnerWorker,
      agencyReferral({
        givenName: 'Kenver',
        familyName: 'Rosewarne',
        source: 'community',
        agencyType: '',
        referrerName: '',
        referrerOrganisation: '',
        referrerPhone: '',
        reason: 'He took my phone and car keys again on Friday.',
        ...community,
      }),
    );
  });

  it('the perpetrator side cannot take such a referral', async () => {
    const response = await facilitator.submit('/referrals/new', agencyReferral({ source: 'community', ...community }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('taken by the partner support service or case management');
  });

  it('her worker and management see who referred him; the facilitator sees only that it was a community referral', async () => {
    for (const client of [partnerWorker, manager]) {
      const page = await client.get(`/referrals/${referralId}`);
      expect(page.body).toContain('Morwenna Penrose');
      expect(page.body).toContain('The participant’s partner');
      expect(page.body).toContain('He took my phone and car keys again on Friday.');
    }
    const secrets = [
      'Morwenna',
      'Penrose',
      '07700 900765',
      'Weekday mornings only',
      'The participant’s partner',
      'took my phone and car keys',
    ];
    for (const url of [`/referrals/${referralId}`, `/api/v1/referrals/${referralId}`, '/referrals', '/api/v1/referrals']) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(
        secrets.filter((s) => response.body.includes(s)),
        url,
      ).toEqual([]);
    }
    expect((await facilitator.get(`/referrals/${referralId}`)).body).toContain('Community referral');
  });
});

describe('triage', () => {
  it('follows the transitions table: each change by the sides allowed to make it, with a coded reason, kept as history', async () => {
    const id = await record(manager, agencyReferral({ givenName: 'Digory', familyName: 'Polglaze' }));

    // The partner support service does not decide his triage.
    const byPartner = await partnerWorker.submit(`/referrals/${id}/status`, { to: 'triage', reasonCode: 'triage_started' });
    expect(byPartner.statusCode).toBe(403);

    expect((await facilitator.submit(`/referrals/${id}/status`, { to: 'triage', reasonCode: 'triage_started' })).statusCode).toBe(
      303,
    );

    // Accepting him is a case management decision.
    const byFacilitator = await facilitator.request('POST', `/api/v1/referrals/${id}/status`, {
      json: { to: 'accepted', reasonCode: 'meets_criteria' },
    });
    expect(byFacilitator.statusCode).toBe(403);
    expect(byFacilitator.json()).toMatchObject({ error: { code: 'forbidden' } });

    const wrongReason = await manager.submit(`/referrals/${id}/status`, { to: 'accepted', reasonCode: 'out_of_area' });
    expect(wrongReason.statusCode).toBe(400);
    expect(wrongReason.body).toContain('Select a reason from the list');

    expect(
      (
        await manager.submit(`/referrals/${id}/status`, {
          to: 'accepted',
          reasonCode: 'meets_criteria',
          note: 'Suitable for group.',
        })
      ).statusCode,
    ).toBe(303);
    expect(await caseStatusOf(id)).toBe('assessment');

    const backwards = await manager.submit(`/referrals/${id}/status`, { to: 'triage', reasonCode: 'triage_started' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('cannot be moved to in triage');

    expect(await historyOf(id)).toEqual([
      { from_status: null, to_status: 'received', reason_code: 'referral_received', changed_by: org.users.management.id },
      { from_status: 'received', to_status: 'triage', reason_code: 'triage_started', changed_by: org.users.perpetrator.id },
      { from_status: 'triage', to_status: 'accepted', reason_code: 'meets_criteria', changed_by: org.users.management.id },
    ]);
    const page = await manager.get(`/referrals/${id}`);
    expect(page.body).toContain('Accepted for assessment');
    expect(page.body).toContain('Meets the criteria for assessment. Suitable for group.');
  });

  it('declining him closes his case, and the history cannot be rewritten by the application', async () => {
    const id = await record(manager, agencyReferral({ givenName: 'Ruan', familyName: 'Tregear' }));
    await manager.submit(`/referrals/${id}/status`, { to: 'triage', reasonCode: 'triage_started' });
    await manager.submit(`/referrals/${id}/status`, { to: 'declined', reasonCode: 'out_of_area' });
    expect(await caseStatusOf(id)).toBe('closed');
    const { withActor } = await import('../db/database.js');
    const attempt = withActor(t.database.db, { userId: org.users.management.id, organisationId: org.id }, (trx) =>
      trx.updateTable('referral_status_history').set({ reason_code: 'meets_criteria' }).where('referral_id', '=', id).execute(),
    );
    await expect(attempt).rejects.toThrow(/permission denied/);
  });
});
