import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor, type Trx } from '../src/db/database.js';
import type { Side } from '../src/db/schema.js';
import { createTestApp, type TestApp } from './fixtures/app.js';
import { createCaseWithPartners } from './fixtures/cases.js';
import { addRiskRecords } from './fixtures/risk.js';
import type { TestClient } from './fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from './fixtures/organisation.js';

/*
 * The confidentiality wall, end to end: every route and API endpoint the app serves is walked as
 * each user who must not see partner-side data, over a case with a current and an ex-partner,
 * and no response body or header may contain anything of hers.
 */
let t: TestApp;
let orgA: TestOrganisation;
let orgB: TestOrganisation;
let caseA: Awaited<ReturnType<typeof createCaseWithPartners>>;
let caseB: Awaited<ReturnType<typeof createCaseWithPartners>>;
/** Her DASH, her MARAC referral, her side's escalation alert and the share in his assessment report. */
let riskA: Awaited<ReturnType<typeof addRiskRecords>>;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  orgA = await createTestOrganisation(t.database.db, 'Riverside');
  orgB = await createTestOrganisation(t.database.db, 'Hillcrest');
  caseA = await createCaseWithPartners(t.database.db, orgA, 'A');
  caseB = await createCaseWithPartners(t.database.db, orgB, 'B');
  riskA = await addRiskRecords(t.database.db, orgA, caseA, 'A');
});
afterAll(async () => t?.close());

/**
 * Every concrete URL for a route pattern, with each id that could reach a partner-side record; a
 * nested record's route (a child under his record or her case) also gets each id first and each
 * nested id after it.
 */
function urlsFor(pattern: string, ids: string[], nestedIds: string[] = []): string[] {
  const params = pattern.match(/:[A-Za-z]+/g) ?? [];
  if (params.length === 0) {
    return [pattern];
  }
  const same = ids.map((id) => pattern.replace(/:[A-Za-z]+/g, id));
  if (params.length === 1) {
    return same;
  }
  const nested = ids.flatMap((id) => nestedIds.map((inner) => pattern.replace(/:[A-Za-z]+/, id).replace(/:[A-Za-z]+/g, inner)));
  return [...same, ...nested];
}

function leaks(response: LightMyRequestResponse, secrets: string[]): string[] {
  const haystack = `${JSON.stringify(response.headers)}\n${response.body}`;
  return secrets.filter((secret) => haystack.includes(secret));
}

async function signedIn(user: { email: string; password: string }): Promise<TestClient> {
  const client = t.client();
  await client.signIn(user.email, user.password);
  return client;
}

async function walkEveryRoute(
  client: TestClient,
  ids: string[],
  secrets: string[],
  nestedIds: string[] = [],
): Promise<{ checked: number; found: string[] }> {
  const found: string[] = [];
  let checked = 0;
  const token = await client.csrfToken('/account');
  for (const route of t.app.routeCatalogue) {
    if (route.url.startsWith('/assets') || route.url === '/sign-out') {
      continue;
    }
    for (const url of urlsFor(route.url, ids, nestedIds)) {
      const responses: LightMyRequestResponse[] = [];
      if (route.method === 'GET') {
        responses.push(await client.get(url));
      } else if (url.startsWith('/api/')) {
        responses.push(await client.request(route.method as 'POST', url, { json: {} }));
        responses.push(
          await client.request(route.method as 'POST', url, {
            json: {
              givenName: 'Test',
              familyName: 'Probe',
              relationship: 'current',
              body: 'probe',
              direction: 'outside',
              recipient: 'x',
              information: 'x',
              basis: 'consent',
              reason: 'x',
              linked: true,
              school: 'probe school',
              notes: 'probe',
              ageYears: 4,
            },
          }),
        );
      } else {
        responses.push(await client.request(route.method as 'POST', url, { form: { _csrf: token } }));
        responses.push(
          await client.request(route.method as 'POST', url, {
            form: {
              _csrf: token,
              givenName: 'Test',
              familyName: 'Probe',
              relationship: 'current',
              body: 'probe',
              linked: 'yes',
              school: 'probe school',
              ageYears: '4',
            },
          }),
        );
      }
      for (const response of responses) {
        checked += 1;
        expect(response.statusCode, `${route.method} ${url}`).toBeLessThan(500);
        found.push(...leaks(response, secrets).map((secret) => `${route.method} ${url} -> ${secret}`));
      }
    }
  }
  return { checked, found };
}

describe('the confidentiality wall over HTTP', () => {
  it('the facilitator can open his case page but is told nothing of a partner case, and her case answers 404 as if it did not exist', async () => {
    const client = await signedIn(orgA.users.perpetrator);
    const his = await client.get(`/participants/${caseA.participantId}`);
    expect(his.statusCode).toBe(200);
    expect(his.body).toContain(caseA.hisName);
    expect(his.body).toContain('he described the argument as a one-off');
    expect(his.body).not.toContain('Partner support');
    const hers = await client.get(`/partner-cases/${caseA.currentCaseId}`);
    const nobody = await client.get(`/partner-cases/${randomUUID()}`);
    expect(hers.statusCode).toBe(404);
    expect(nobody.statusCode).toBe(404);
    const withoutToken = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '');
    expect(withoutToken(hers.body)).toEqual(withoutToken(nobody.body));
    const api = await client.get(`/api/v1/partner-cases/${caseA.currentCaseId}`);
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'not_found', message: 'Page not found', fields: {} } });
  });

  it('the partner worker sees his name and status but not his case notes', async () => {
    const client = await signedIn(orgA.users.partner);
    const page = await client.get(`/participants/${caseA.participantId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(caseA.hisName);
    expect(page.body).toContain('On the programme');
    expect(page.body).not.toContain('he described the argument as a one-off');
    const api = await client.get(`/api/v1/participants/${caseA.participantId}`);
    expect(api.json()).toMatchObject({ kind: 'summary' });
    expect(api.body).not.toContain('one-off');
    expect((await client.get(`/api/v1/participants/${caseA.participantId}/notes`)).statusCode).toBe(403);
    const hers = await client.get(`/partner-cases/${caseA.currentCaseId}`);
    expect(hers.statusCode).toBe(200);
    expect(hers.body).toContain('periwinkleA');
  });

  it('management sees both sides', async () => {
    const client = await signedIn(orgA.users.management);
    const his = await client.get(`/participants/${caseA.participantId}`);
    expect(his.body).toContain('he described the argument as a one-off');
    expect(his.body).toContain('RosalindA');
    expect(his.body).toContain('MarisolA');
    expect((await client.get(`/partner-cases/${caseA.exCaseId}`)).body).toContain('tamarindA');
  });

  it('one organisation never sees another: the other organisation’s records are not found', async () => {
    const client = await signedIn(orgA.users.management);
    for (const url of [
      `/participants/${caseB.participantId}`,
      `/partner-cases/${caseB.currentCaseId}`,
      `/api/v1/participants/${caseB.participantId}`,
    ]) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(leaks(response, [...caseB.secrets, caseB.hisName])).toEqual([]);
    }
    const list = await client.get('/api/v1/participants');
    expect(list.body).toContain('WhitlockA');
    expect(list.body).not.toContain('WhitlockB');
  });
});

describe('row-level security: the database refuses even when the application forgets', () => {
  const partnerTables = [
    'partners',
    'partner_cases',
    'partner_case_notes',
    'shares',
    'child_partner_details',
    'dash_assessments',
    'dash_answers',
    'marac_referrals',
    'marac_actions',
    'marac_meetings',
    'assessment_report_partner_shares',
    'risk_alerts',
    'risk_alert_case_acknowledgements',
  ] as const;

  async function countAs(side: Side | 'noTeam', org: TestOrganisation, table: string): Promise<number> {
    const user = side === 'noTeam' ? org.users.noTeam : org.users[side];
    return withActor(t.database.db, { userId: user.id, organisationId: org.id }, async (trx) => {
      // Shares of his information alone are his side's; the wall is about shares from her case.
      // Likewise escalation alerts: his side's alerts are his side's; her side's must stay hers.
      const where =
        table === 'shares'
          ? sql`WHERE partner_case_id IS NOT NULL`
          : table === 'risk_alerts'
            ? sql`WHERE side = 'partner'`
            : sql``;
      const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)} ${where}`.execute(trx);
      return Number(rows[0]?.n);
    });
  }

  it.each(partnerTables)('a perpetrator-side user reading %s directly gets no rows', async (table) => {
    expect(await countAs('perpetrator', orgA, table)).toBe(0);
    expect(await countAs('admin', orgA, table)).toBe(0);
    expect(await countAs('dpo', orgA, table)).toBe(0);
    expect(await countAs('noTeam', orgA, table)).toBe(0);
    expect(await countAs('partner', orgA, table)).toBeGreaterThan(0);
  });

  it('a perpetrator-side user cannot read his partner notes or write partner-side rows directly', async () => {
    const perpetrator = orgA.users.perpetrator;
    const attempt = withActor(t.database.db, { userId: perpetrator.id, organisationId: orgA.id }, (trx) =>
      trx
        .insertInto('partner_case_notes')
        .values({
          organisation_id: orgA.id,
          partner_case_id: caseA.currentCaseId,
          author_id: perpetrator.id,
          body: 'written past the wall',
        })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const updated = await withActor(t.database.db, { userId: perpetrator.id, organisationId: orgA.id }, (trx) =>
      trx
        .updateTable('partners')
        .set({ code_word: 'changed' })
        .where('participant_id', '=', caseA.participantId)
        .executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
  });

  it('a perpetrator-side user cannot write a child’s partner-side details directly, nor link a child to her', async () => {
    const perpetrator = orgA.users.perpetrator;
    const asFacilitator = <T>(work: (trx: Trx) => Promise<T>) =>
      withActor(t.database.db, { userId: perpetrator.id, organisationId: orgA.id }, work);
    const updated = await asFacilitator((trx) =>
      trx.updateTable('child_partner_details').set({ school: 'written past the wall' }).executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const other = await t.database.db
      .insertInto('children')
      .values({ organisation_id: orgA.id, participant_id: caseA.participantId, age_years: 3 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inserted = asFacilitator((trx) =>
      trx
        .insertInto('child_partner_details')
        .values({ child_id: other.id, organisation_id: orgA.id, school: 'written past the wall' })
        .execute(),
    );
    await expect(inserted).rejects.toThrow(/row-level security/);
    const school = await t.database.db
      .selectFrom('child_partner_details')
      .select('school')
      .where('child_id', '=', caseA.childId)
      .executeTakeFirstOrThrow();
    expect(school.school).toBe('Sandpiper Green Primary A');
  });

  it('his children are on both sides’ files, but not for the administrator, the DPO or a user in no team', async () => {
    for (const side of ['perpetrator', 'partner', 'management'] as const) {
      expect(await countAs(side, orgA, 'children'), side).toBeGreaterThan(0);
    }
    for (const side of ['admin', 'dpo', 'noTeam'] as const) {
      expect(await countAs(side, orgA, 'children'), side).toBe(0);
    }
  });

  it('his case notes are hidden from the partner side in the database too', async () => {
    expect(await countAs('partner', orgA, 'perpetrator_case_notes')).toBe(0);
    expect(await countAs('perpetrator', orgA, 'perpetrator_case_notes')).toBeGreaterThan(0);
  });

  it('a user of one organisation sees no rows of another, whatever organisation the request claims', async () => {
    const manager = orgA.users.management;
    const claimed = await withActor(t.database.db, { userId: manager.id, organisationId: orgB.id }, async (trx) =>
      trx.selectFrom('participants').select('id').execute(),
    );
    expect(claimed).toEqual([]);
    const own = await withActor(t.database.db, { userId: manager.id, organisationId: orgA.id }, async (trx) =>
      trx.selectFrom('participants').select('organisation_id').execute(),
    );
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((row) => row.organisation_id === orgA.id)).toBe(true);
  });

  it('without a request context the application role sees no case rows at all', async () => {
    const rows = await withActor(t.database.db, null, (trx) => trx.selectFrom('partner_cases').select('id').execute());
    expect(rows).toEqual([]);
  });
});

describe('audit of partner-side reads', () => {
  it('every read of a partner case page or API record adds an audit entry', async () => {
    const client = await signedIn(orgA.users.partner);
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('action', '=', 'partner_case.viewed')
            .where('record_id', '=', caseA.currentCaseId)
            .where('actor_user_id', '=', orgA.users.partner.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await client.get(`/partner-cases/${caseA.currentCaseId}`);
    expect(await count()).toBe(before + 1);
    await client.get(`/api/v1/partner-cases/${caseA.currentCaseId}`);
    expect(await count()).toBe(before + 2);
  });
});

describe('audit of partner-side reads of his children', () => {
  it('her case page and the API list of children each add an audit entry, with the children’s ids only', async () => {
    const client = await signedIn(orgA.users.partner);
    const entries = async () =>
      t.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'partner_case.children_viewed')
        .where('record_id', '=', caseA.currentCaseId)
        .where('actor_user_id', '=', orgA.users.partner.id)
        .execute();
    const before = (await entries()).length;
    const page = await client.get(`/partner-cases/${caseA.currentCaseId}`);
    expect(page.body).toContain('Sandpiper Green Primary A');
    const api = await client.get(`/api/v1/partner-cases/${caseA.currentCaseId}/children`);
    expect(api.statusCode).toBe(200);
    const after = await entries();
    expect(after).toHaveLength(before + 2);
    expect(Object.keys(after.at(-1)?.details ?? {})).toEqual(['childIds']);
    expect(after.at(-1)?.details.childIds).toContain(caseA.childId);
    expect(JSON.stringify(after)).not.toMatch(/Sandpiper|grandmother/);
  });
});

// Last: the walk really posts to every route, and a facilitator may legitimately edit his record.
// Each walk sends a few thousand requests: more than the default 30 seconds on a busy machine.
describe('every route and API endpoint, walked by everyone who must not see her', { timeout: 180_000 }, () => {
  // The data-protection officer audits who read which record, so sees partner case ids in the
  // audit log, but never her personal data; everyone else may not even learn that her case exists.
  const outsiders: Array<[string, () => { email: string; password: string }, 'personal' | 'secrets']> = [
    ['a perpetrator-side facilitator', () => orgA.users.perpetrator, 'secrets'],
    ['an administrator', () => orgA.users.admin, 'secrets'],
    ['a data-protection officer', () => orgA.users.dpo, 'personal'],
    ['a user in no team', () => orgA.users.noTeam, 'secrets'],
    ['a manager of another organisation', () => orgB.users.management, 'secrets'],
    ['a partner worker of another organisation', () => orgB.users.partner, 'secrets'],
  ];

  it.each(outsiders)('%s finds nothing of her on any route or API endpoint', async (_who, user, mustNotSee) => {
    const client = await signedIn(user());
    const ids = [
      caseA.participantId,
      caseA.currentCaseId,
      caseA.exCaseId,
      caseA.childId,
      riskA.reportId,
      riskA.meetingId,
      riskA.dashId,
      riskA.referralId,
      randomUUID(),
      'not-a-uuid',
    ];
    const herRisk = mustNotSee === 'personal' ? riskA.secrets : [...riskA.secrets, riskA.dashId, riskA.referralId];
    const { checked, found } = await walkEveryRoute(
      client,
      ids,
      [...caseA[mustNotSee], ...herRisk],
      [caseA.childId, riskA.dashId, riskA.referralId],
    );
    expect(checked).toBeGreaterThan(100);
    expect(found.slice(0, 10)).toEqual([]);
    // Nothing was written behind the wall by all those posts.
    const notes = await t.database.db
      .selectFrom('partner_case_notes')
      .select('id')
      .where('partner_case_id', '=', caseA.currentCaseId)
      .execute();
    expect(notes).toHaveLength(1);
    const childDetails = await t.database.db
      .selectFrom('child_partner_details')
      .select(['partner_id', 'school', 'notes'])
      .where('child_id', '=', caseA.childId)
      .executeTakeFirstOrThrow();
    expect(childDetails.school).toBe('Sandpiper Green Primary A');
    expect(childDetails.notes).toMatch(/^Child note A:/);
  });
});
