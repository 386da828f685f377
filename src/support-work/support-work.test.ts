import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError } from '../../test/fixtures/assertions.js';
import { caseTeam, type KnownCase } from '../../test/fixtures/case-team.js';
import type { TestClient } from '../../test/fixtures/http.js';
import type { TestOrganisation } from '../../test/fixtures/organisation.js';
import { withActor } from '../db/database.js';
import type { Side } from '../db/schema.js';
import type { OnwardReferralView, SupportSessionView } from './presenters.js';

/*
 * Support work with her (issue 5, point 3): one-to-one sessions, her attendance at information
 * sessions about the programme (seed 001), and referrals she wants to other services, with her
 * consent. Bad input writes nothing; his side is told "not found"; the database refuses him.
 */
let t: TestApp;
let org: TestOrganisation;
let known: KnownCase;
let partnerWorker: TestClient;
let facilitator: TestClient;
let caseId: string;

const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const parts = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

beforeAll(async () => {
  ({ t, org, known, facilitator, partnerWorker } = await caseTeam('Fenwick', 'F'));
  caseId = known.exCaseId;
});
afterAll(async () => t?.close());

const count = async (table: 'support_sessions' | 'information_session_attendances' | 'onward_referrals') =>
  (await t.database.db.selectFrom(table).select('id').where('partner_case_id', '=', caseId).execute()).length;

describe('support sessions', () => {
  it('bad input is refused beside each field, what was typed is kept, and nothing is written', async () => {
    const response = await partnerWorker.submit(`/partner-cases/${caseId}/support/sessions/new`, {
      ...parts('heldOn', tomorrow()),
      durationMinutes: 'forty',
      notes: 'She said the kitchen knife drawer is now locked',
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'heldOn', 'The date of the session must be today or in the past');
    expectFieldError(response.body, 'sessionType', 'Select how the session was held');
    expectFieldError(response.body, 'durationMinutes', 'Enter the length in minutes, like 45');
    expectFieldError(response.body, 'topics', 'Select at least one topic');
    expect(response.body).toContain('She said the kitchen knife drawer is now locked');
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/support-sessions`, {
      json: { heldOn: today(), sessionType: 'carrier pigeon', durationMinutes: 0, topics: ['astrology'] },
    });
    expect(api.statusCode).toBe(400);
    expect(Object.keys(expectErrorShape(api).error.fields).sort()).toEqual(['durationMinutes', 'sessionType', 'topics.0']);
    expect(await count('support_sessions')).toBe(0);
  });

  it('a session is recorded from the form and listed with its topics, audited without its notes', async () => {
    const saved = await partnerWorker.submit(`/partner-cases/${caseId}/support/sessions/new`, {
      ...parts('heldOn', today()),
      sessionType: 'phone',
      durationMinutes: '45',
      topics: ['housing', 'safety'],
      notes: 'She is thinking about a move to her mother’s',
    });
    expect(saved.statusCode).toBe(303);
    const page = await partnerWorker.get(`/partner-cases/${caseId}/support`);
    expect(page.body).toContain('data-qa="case-sub-navigation"');
    const table = page.body.slice(page.body.indexOf('data-qa="support-sessions"'));
    expect(table).toContain('Phone');
    expect(table).toContain('45 minutes');
    expect(table).toContain('Safety, Housing');
    const api = await partnerWorker.get(`/api/v1/partner-cases/${caseId}/support-work`);
    expect(api.json<{ sessions: SupportSessionView[] }>().sessions).toMatchObject([
      {
        sessionType: 'phone',
        durationMinutes: 45,
        topics: ['safety', 'housing'],
        notes: 'She is thinking about a move to her mother’s',
      },
    ]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', 'in', ['partner_case.support_session_recorded', 'partner_case.support_work_viewed'])
      .where('record_id', '=', caseId)
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(audit)).not.toContain('mother');
  });
});

describe('information sessions about the programme', () => {
  it('her attendance is recorded and listed; a date in the future is refused', async () => {
    const bad = await partnerWorker.submit(
      `/partner-cases/${caseId}/support/information-sessions/new`,
      parts('attendedOn', tomorrow()),
    );
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'attendedOn', 'The date of the information session must be today or in the past');
    expect(await count('information_session_attendances')).toBe(0);
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/information-sessions`, {
      json: { attendedOn: today(), programmeWorker: 'Dev Okafor' },
    });
    expect(api.statusCode).toBe(201);
    const page = await partnerWorker.get(`/partner-cases/${caseId}/support`);
    expect(page.body.slice(page.body.indexOf('data-qa="information-sessions"'))).toContain('Dev Okafor');
  });
});

describe('referrals she wants to other services', () => {
  it('without her consent, an organisation or a service, nothing is written', async () => {
    const form = await partnerWorker.submit(`/partner-cases/${caseId}/support/referrals/new`, {
      organisationName: 'Harbourside IDVA Service',
      ...parts('referredOn', today()),
    });
    expect(form.statusCode).toBe(400);
    expectFieldError(form.body, 'consent', 'Confirm that the partner wants this referral and consents to it');
    expectFieldError(form.body, 'service', 'Select the service the partner wants to be referred to');
    expect(form.body).toContain('value="Harbourside IDVA Service"');
    const api = await partnerWorker.request('POST', `/api/v1/partner-cases/${caseId}/onward-referrals`, {
      json: { service: 'idva', organisationName: 'Harbourside IDVA Service', referredOn: today(), consent: false },
    });
    expect(api.statusCode).toBe(400);
    expect(expectErrorShape(api).error.fields).toHaveProperty('consent');
    expect(await count('onward_referrals')).toBe(0);
  });

  it('is made with her consent, then accepted with an outcome', async () => {
    const made = await partnerWorker.submit(`/partner-cases/${caseId}/support/referrals/new`, {
      service: 'idva',
      organisationName: 'Harbourside IDVA Service',
      ...parts('referredOn', today()),
      consent: 'yes',
      status: 'made',
    });
    expect(made.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('onward_referrals')
      .select(['id', 'status', 'consent_given', 'recorded_by'])
      .where('partner_case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'made', consent_given: true, recorded_by: org.users.partner.id });
    const badUpdate = await partnerWorker.submit(`/partner-cases/${caseId}/support/referrals/${row.id}`, { status: 'lost' });
    expect(badUpdate.statusCode).toBe(400);
    expectFieldError(badUpdate.body, 'status', 'Select the status of the referral');
    const updated = await partnerWorker.submit(`/partner-cases/${caseId}/support/referrals/${row.id}`, {
      status: 'accepted',
      outcome: 'Allocated an IDVA; first meeting next week',
    });
    expect(updated.statusCode).toBe(303);
    const api = await partnerWorker.request('PATCH', `/api/v1/partner-cases/${caseId}/onward-referrals/${row.id}`, {
      json: { status: 'declined' },
    });
    expect(api.json<OnwardReferralView>()).toMatchObject({ status: 'declined', organisationName: 'Harbourside IDVA Service' });
    const page = await partnerWorker.get(`/partner-cases/${caseId}/support`);
    expect(page.body.slice(page.body.indexOf('data-qa="onward-referrals"'))).toContain('Declined');
    for (const missing of [randomUUID(), 'not-an-id']) {
      expect((await partnerWorker.get(`/partner-cases/${caseId}/support/referrals/${missing}`)).statusCode).toBe(404);
    }
  });
});

describe('the wall', () => {
  it('his side is told "not found" on every support route, and writes nothing', async () => {
    const referral = await t.database.db
      .selectFrom('onward_referrals')
      .select('id')
      .where('partner_case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const before = await Promise.all([
      count('support_sessions'),
      count('information_session_attendances'),
      count('onward_referrals'),
    ]);
    for (const url of [
      `/partner-cases/${caseId}/support`,
      `/partner-cases/${caseId}/support/sessions/new`,
      `/partner-cases/${caseId}/support/information-sessions/new`,
      `/partner-cases/${caseId}/support/referrals/new`,
      `/partner-cases/${caseId}/support/referrals/${referral.id}`,
      `/api/v1/partner-cases/${caseId}/support-work`,
    ]) {
      const response = await facilitator.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Harbourside');
    }
    const posts: Array<[string, Record<string, string | string[]>]> = [
      [
        `/partner-cases/${caseId}/support/sessions/new`,
        { ...parts('heldOn', today()), sessionType: 'phone', durationMinutes: '5', topics: 'safety' },
      ],
      [`/partner-cases/${caseId}/support/information-sessions/new`, parts('attendedOn', today())],
      [
        `/partner-cases/${caseId}/support/referrals/new`,
        { service: 'idva', organisationName: 'x', consent: 'yes', ...parts('referredOn', today()) },
      ],
      [`/partner-cases/${caseId}/support/referrals/${referral.id}`, { status: 'made' }],
      [`/partner-cases/${caseId}/support/sessions/new`, {}],
    ];
    for (const [url, form] of posts) {
      expect((await facilitator.submit(url, form)).statusCode, url).toBe(404);
    }
    for (const [url, json] of [
      [
        `/api/v1/partner-cases/${caseId}/support-sessions`,
        { heldOn: today(), sessionType: 'phone', durationMinutes: 5, topics: ['safety'] },
      ],
      [`/api/v1/partner-cases/${caseId}/information-sessions`, { attendedOn: today() }],
      [`/api/v1/partner-cases/${caseId}/onward-referrals`, {}],
    ] as const) {
      expect((await facilitator.request('POST', url, { json })).statusCode, url).toBe(404);
    }
    const patch = await facilitator.request('PATCH', `/api/v1/partner-cases/${caseId}/onward-referrals/${referral.id}`, {
      json: { status: 'made' },
    });
    expect(patch.statusCode).toBe(404);
    const after = await Promise.all([
      count('support_sessions'),
      count('information_session_attendances'),
      count('onward_referrals'),
    ]);
    expect(after).toEqual(before);
  });

  it.each(['support_sessions', 'information_session_attendances', 'onward_referrals'] as const)(
    'row-level security on %s: nothing for his side, an administrator, the DPO or a user in no team',
    async (table) => {
      const rowsAs = async (side: Side | 'noTeam') => {
        const user = side === 'noTeam' ? org.users.noTeam : org.users[side];
        return withActor(t.database.db, { userId: user.id, organisationId: org.id }, async (trx) => {
          const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(trx);
          return Number(rows[0]?.n);
        });
      };
      expect(await rowsAs('partner')).toBeGreaterThan(0);
      for (const side of ['perpetrator', 'admin', 'dpo', 'noTeam'] as const) {
        expect(await rowsAs(side), side).toBe(0);
      }
      const updated = await withActor(
        t.database.db,
        { userId: org.users.perpetrator.id, organisationId: org.id },
        async (trx) => {
          const result = await sql`UPDATE onward_referrals SET outcome = 'forged'`.execute(trx);
          return Number(result.numAffectedRows ?? 0);
        },
      );
      expect(updated).toBe(0);
    },
  );
});

describe('the API document', () => {
  it('lists the safety plan and support work endpoints', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const methods = (path: string) => Object.keys(document.paths[`/api/v1/partner-cases/{id}${path}`] ?? {}).sort();
    expect(methods('/safety-plan')).toEqual(['get', 'post']);
    expect(methods('/safety-plan/versions/{version}')).toEqual(['get']);
    expect(methods('/support-work')).toEqual(['get']);
    expect(methods('/support-sessions')).toEqual(['post']);
    expect(methods('/information-sessions')).toEqual(['post']);
    expect(methods('/onward-referrals')).toEqual(['post']);
    expect(methods('/onward-referrals/{referralId}')).toEqual(['patch']);
  });
});
