import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/fixtures/app.js';
import { expectErrorShape, expectFieldError, expectHandled, oddBodies } from '../../../test/fixtures/assertions.js';
import type { TestClient } from '../../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../../test/fixtures/organisation.js';
import { createTestProgramme, type TestProgramme } from '../../../test/fixtures/programme.js';
import { createTestParticipant, type TestParticipant } from '../../../test/fixtures/programme-members.js';
import { statementsDuring } from '../../../test/fixtures/statements.js';

let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let partnerWorker: TestClient;
let otherOrgManager: TestClient;
let felix: TestParticipant;
let gideon: TestParticipant;
let felixGroup: TestProgramme;
let gideonGroup: TestProgramme;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Dunmore');
  const other = await createTestOrganisation(t.database.db, 'Eastleigh');
  facilitator = await t.signedIn(org.users.perpetrator);
  partnerWorker = await t.signedIn(org.users.partner);
  otherOrgManager = await t.signedIn(other.users.management);
  felix = await createTestParticipant(t.database.db, org, { givenName: 'Felix', familyName: 'Garrow' });
  gideon = await createTestParticipant(t.database.db, org, { givenName: 'Gideon', familyName: 'Hale' });
  felixGroup = await createTestProgramme(t.database.db, org, { participantIds: [felix.participantId], sessionCount: 1 });
  gideonGroup = await createTestProgramme(t.database.db, org, { participantIds: [gideon.participantId], sessionCount: 1 });
});
afterAll(async () => t?.close());

const countDisclosures = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('disclosures')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const valid = () => ({
  type: 'coercive_control',
  severity: 'medium',
  disclosedOn: '2026-01-05',
  detail: 'Described tracking her phone location every evening.',
  sessionId: felixGroup.sessions[0]?.id,
});

describe('recording a disclosure', () => {
  it('records one from his case page through the API, with the basic event and an audit entry', async () => {
    const response = await facilitator.request('POST', `/api/v1/participants/${felix.participantId}/disclosures`, {
      json: valid(),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      type: 'coercive_control',
      typeLabel: 'Coercive control',
      severity: 'medium',
      disclosedOn: '2026-01-05',
      detail: 'Described tracking her phone location every evening.',
      session: { id: felixGroup.sessions[0]?.id, title: 'Session 1' },
    });
    const id = response.json<{ id: string }>().id;
    const event = await t.database.db
      .selectFrom('participant_events')
      .select(['type', 'basic_summary', 'disclosure_id'])
      .where('disclosure_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      type: 'disclosure',
      basic_summary: 'Disclosed coercive control on 5 January 2026',
      disclosure_id: id,
    });
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('disclosure.recorded');
    expect(JSON.stringify(audit.details)).not.toContain('tracking');
    const list = await facilitator.get(`/api/v1/participants/${felix.participantId}/disclosures`);
    expect(list.json()).toHaveLength(1);
  });

  it('shows each missing answer beside its field and records nothing', async () => {
    const before = await countDisclosures();
    const response = await facilitator.submit(`/participants/${felix.participantId}/disclosures`, {
      type: '',
      severity: '',
      'disclosedOn-day': '31',
      'disclosedOn-month': '2',
      'disclosedOn-year': '2026',
      detail: ' ',
    });
    expect(response.statusCode).toBe(400);
    expectFieldError(response.body, 'type', 'Select what kind of violence or abuse was disclosed');
    expectFieldError(response.body, 'severity', 'Select the severity');
    expectFieldError(response.body, 'disclosedOn', 'The date of the disclosure must be a real date');
    expectFieldError(response.body, 'detail', 'Enter what was disclosed');
    const future = await facilitator.request('POST', `/api/v1/participants/${felix.participantId}/disclosures`, {
      json: { ...valid(), disclosedOn: '2099-01-01' },
    });
    expect(future.statusCode).toBe(400);
    expect(expectErrorShape(future).error.fields.disclosedOn).toBe('The date of the disclosure must be today or in the past');
    // A session he was not part of.
    const notHis = await facilitator.request('POST', `/api/v1/participants/${felix.participantId}/disclosures`, {
      json: { ...valid(), sessionId: gideonGroup.sessions[0]?.id },
    });
    expect(notHis.statusCode).toBe(400);
    expect(expectErrorShape(notHis).error.fields.sessionId).toBe('Select a session this participant was part of');
    expect(await countDisclosures()).toBe(before);
  });

  it('is his side’s: 403 for the partner worker, 404 for an unknown man or another organisation', async () => {
    const before = await countDisclosures();
    const url = `/api/v1/participants/${felix.participantId}/disclosures`;
    expect((await partnerWorker.request('POST', url, { json: valid() })).statusCode).toBe(403);
    expect((await partnerWorker.get(url)).statusCode).toBe(403);
    expect((await partnerWorker.get(`/participants/${felix.participantId}/disclosures/new`)).statusCode).toBe(403);
    expect(
      (await facilitator.request('POST', `/api/v1/participants/${randomUUID()}/disclosures`, { json: valid() })).statusCode,
    ).toBe(404);
    expect((await otherOrgManager.request('POST', url, { json: valid() })).statusCode).toBe(404);
    expect((await otherOrgManager.get(`/participants/${felix.participantId}/disclosures/new`)).statusCode).toBe(404);
    expect(await countDisclosures()).toBe(before);
  });

  it('never makes a 500 for hostile input', async () => {
    await fc.assert(
      fc.asyncProperty(oddBodies(valid()), async (body) => {
        const response = await facilitator.request('POST', `/api/v1/participants/${gideon.participantId}/disclosures`, {
          json: body,
        });
        expectHandled(response, String(JSON.stringify(body)).slice(0, 200));
      }),
      { numRuns: 40 },
    );
    const page = await facilitator.get(`/participants/${felix.participantId}/disclosures/new?session=%00'`);
    expect(page.statusCode).toBe(200);
  });
});

describe('his case page’s programme section', () => {
  it('reads his open reviews, his enrolments and his disclosures in one statement, and shows them', async () => {
    const recorded = await facilitator.request('POST', `/api/v1/participants/${gideon.participantId}/disclosures`, {
      json: { ...valid(), sessionId: gideonGroup.sessions[0]?.id, detail: 'Described reading her messages each night.' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    let body = '';
    const statements = await statementsDuring(async () => {
      const page = await facilitator.get(`/participants/${gideon.participantId}/tab/programme`);
      expect(page.statusCode).toBe(200);
      body = page.body;
    });
    const programme = statements.filter((text) => text.includes('"disclosures"'));
    expect(programme).toHaveLength(1);
    expect(programme[0]).toContain('"programme_enrolments"');
    expect(programme[0]).toContain('"enrolment_reviews"');
    expect(statements.filter((text) => text.includes('"enrolment_reviews"'))).toHaveLength(1);
    expect(body).toContain('Described reading her messages each night.');
    expect(body).toContain(gideonGroup.programmeName);
    // The partner side is shown his attendance and status only: no disclosure reaches it.
    const partnerPage = await partnerWorker.get(`/participants/${gideon.participantId}/tab/programme`);
    expect(partnerPage.body).not.toContain('Described reading her messages each night.');
  });
});
