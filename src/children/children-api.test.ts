import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/app.js';
import { expectErrorShape, expectHandled, oddBodies } from '../../test/fixtures/assertions.js';
import type { TestClient } from '../../test/fixtures/http.js';
import { createTestOrganisation, type TestOrganisation } from '../../test/fixtures/organisation.js';
import type { ChildView } from './presenters.js';

/* His children through the JSON API: added and changed by his side and management, listed for every case-holding side. */
let t: TestApp;
let org: TestOrganisation;
let facilitator: TestClient;
let participantId: string;

beforeAll(async () => {
  t = await createTestApp({ loginRateLimitPerMinute: 10_000 });
  org = await createTestOrganisation(t.database.db, 'Thornbury');
  facilitator = t.client();
  await facilitator.signIn(org.users.perpetrator.email, org.users.perpetrator.password);
  const created = await facilitator.request('POST', '/api/v1/participants', {
    json: { givenName: 'Barnabas', familyName: 'Heathcote' },
  });
  participantId = created.json<{ participant: { id: string } }>().participant.id;
});
afterAll(async () => t?.close());

async function childCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('children')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const yearsAgo = (years: number) => String(new Date().getUTCFullYear() - years);

describe('his children through the API', () => {
  let childId: string;

  it('POST adds a child and answers 201 with the child; GET lists them', async () => {
    const response = await facilitator.request('POST', `/api/v1/participants/${participantId}/children`, {
      json: { givenName: 'Alaric', dateOfBirth: `${yearsAgo(10)}-01-15`, relationshipToParticipant: 'step_parent' },
    });
    expect(response.statusCode).toBe(201);
    const child = response.json<ChildView>();
    childId = child.id;
    expect(child).toMatchObject({
      participantId,
      givenName: 'Alaric',
      dateOfBirth: `${yearsAgo(10)}-01-15`,
      ageYears: null,
      relationshipToParticipant: 'step_parent',
      relationshipLabel: 'Step-parent',
      livesWith: 'not_known',
      protectionStatus: 'not_known',
    });
    expect(child.currentAge).toBeGreaterThanOrEqual(9);
    const list = await facilitator.get(`/api/v1/participants/${participantId}/children`);
    expect(list.json<ChildView[]>().map((c) => c.id)).toContain(childId);
    // Nothing partner-side is in the shared view of a child.
    expect(list.body).not.toMatch(/school|notes|linked|partner/i);
  });

  it('a PATCH changes only what it sends; an age replaces the date of birth', async () => {
    const patched = await facilitator.request('PATCH', `/api/v1/participants/${participantId}/children/${childId}`, {
      json: { protectionStatus: 'looked_after' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      givenName: 'Alaric',
      dateOfBirth: `${yearsAgo(10)}-01-15`,
      protectionStatus: 'looked_after',
    });
    const byAge = await facilitator.request('PATCH', `/api/v1/participants/${participantId}/children/${childId}`, {
      json: { ageYears: 12 },
    });
    expect(byAge.json()).toMatchObject({ dateOfBirth: null, ageYears: 12, currentAge: 12, ageLabel: 'About 12 years' });
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'child.updated')
      .where('record_id', '=', participantId)
      .execute();
    expect(audit.at(-1)?.details).toEqual({ childId, fields: ['ageYears'] });
  });

  it.each([
    [{ ageYears: null }, { dateOfBirth: 'Enter the child’s date of birth or, if you do not know it, their age' }],
    [{ dateOfBirth: '2020-01-01', ageYears: 4 }, { ageYears: 'Enter the date of birth or the age, not both' }],
    [{ ageYears: -1 }, { ageYears: 'Enter the age in whole years, like 7' }],
    [{ ageYears: 26 }, { ageYears: 'The age must be 25 or under' }],
    [{ dateOfBirth: '2020-02-30' }, { dateOfBirth: 'Date of birth must be a real date' }],
    [
      { livesWith: 'the moon', givenName: 7 },
      { livesWith: 'Select who the child lives with', givenName: 'Enter the child’s first name as text' },
    ],
  ])('a PATCH of %j answers 400 with the field, and changes nothing', async (json, fields) => {
    const before = await t.database.db.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    const response = await facilitator.request('PATCH', `/api/v1/participants/${participantId}/children/${childId}`, { json });
    expect(response.statusCode).toBe(400);
    expect(expectErrorShape(response).error.fields).toEqual(fields);
    const after = await t.database.db.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('a POST without a date of birth or an age answers 400 and writes nothing', async () => {
    const before = await childCount();
    const response = await facilitator.request('POST', `/api/v1/participants/${participantId}/children`, {
      json: { givenName: 'Ianto' },
    });
    expect(response.statusCode).toBe(400);
    expect(expectErrorShape(response).error.fields).toEqual({
      dateOfBirth: 'Enter the child’s date of birth or, if you do not know it, their age',
    });
    expect(await childCount()).toBe(before);
  });

  it('no body makes POST or PATCH fail with a 500', async () => {
    const bodies = oddBodies({ givenName: 'Ianto', dateOfBirth: '2019-05-05', ageYears: 5, livesWith: 'participant' });
    await fc.assert(
      fc.asyncProperty(bodies, async (json) => {
        const posted = await facilitator.request('POST', `/api/v1/participants/${participantId}/children`, { json });
        expectHandled(posted, `POST ${JSON.stringify(json)}`);
        const patched = await facilitator.request('PATCH', `/api/v1/participants/${participantId}/children/${childId}`, { json });
        expectHandled(patched, `PATCH ${JSON.stringify(json)}`);
      }),
      { numRuns: 40 },
    );
  });

  it('the OpenAPI document describes the children endpoints', async () => {
    const document = (await t.client().get('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/v1/participants/{id}/children'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/participants/{id}/children/{childId}'] ?? {})).toEqual(['patch']);
    expect(Object.keys(document.paths['/api/v1/partner-cases/{id}/children'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/api/v1/partner-cases/{id}/children/{childId}'] ?? {})).toEqual(['put']);
  });
});
